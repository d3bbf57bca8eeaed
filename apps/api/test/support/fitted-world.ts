// A demo world's history imported into a database and fitted once: what the tests and the load benchmark need
// before anything can be simulated. The fit is the quick one (fewer training rows, no inner backtest), as in
// the simulator's own main-job tests.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { defaultCreativeReader, fit, SimulateRequest } from "@preflight/simulator"
import { type Database, importFile } from "@preflight/storage"
import { generateWorld, type World, writeWorld } from "@preflight/worlds"
import { Effect } from "effect"

export const QUICK_FIT = { maxTrainingRows: 40_000, backtestShare: 0 } as const

/** Generates the demo world, imports its five tables and fits the models; returns the world (its requests). */
export const importAndFitDemoWorld = (options: { readonly seed: number }): Effect.Effect<World, unknown, Database> =>
  Effect.gen(function* () {
    const world = yield* generateWorld({ industry: "retail", seed: options.seed, size: "demo" })
    const directory = mkdtempSync(join(tmpdir(), "preflight-api-world-"))
    yield* Effect.gen(function* () {
      const written = yield* writeWorld(world, directory)
      for (const file of written.tables) yield* importFile({ table: file.table, file: file.path })
      yield* fit({ reader: defaultCreativeReader, ...QUICK_FIT })
    }).pipe(Effect.ensuring(Effect.sync(() => rmSync(directory, { recursive: true, force: true }))))
    return world
  })

/** A small request over the world's segments and channels (the held-out requests' shape, fewer personas). */
export const requestFor = (
  world: World,
  overrides: { readonly seed?: number; readonly personas?: number } = {}
): SimulateRequest => {
  const entry = world.requests[0]
  if (entry === undefined) throw new Error("the demo world has no held-out request")
  // Parsed, so the request is the plain (mutable, defaults filled) shape the client takes.
  const request = SimulateRequest.parse(entry.request)
  return {
    ...request,
    simulation_params: {
      ...request.simulation_params,
      num_personas: overrides.personas ?? 100,
      seed: overrides.seed ?? 1
    }
  }
}
