// A small demo world imported and fitted once per test file: the history simulate jobs need. The fit uses
// fewer training rows and no inner backtest (as the simulator's main-job test does), seconds instead of a minute.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { defaultCreativeReader, fit } from "@preflight/simulator"
import { Database, importFile, migrate } from "@preflight/storage"
import { generateWorld, type World, writeWorld } from "@preflight/worlds"
import { Effect, Redacted } from "effect"

export const FAST_FIT = { maxTrainingRows: 40_000, backtestShare: 0 } as const

/** Generates the world (seeded), writes its files to a temp folder and returns both. */
export const writeDemoWorld = async (seed: number) => {
  const world = await Effect.runPromise(generateWorld({ industry: "retail", seed, size: "demo" }))
  const directory = mkdtempSync(join(tmpdir(), "worker-world-"))
  const written = await Effect.runPromise(writeWorld(world, directory))
  return { world, directory, tables: written.tables, remove: () => rmSync(directory, { recursive: true, force: true }) }
}

/** Migrates `url`'s database and imports the world's history into it. */
export const importWorld = (url: string, tables: ReadonlyArray<{ readonly table: string; readonly path: string }>) =>
  Effect.gen(function* () {
    yield* migrate()
    for (const file of tables) yield* importFile({ table: file.table as never, file: file.path })
  }).pipe(Effect.provide(Database.layerPostgres({ url: Redacted.make(url), maxConnections: 4 })), Effect.runPromise)

/** Imports and fits in this process (for files that test simulate jobs, not the fit job). */
export const importAndFit = async (url: string, seed: number): Promise<World> => {
  const demo = await writeDemoWorld(seed)
  try {
    await importWorld(url, demo.tables)
    await Effect.runPromise(
      fit({ reader: defaultCreativeReader, ...FAST_FIT }).pipe(
        Effect.provide(Database.layerPostgres({ url: Redacted.make(url), maxConnections: 4 }))
      )
    )
  } finally {
    demo.remove()
  }
  return demo.world
}

/** The world's held-out requests; simulate jobs cycle through them with distinct seeds. */
export const heldOutRequests = (world: World) => world.requests.map((entry) => entry.request as unknown)
