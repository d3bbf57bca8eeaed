import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import {
  ConstraintViolation,
  completeSimulation,
  countJobResults,
  Database,
  failSimulation,
  findAsyncSimulation,
  findJobResult,
  insertQueuedSimulation,
  markSimulationRunning,
  migrate,
  recordJobResult
} from "../../src/index.ts"
import { backends } from "../support/backends.ts"

for (const backend of backends) {
  describe(`job results and queued simulations on ${backend.name}`, () => {
    layer(backend.layer("jobs"), { excludeTestServices: true, timeout: "120 seconds" })((it) => {
      it.effect("records one result per job id: a second record fails and rolls back its transaction", () =>
        Effect.gen(function* () {
          yield* migrate()
          const jobId = "0b7f3c2e-8d7e-4a59-9a55-2f0d6f1f8a01"
          yield* recordJobResult({ jobId, queue: "fit", result: { fitId: "a" }, attempt: 0 })
          const database = yield* Database
          const duplicate = yield* Effect.flip(
            database.transaction(
              Effect.gen(function* () {
                yield* insertQueuedSimulation({ simulationId: "written-then-rolled-back", request: {}, seed: 1 })
                yield* recordJobResult({ jobId, queue: "fit", result: { fitId: "b" }, attempt: 1 })
              })
            )
          )
          assert.instanceOf(duplicate, ConstraintViolation)
          assert.strictEqual(yield* findAsyncSimulation("written-then-rolled-back"), undefined)
          const stored = yield* findJobResult(jobId)
          assert.deepStrictEqual(stored?.result, { fitId: "a" })
          assert.strictEqual(stored?.attempt, 0)
          assert.deepStrictEqual(yield* countJobResults(), { fit: 1 })
          assert.strictEqual(yield* findJobResult("0b7f3c2e-8d7e-4a59-9a55-2f0d6f1f8a02"), undefined)
        })
      )

      it.effect("moves a queued simulation to running and completed once; a late failure changes nothing", () =>
        Effect.gen(function* () {
          yield* migrate()
          yield* insertQueuedSimulation({ simulationId: "job-1", request: { a: 1 }, seed: 7 })
          assert.strictEqual((yield* findAsyncSimulation("job-1"))?.status, "queued")
          yield* markSimulationRunning("job-1")
          assert.strictEqual((yield* findAsyncSimulation("job-1"))?.status, "running")
          const first = yield* completeSimulation({
            simulationId: "job-1",
            response: { ok: 1 },
            fitId: null,
            programVersion: null
          })
          const again = yield* completeSimulation({
            simulationId: "job-1",
            response: { ok: 2 },
            fitId: null,
            programVersion: null
          })
          yield* failSimulation("job-1", { tag: "Late" })
          yield* markSimulationRunning("job-1")
          const row = yield* findAsyncSimulation("job-1")
          assert.isTrue(first)
          assert.isFalse(again)
          assert.strictEqual(row?.status, "completed")
          assert.deepStrictEqual(row?.response, { ok: 1 })
          assert.strictEqual(row?.error, null)
          assert.strictEqual(row?.seed, 7)

          yield* insertQueuedSimulation({ simulationId: "job-2", request: {}, seed: 8 })
          yield* failSimulation("job-2", { tag: "NoFittedModels", retryable: false })
          const failed = yield* findAsyncSimulation("job-2")
          assert.strictEqual(failed?.status, "failed")
          assert.deepStrictEqual(failed?.error, { tag: "NoFittedModels", retryable: false })
        })
      )
    })
  })
}
