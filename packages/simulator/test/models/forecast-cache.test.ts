// The per-fit forecast cache on a fitted demo world: a cached arm is the arm scoring gives (the same doubles), a
// message the models read differently is scored rather than served, the same request twice gives the same
// response, and a new fit starts from an empty cache (its forecasts are its own models' answers).
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { OfflinePersonaModel } from "@preflight/personas"
import { Database, importFile, migrate } from "@preflight/storage"
import { generateWorld, type World, writeWorld } from "@preflight/worlds"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SimulateRequest } from "../../src/contract/simulate-request.ts"
import { defaultCreativeReader } from "../../src/features/default-reader.ts"
import { BoundedCache } from "../../src/models/bounded-cache.ts"
import { type ChannelForecast, forecastCampaign } from "../../src/models/campaign-forecast.ts"
import { loadLatestFit, type StoredFit } from "../../src/persistence/fit-store.ts"
import { personaPanel } from "../../src/simulation/persona-panel.ts"
import { planSimulation, type SimulationPlan } from "../../src/simulation/plan-simulation.ts"
import { fit } from "../../src/use-cases/fit.ts"
import { simulate } from "../../src/use-cases/simulate.ts"

const runtime = ManagedRuntime.make(Layer.mergeAll(Database.layerPglite(), OfflinePersonaModel.layer({ seed: 3 })))
const run = <A, E>(effect: Effect.Effect<A, E, ManagedRuntime.ManagedRuntime.Services<typeof runtime>>) =>
  runtime.runPromise(effect)
// Fewer rows and no inner backtest keep each fit to seconds.
const fastFit = { reader: defaultCreativeReader, maxTrainingRows: 40_000, backtestShare: 0 }
let world: World

beforeAll(async () => {
  world = await Effect.runPromise(generateWorld({ industry: "retail", seed: 808, size: "demo" }))
  const directory = mkdtempSync(join(tmpdir(), "simulator-forecast-cache-"))
  await run(
    Effect.gen(function* () {
      const written = yield* writeWorld(world, directory)
      yield* migrate()
      for (const file of written.tables) yield* importFile({ table: file.table, file: file.path })
      yield* fit(fastFit)
    })
  )
  rmSync(directory, { recursive: true, force: true })
}, 600_000)

afterAll(() => runtime.dispose())

const baseRequest = (): SimulateRequest => {
  const entry = world.requests[0]
  if (entry === undefined) throw new Error("the demo world has no held-out request")
  return SimulateRequest.parse(entry.request)
}

const withTemplates = (request: SimulateRequest, templates: ReadonlyArray<string>): SimulateRequest => ({
  ...request,
  intervention: {
    ...request.intervention,
    content_variants: templates.map((template, index) => ({ id: `v${index}`, template, personalization_fields: [] }))
  }
})

const planOf = (request: SimulateRequest, stored: StoredFit): SimulationPlan => {
  const plan = planSimulation(request, stored, defaultCreativeReader)
  if (!("cells" in plan)) throw new Error(`the request does not plan: ${plan.message}`)
  return plan
}

/** The plan's forecasts computed again from its inputs with no cache at all. */
const uncached = (plan: SimulationPlan): ReadonlyArray<ChannelForecast> => {
  const filters = plan.request.target_population.filters
  return forecastCampaign(plan.inputs, {
    segments: plan.segments,
    channels: plan.channels,
    variants: plan.request.intervention.content_variants.map((variant) => ({ id: variant.id, text: variant.template })),
    sendAtMs: plan.sendAtMs,
    filters: { minTenureDays: filters.min_tenure_days, maxFrequencyLast30d: filters.max_frequency_last_30d }
  })
}

describe("the forecast cache", () => {
  it("serves an arm scored before for the same model inputs, with the doubles scoring gives", async () => {
    const stored = await run(loadLatestFit())
    const request = baseRequest()
    const first = planOf(request, stored)
    // Another seed and other variant ids and texts that read the same: the models see the same inputs.
    const again = planOf(
      {
        ...request,
        intervention: {
          ...request.intervention,
          content_variants: request.intervention.content_variants.map((variant, index) => ({
            ...variant,
            id: `other-${index}`
          }))
        },
        simulation_params: { ...request.simulation_params, seed: 4242 }
      },
      stored
    )
    const [cold] = first.forecasts
    const [warm] = again.forecasts
    if (cold === undefined || warm === undefined) throw new Error("no forecast")
    expect(warm.control).toBe(cold.control)
    expect(warm.variants[0]).toBe(cold.variants[0])
    expect(again.forecasts).toEqual(uncached(again))
    expect(first.forecasts).toEqual(uncached(first))
  })

  it("scores a message the models read differently instead of serving another's arm", async () => {
    const stored = await run(loadLatestFit())
    const request = baseRequest()
    const texts = ["Ends tonight: 40% off all running shoes. Shop now!", "Thanks for being with us: free shipping."]
    const plan = planOf(withTemplates(request, texts), stored)
    const [forecast] = plan.forecasts
    if (forecast === undefined) throw new Error("no forecast")
    const [a, b] = forecast.variants
    expect(a).not.toBe(b)
    expect(a?.predictions.conversion).not.toEqual(b?.predictions.conversion)
    expect(plan.forecasts).toEqual(uncached(plan))
    // Served from the cache the second time, still equal to scoring.
    const twice = planOf(withTemplates(request, texts), stored)
    expect(twice.forecasts[0]?.variants[0]).toBe(a)
    expect(twice.forecasts).toEqual(uncached(twice))
  })

  it("gives deep-equal responses for the same request and seed, cold and warm", async () => {
    const request = withTemplates(baseRequest(), ["Members only: 25% off jackets this weekend.", "New in: dresses."])
    const options = { reader: defaultCreativeReader, panel: personaPanel(), persist: false }
    const cold = await run(simulate(request, options))
    const warm = await run(simulate(request, options))
    expect(warm).toEqual(cold)
    expect(JSON.stringify(warm)).toBe(JSON.stringify(cold))
  })

  it("starts a new fit from an empty cache: its forecasts are its own models' answers", async () => {
    const before = await run(loadLatestFit())
    const request = baseRequest()
    const old = planOf(request, before)
    await run(fit({ ...fastFit, seed: 7 }))
    const after = await run(loadLatestFit())
    expect(after.fitId).not.toBe(before.fitId)
    const plan = planOf(request, after)
    expect(plan.forecasts[0]?.control).not.toBe(old.forecasts[0]?.control)
    expect(plan.forecasts).toEqual(uncached(plan))
    expect(plan.forecasts[0]?.control.predictions.conversion).not.toEqual(
      old.forecasts[0]?.control.predictions.conversion
    )
    const response = await run(simulate(request, { reader: defaultCreativeReader, persist: false }))
    expect(response.model_versions.fit_id).toBe(after.fitId)
  })
})

describe("BoundedCache", () => {
  it("keeps the most recently used entries up to its capacity", () => {
    const cache = new BoundedCache<number>(2)
    cache.set("a", 1)
    cache.set("b", 2)
    expect(cache.get("a")).toBe(1)
    cache.set("c", 3)
    expect(cache.get("b")).toBeUndefined()
    expect(cache.get("a")).toBe(1)
    expect(cache.get("c")).toBe(3)
    expect(cache.size).toBe(2)
  })
})
