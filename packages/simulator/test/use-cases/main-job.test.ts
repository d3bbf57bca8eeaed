// The main job through the use cases on an in-memory embedded database: a demo world's history imported, the
// models fitted, held-out campaigns simulated from their requests. Checks the contract (the response validates,
// one breakdown per variant), determinism (same request and seed, same bytes), that the forecasts carry real
// information (they beat guessing on the world's truth), the typed refusals, and the persona panel's effect.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { OfflinePersonaModel } from "@preflight/personas"
import { Database, importFile, migrate } from "@preflight/storage"
import { generateWorld, type World, writeWorld } from "@preflight/worlds"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SimulateResponse } from "../../src/contract/simulate-response.ts"
import type { CreativeReader } from "../../src/features/creative-reader.ts"
import { defaultCreativeReader } from "../../src/features/default-reader.ts"
import { personaPanel } from "../../src/simulation/persona-panel.ts"
import { backtest } from "../../src/use-cases/backtest.ts"
import { evaluateCreative } from "../../src/use-cases/evaluate-creative.ts"
import { fit } from "../../src/use-cases/fit.ts"
import { predictUplift } from "../../src/use-cases/predict-uplift.ts"
import { simulate } from "../../src/use-cases/simulate.ts"

// One database for the file: the fit takes most of the time, every test reads it.
const runtime = ManagedRuntime.make(Layer.mergeAll(Database.layerPglite(), OfflinePersonaModel.layer({ seed: 3 })))
const run = <A, E>(effect: Effect.Effect<A, E, ManagedRuntime.ManagedRuntime.Services<typeof runtime>>) =>
  runtime.runPromise(effect)
let runtimeWorld: World

// Fewer rows and no inner backtest keep the fit to seconds; the bench runs the defaults.
const fastFit = { maxTrainingRows: 40_000, backtestShare: 0 }

beforeAll(async () => {
  runtimeWorld = await Effect.runPromise(generateWorld({ industry: "retail", seed: 808, size: "demo" }))
  const directory = mkdtempSync(join(tmpdir(), "simulator-main-job-"))
  await run(
    Effect.gen(function* () {
      const written = yield* writeWorld(runtimeWorld, directory)
      yield* migrate()
      for (const file of written.tables) yield* importFile({ table: file.table, file: file.path })
      yield* fit({ reader: defaultCreativeReader, ...fastFit })
    })
  )
  rmSync(directory, { recursive: true, force: true })
}, 600_000)

afterAll(() => runtime.dispose())

const firstRequest = () => {
  const entry = runtimeWorld.requests[0]
  if (entry === undefined) throw new Error("the demo world has no held-out request")
  return entry
}

describe("the main job on a demo world", () => {
  it("simulates a held-out campaign: a valid response with one breakdown per variant, same bytes for the same seed", async () => {
    const { request } = firstRequest()
    const once = await run(simulate(request, { reader: defaultCreativeReader, panel: personaPanel() }))
    const twice = await run(simulate(request, { reader: defaultCreativeReader, panel: personaPanel() }))
    expect(SimulateResponse.safeParse(once).success).toBe(true)
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once))
    const ids = request.intervention.content_variants.map((variant) => variant.id)
    expect(once.predictions.variant_breakdown.map((entry) => entry.variant_id).sort()).toEqual([...ids].sort())
    expect(once.personas.sampled).toBeGreaterThan(0)
    for (const entry of once.predictions.variant_breakdown) {
      const [lo, hi] = entry.conversion_rate.confidence_interval
      expect(lo).toBeLessThanOrEqual(entry.conversion_rate.value)
      expect(hi).toBeGreaterThanOrEqual(entry.conversion_rate.value)
    }
    const reseeded = await run(
      simulate(
        { ...request, simulation_params: { ...request.simulation_params, seed: 99 } },
        { reader: defaultCreativeReader, persist: false }
      )
    )
    expect(reseeded.seed).toBe(99)
    expect(reseeded.simulation_id).not.toBe(once.simulation_id)
  })

  it("forecasts every held-out campaign at the right level: rates in (0, 1), the control within a factor 2 of the truth", async () => {
    // Accuracy proper (within 10%, rankings, coverage) is measured by `pnpm bench simulator-accuracy` on three
    // standard worlds; a demo world's ~25 held-out variants are too few for a stable threshold. This checks the
    // level: a broken season offset, attribution window or population would put the control far off.
    let campaigns = 0
    for (const campaign of runtimeWorld.truth.campaigns) {
      const request = runtimeWorld.requests.find((entry) => entry.file === campaign.request)?.request
      if (request === undefined) continue
      const response = await run(simulate(request, { reader: defaultCreativeReader, persist: false }))
      const control = response.predictions.control.conversion_rate.value
      expect(control / campaign.control.conversion_rate).toBeGreaterThan(0.5)
      expect(control / campaign.control.conversion_rate).toBeLessThan(2)
      for (const variant of campaign.variants) {
        const predicted = response.predictions.variant_breakdown.find(
          (entry) => entry.variant_id === variant.variant_id
        )
        expect(predicted?.conversion_rate.value).toBeGreaterThan(0)
        expect(predicted?.conversion_rate.value).toBeLessThan(1)
      }
      campaigns++
    }
    expect(campaigns).toBeGreaterThan(3)
  })

  it("refuses a bad request with every problem by field path, and unknown segments and channels by name", async () => {
    const invalid = await run(
      Effect.flip(
        simulate(
          { intervention: { channels: [], content_variants: [{ id: "" }] }, target_population: {} },
          { reader: defaultCreativeReader }
        )
      )
    )
    expect(invalid._tag).toBe("RequestInvalid")
    const paths = "issues" in invalid ? invalid.issues.map((issue) => issue.path) : []
    expect(paths).toEqual(expect.arrayContaining(["intervention.channels", "intervention.content_variants.0.template"]))
    const { request } = firstRequest()
    const unknownSegment = await run(
      Effect.flip(
        simulate(
          { ...request, target_population: { ...request.target_population, segments: ["martians"] } },
          { reader: defaultCreativeReader }
        )
      )
    )
    expect(unknownSegment._tag).toBe("UnknownSegments")
    expect(unknownSegment.message).toMatch(/martians/)
    const unknownChannel = await run(
      Effect.flip(
        simulate(
          { ...request, intervention: { ...request.intervention, channels: ["carrier_pigeon"] } },
          { reader: defaultCreativeReader }
        )
      )
    )
    expect(unknownChannel._tag).toBe("UnknownChannels")
  })

  it("refuses to simulate with another creative reader than the fit's", async () => {
    const other: CreativeReader = { ...defaultCreativeReader, version: "another-reader-1" }
    const mismatch = await run(Effect.flip(simulate(firstRequest().request, { reader: other })))
    expect(mismatch._tag).toBe("ReaderMismatch")
    expect(mismatch.message).toMatch(/preflight fit/)
  })

  it("moves variants apart, never the level, with the persona panel; evaluateCreative reports reactions only", async () => {
    const { request } = firstRequest()
    const causal = await run(simulate(request, { reader: defaultCreativeReader, persist: false }))
    const strong = await run(
      simulate(request, { reader: defaultCreativeReader, panel: personaPanel({ sensitivity: 3 }), persist: false })
    )
    const rates = (response: typeof causal) =>
      response.predictions.variant_breakdown.map((entry) => entry.conversion_rate.value)
    const differences = rates(strong).map((rate, index) => rate - (rates(causal)[index] ?? 0))
    expect(Math.max(...differences.map(Math.abs))).toBeGreaterThan(0)
    expect(differences.some((d) => d > 0) && differences.some((d) => d < 0)).toBe(true)
    expect(strong.predictions.control.conversion_rate.value).toBe(causal.predictions.control.conversion_rate.value)
    const evaluation = await run(evaluateCreative(request, { reader: defaultCreativeReader }))
    expect(evaluation.personas).toBeGreaterThan(0)
    expect(evaluation.summaries.length).toBeGreaterThan(0)
    expect(Object.keys(evaluation.summaries[0] ?? {})).not.toContain("conversion_rate")
  })

  it("predicts uplift per segment from the causal models, consistent with simulate", async () => {
    const { request } = firstRequest()
    const uplift = await run(predictUplift(request, { reader: defaultCreativeReader }))
    const response = await run(simulate(request, { reader: defaultCreativeReader, persist: false }))
    expect(uplift).toHaveLength(response.predictions.variant_breakdown.length)
    for (const variant of uplift) {
      for (const segment of variant.segments) {
        // The response rounds rates to 6 decimals.
        expect(segment.uplift).toBeCloseTo(segment.treated - segment.control, 5)
      }
    }
  })

  it("backtests the last campaigns of the history against what they realised", async () => {
    const report = await run(backtest({ reader: defaultCreativeReader, holdout: 4, ...fastFit }))
    expect(report.heldOutCampaigns).toBe(4)
    expect(report.figures.variants).toBeGreaterThan(4)
    expect(report.figures.upliftMae).toBeLessThan(0.05)
    const tooMany = await run(Effect.flip(backtest({ reader: defaultCreativeReader, holdout: 1_000, ...fastFit })))
    expect(tooMany._tag).toBe("InsufficientHistory")
  }, 300_000)
})
