import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ConstraintViolation, migrate, NotFound, OptimizationRunStore, RowValidationError } from "../../src/index.ts"
import { backends } from "../support/backends.ts"

const cost = { lmCalls: 12, metricCalls: 10, totalTokens: 3400, usd: 0.0021 }
const trial = (index: number, score: number | null) => ({
  index,
  kind: index % 2 === 0 ? ("full" as const) : ("minibatch" as const),
  label: "tpe",
  candidate: {
    instructions: { self: `try ${index}` },
    demos: { self: 2 },
    params: { "0_predictor_instruction": index }
  },
  score,
  examples: 24,
  cost,
  parentTrial: index === 0 ? null : index - 1
})

for (const backend of backends) {
  describe(`optimization runs on ${backend.name}`, () => {
    layer(OptimizationRunStore.layer.pipe(Layer.provideMerge(backend.layer("runs"))), {
      excludeTestServices: true,
      timeout: "120 seconds"
    })((it) => {
      it.effect("records a run, its trials in order, and how it ended", () =>
        Effect.gen(function* () {
          yield* migrate()
          const store = yield* OptimizationRunStore
          const run = yield* store.startRun({
            optimizer: "GEPA",
            config: { reflectionMinibatchSize: 3, useMerge: true },
            seed: 2 ** 40 + 3,
            budget: { maxMetricCalls: 400, maxUsd: 4 }
          })
          assert.strictEqual(run.status, "running")
          assert.strictEqual(run.seed, 2 ** 40 + 3)
          assert.deepStrictEqual(run.budget, { maxMetricCalls: 400, maxUsd: 4 })
          assert.isNull(run.finishedAt)
          for (const [index, score] of [0.5, 0.625, null].entries())
            yield* store.recordTrial(run.runId, trial(index, score))
          const trials = yield* store.trials(run.runId)
          assert.deepStrictEqual(
            trials.map((row) => [row.index, row.kind, row.score, row.parentTrial]),
            [
              [0, "full", 0.5, null],
              [1, "minibatch", 0.625, 0],
              [2, "full", null, 1]
            ]
          )
          assert.deepStrictEqual(trials[1]?.candidate, trial(1, 0).candidate)
          assert.deepStrictEqual(trials[1]?.cost, cost)

          const duplicate = yield* Effect.flip(store.recordTrial(run.runId, trial(1, 0.1)))
          assert.instanceOf(duplicate, ConstraintViolation)
          const orphan = yield* Effect.flip(store.recordTrial("00000000-0000-4000-8000-000000000000", trial(0, 0.1)))
          assert.instanceOf(orphan, ConstraintViolation)
          const invalid = yield* Effect.flip(store.recordTrial(run.runId, { ...trial(3, Number.NaN), examples: -1 }))
          assert.instanceOf(invalid, RowValidationError)
          assert.deepStrictEqual((invalid as RowValidationError).issues.map((issue) => issue.column).sort(), [
            "examples",
            "score"
          ])

          const finished = yield* store.finishRun(run.runId, {
            status: "budget_exhausted",
            bestScore: 0.625,
            cost,
            bestState: { self: { demos: [] } }
          })
          assert.strictEqual(finished.status, "budget_exhausted")
          assert.strictEqual(finished.bestScore, 0.625)
          assert.deepStrictEqual(finished.bestState, { self: { demos: [] } })
          assert.isNull(finished.failureReason)
          assert.instanceOf(finished.finishedAt, Date)
          assert.deepStrictEqual((yield* store.getRun(run.runId)).cost, cost)
          assert.instanceOf(yield* Effect.flip(store.getRun("nope")), NotFound)
          assert.instanceOf(
            yield* Effect.flip(
              store.finishRun("00000000-0000-4000-8000-000000000000", { status: "completed", bestScore: null, cost })
            ),
            NotFound
          )
          assert.strictEqual((yield* store.listRuns()).length, 1)
          assert.strictEqual((yield* store.listRuns({ programId: "other" })).length, 0)

          const failing = yield* store.startRun({ optimizer: "MIPROv2", config: {}, seed: 9 })
          const failed = yield* store.finishRun(failing.runId, {
            status: "failed",
            bestScore: null,
            cost,
            reason: "LmRequestRejected: Language model rejected the request (HTTP 401)"
          })
          assert.strictEqual(failed.status, "failed")
          assert.strictEqual(
            (yield* store.getRun(failing.runId)).failureReason,
            "LmRequestRejected: Language model rejected the request (HTTP 401)"
          )
        })
      )
    })
  })
}
