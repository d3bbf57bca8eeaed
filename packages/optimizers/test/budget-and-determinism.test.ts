import { assert, describe, it } from "@effect/vitest"
import { type AnyModule, evaluate, type LanguageModel, type Prediction } from "@preflight/core-signatures"
import { Effect } from "effect"
import { BootstrapFewShot } from "../src/bootstrap/bootstrap-few-shot.ts"
import { BootstrapFewShotWithRandomSearch } from "../src/bootstrap/random-search.ts"
import type { OptimizerError } from "../src/errors.ts"
import { GEPA } from "../src/gepa/gepa.ts"
import { LabeledFewShot } from "../src/labeled-few-shot.ts"
import { MIPROv2 } from "../src/mipro/mipro-v2.ts"
import type { CompileOptions, CompileResult } from "../src/run/compile-options.ts"
import { SIMBA } from "../src/simba/simba.ts"
import { toyLayer, zoneData, zoneMetric, zoneProgram } from "./support/toy-task.ts"

const { trainset, valset } = zoneData()
type ZoneProgram = ReturnType<typeof zoneProgram>
type Compile = (
  options: CompileOptions<Prediction>
) => Effect.Effect<CompileResult<ZoneProgram>, OptimizerError, LanguageModel>

const optimizers: ReadonlyArray<readonly [string, Compile]> = [
  ["LabeledFewShot", (options) => new LabeledFewShot({ k: 4 }).compile(zoneProgram(), options)],
  ["BootstrapFewShot", (options) => new BootstrapFewShot({ maxLabeledDemos: 4 }).compile(zoneProgram(), options)],
  [
    "BootstrapFewShotWithRandomSearch",
    (options) =>
      new BootstrapFewShotWithRandomSearch({ maxLabeledDemos: 4, numCandidatePrograms: 6 }).compile(
        zoneProgram(),
        options
      )
  ],
  ["MIPROv2", (options) => new MIPROv2({ auto: "light" }).compile(zoneProgram(), options)],
  ["SIMBA", (options) => new SIMBA({ bsize: 12, numCandidates: 4, maxSteps: 4 }).compile(zoneProgram(), options)],
  ["GEPA", (options) => new GEPA({ maxMetricCalls: 300 }).compile(zoneProgram(), options)]
]

/** The program's mean score on the valset, measured afresh (no budget). */
const rescore = (program: AnyModule) => {
  const { layer } = toyLayer()
  return evaluate(program as ZoneProgram, {
    devset: valset,
    metric: (example, prediction: Prediction) => zoneMetric(example, prediction).score
  }).pipe(
    Effect.map((result) => result.meanScore),
    Effect.provide(layer)
  )
}

describe.each(optimizers)("%s under a budget", (_name, compile) => {
  it.effect("an LM-call budget of N makes at most N + (concurrency − 1) calls and returns the best program found", () =>
    Effect.gen(function* () {
      const unlimitedModel = toyLayer()
      const unlimited = yield* compile({ trainset, valset, metric: zoneMetric, concurrency: 4 }).pipe(
        Effect.provide(unlimitedModel.layer)
      )
      const limit = Math.max(5, Math.floor(unlimited.cost.lmCalls / 2))
      const concurrency = 4
      const { layer, model } = toyLayer()
      const result = yield* compile({
        trainset,
        valset,
        metric: zoneMetric,
        concurrency,
        budget: { maxLmCalls: limit }
      }).pipe(Effect.provide(layer))
      assert.isAtMost(model.calls(), limit + concurrency - 1)
      assert.strictEqual(result.cost.lmCalls, model.calls())
      assert.strictEqual(result.status, "budget_exhausted")
      assert.strictEqual(result.stoppedBy, "lm_calls")
      const fullScores = result.trials
        .filter((trial) => trial.kind === "full" && trial.score !== null)
        .map((trial) => trial.score ?? 0)
      if (fullScores.length === 0) {
        assert.isNull(result.score)
      } else {
        assert.strictEqual(result.score, Math.max(...fullScores))
        assert.strictEqual(result.trials[result.bestTrial ?? -1]?.score, result.score)
        // The returned program is the one that earned that score.
        assert.strictEqual(yield* rescore(result.program), result.score)
      }
    })
  )

  it.effect("two runs with the same seed produce identical trial logs (and programs)", () =>
    Effect.gen(function* () {
      const once = (seed: number) =>
        compile({ trainset, valset, metric: zoneMetric, concurrency: 4, seed }).pipe(Effect.provide(toyLayer().layer))
      const first = yield* once(7)
      const second = yield* once(7)
      assert.isAbove(first.trials.length, 0)
      assert.deepStrictEqual(JSON.stringify(first.trials), JSON.stringify(second.trials))
      assert.deepStrictEqual(first.program.dumpState(), second.program.dumpState())
      assert.deepStrictEqual(first.cost, second.cost)
    })
  )
})

describe("other budget limits", () => {
  it.effect("a metric-call budget is never exceeded", () =>
    Effect.gen(function* () {
      const result = yield* new BootstrapFewShotWithRandomSearch({ numCandidatePrograms: 6 })
        .compile(zoneProgram(), { trainset, valset, metric: zoneMetric, budget: { maxMetricCalls: 70 } })
        .pipe(Effect.provide(toyLayer().layer))
      assert.strictEqual(result.status, "budget_exhausted")
      assert.strictEqual(result.stoppedBy, "metric_calls")
      assert.strictEqual(result.cost.metricCalls, 70)
    })
  )

  it.effect("token and USD budgets stop the run (in-flight calls may pass them)", () =>
    Effect.gen(function* () {
      const tokens = yield* new MIPROv2({ auto: "light" })
        .compile(zoneProgram(), { trainset, valset, metric: zoneMetric, concurrency: 1, budget: { maxTokens: 20_000 } })
        .pipe(Effect.provide(toyLayer().layer))
      assert.strictEqual(tokens.stoppedBy, "tokens")
      assert.isAtLeast(tokens.cost.totalTokens, 20_000)
      assert.isBelow(tokens.cost.totalTokens, 20_000 + 2_000)
      const usd = yield* new MIPROv2({ auto: "light" })
        .compile(zoneProgram(), {
          trainset,
          valset,
          metric: zoneMetric,
          concurrency: 1,
          budget: { maxUsd: 0.01 },
          prices: { scripted: { inputUsdPerMillion: 1, outputUsdPerMillion: 2 } }
        })
        .pipe(Effect.provide(toyLayer().layer))
      assert.strictEqual(usd.stoppedBy, "usd")
      assert.isAtLeast(usd.cost.usd, 0.01)
      assert.isBelow(usd.cost.usd, 0.0102)
    })
  )
})
