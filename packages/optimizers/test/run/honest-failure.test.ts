// Honest failure: a run whose model refuses the credentials, or whose USD budget meets an unpriced model,
// stops at once with the typed error and is `failed` in the log with the reason; a metric that throws has
// the same documented result in core's `evaluate` and in every optimizer (each throw fails its example and
// counts against `maxErrors`, default 10, so an always-throwing metric ends with TooManyErrors 11 / 10).
import { assert, describe, it } from "@effect/vitest"
import {
  DEFAULT_MAX_ERRORS,
  evaluate,
  LmRequestRejected,
  type Prediction,
  ScriptedLanguageModel,
  TooManyErrors,
  UnpricedModel
} from "@preflight/core-signatures"
import { Effect } from "effect"
import { BootstrapFewShot } from "../../src/bootstrap/bootstrap-few-shot.ts"
import { BootstrapFewShotWithRandomSearch } from "../../src/bootstrap/random-search.ts"
import { GEPA } from "../../src/gepa/gepa.ts"
import { LabeledFewShot } from "../../src/labeled-few-shot.ts"
import { MIPROv2 } from "../../src/mipro/mipro-v2.ts"
import type { Optimizer } from "../../src/run/compile-options.ts"
import { makeInMemoryOptimizationLog } from "../../src/run/optimization-log.ts"
import { SIMBA } from "../../src/simba/simba.ts"
import { toyLayer, zoneData, zoneProgram } from "../support/toy-task.ts"

const { trainset, valset } = zoneData()
const CONCURRENCY = 8

const optimizers: ReadonlyArray<readonly [string, () => Optimizer]> = [
  ["LabeledFewShot", () => new LabeledFewShot({ k: 4 })],
  ["BootstrapFewShot", () => new BootstrapFewShot({ maxBootstrappedDemos: 4, maxLabeledDemos: 4 })],
  ["BootstrapFewShotWithRandomSearch", () => new BootstrapFewShotWithRandomSearch({ numCandidatePrograms: 2 })],
  ["MIPROv2", () => new MIPROv2({ auto: "light" })],
  ["SIMBA", () => new SIMBA({ bsize: 12, numCandidates: 4, maxSteps: 2 })],
  ["GEPA", () => new GEPA({ maxMetricCalls: 120 })]
]

const refusingModel = () =>
  ScriptedLanguageModel.make({
    respond: () => ({
      error: new LmRequestRejected({ status: 401, code: "invalid_api_key", detail: "Incorrect API key provided" })
    })
  })

const alwaysThrows = (): number => {
  throw new RangeError("the metric has a bug")
}

describe("honest failure", () => {
  for (const [name, make] of optimizers) {
    it.effect(`${name}: a model that answers 401 ends the run failed with LmRequestRejected, ≤ 1 call per worker`, () =>
      Effect.gen(function* () {
        const model = refusingModel()
        const log = makeInMemoryOptimizationLog()
        const error = yield* Effect.flip(
          make()
            .compile(zoneProgram(), { trainset, valset, metric: () => 1, concurrency: CONCURRENCY, log })
            .pipe(Effect.provide(model.layer))
        )
        assert.instanceOf(error, LmRequestRejected)
        assert.strictEqual((error as LmRequestRejected).status, 401)
        assert.isAtLeast(model.requests().length, 1)
        assert.isAtMost(model.requests().length, CONCURRENCY)
        const [run] = log.runs()
        assert.strictEqual(run?.outcome?.status, "failed")
        assert.match(run?.outcome?.reason ?? "", /^LmRequestRejected: .*HTTP 401/)
      })
    )

    it.effect(`${name}: a USD budget on an unpriced model fails at once with UnpricedModel, no call made`, () =>
      Effect.gen(function* () {
        const { model, layer } = toyLayer()
        const error = yield* Effect.flip(
          make()
            .compile(zoneProgram(), { trainset, valset, metric: () => 1, budget: { maxUsd: 4 } })
            .pipe(Effect.provide(layer))
        )
        assert.instanceOf(error, UnpricedModel)
        assert.strictEqual(model.calls(), 0)
      })
    )

    it.effect(`${name}: a metric that throws fails its examples; the 11th failure stops with TooManyErrors`, () =>
      Effect.gen(function* () {
        const { layer } = toyLayer()
        const log = makeInMemoryOptimizationLog()
        const error = yield* Effect.flip(
          make()
            .compile(zoneProgram(), { trainset, valset, metric: alwaysThrows, concurrency: 1, log })
            .pipe(Effect.provide(layer))
        )
        assert.instanceOf(error, TooManyErrors)
        assert.deepInclude(error, { errors: DEFAULT_MAX_ERRORS + 1, maxErrors: DEFAULT_MAX_ERRORS })
        assert.instanceOf((error as TooManyErrors).lastError, RangeError)
        assert.strictEqual(log.runs()[0]?.outcome?.status, "failed")
        assert.match(log.runs()[0]?.outcome?.reason ?? "", /^TooManyErrors: /)
      })
    )
  }

  it.effect("evaluate: the same always-throwing metric gives the same TooManyErrors 11 / 10", () =>
    Effect.gen(function* () {
      const { layer } = toyLayer()
      const error = yield* Effect.flip(
        evaluate(zoneProgram(), { devset: valset, metric: alwaysThrows, concurrency: 1 }).pipe(Effect.provide(layer))
      )
      assert.instanceOf(error, TooManyErrors)
      assert.deepInclude(error, { errors: DEFAULT_MAX_ERRORS + 1, maxErrors: DEFAULT_MAX_ERRORS })
      assert.instanceOf((error as TooManyErrors).lastError, RangeError)
    })
  )

  it.effect("a metric that throws on some examples scores them failureScore in evaluate and in a run alike", () =>
    Effect.gen(function* () {
      const throwsOnLowReadings = (example: { get(key: never): unknown }, prediction: Prediction): number => {
        if ((example.get("reading" as never) as number) < 20) throw new RangeError("low reading")
        return prediction.outputs.zone === example.get("zone" as never) ? 1 : 0
      }
      const failing = valset.filter((example) => (example.get("reading" as never) as number) < 20).length
      assert.isAbove(failing, 0)
      const evaluated = yield* evaluate(zoneProgram(), { devset: valset, metric: throwsOnLowReadings, failureScore: 0 })
      const compiled = yield* new LabeledFewShot({ k: 0 }).compile(zoneProgram(), {
        trainset,
        valset,
        metric: throwsOnLowReadings
      })
      assert.strictEqual(evaluated.failures, failing)
      assert.strictEqual(compiled.score, evaluated.meanScore)
    }).pipe(Effect.provide(toyLayer().layer))
  )
})
