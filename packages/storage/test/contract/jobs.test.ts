import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import {
  ConstraintViolation,
  countJobResults,
  Database,
  findJobResult,
  findSimulationRecord,
  insertQueuedSimulation,
  migrate,
  recordJobResult
} from "../../src/index.ts"
import { backends } from "../support/backends.ts"

for (const backend of backends) {
  describe(`job results on ${backend.name}`, () => {
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
                yield* insertQueuedSimulation("written-then-rolled-back", {}, 1)
                yield* recordJobResult({ jobId, queue: "fit", result: { fitId: "b" }, attempt: 1 })
              })
            )
          )
          assert.instanceOf(duplicate, ConstraintViolation)
          assert.strictEqual(yield* findSimulationRecord("written-then-rolled-back"), undefined)
          const stored = yield* findJobResult(jobId)
          assert.deepStrictEqual(stored?.result, { fitId: "a" })
          assert.strictEqual(stored?.attempt, 0)
          assert.deepStrictEqual(yield* countJobResults(), { fit: 1 })
          assert.strictEqual(yield* findJobResult("0b7f3c2e-8d7e-4a59-9a55-2f0d6f1f8a02"), undefined)
        })
      )
    })
  })
}
