import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { migrate, ProgramRegistry, RowValidationError, TrainingExampleStore } from "../../src/index.ts"
import { backends } from "../support/backends.ts"

for (const backend of backends) {
  describe(`training examples on ${backend.name}`, () => {
    const services = Layer.mergeAll(TrainingExampleStore.layer, ProgramRegistry.layer).pipe(
      Layer.provideMerge(backend.layer("examples"))
    )
    layer(services, { excludeTestServices: true, timeout: "120 seconds" })((it) => {
      it.effect("adds examples with source and split, all or nothing, and finds them in order", () =>
        Effect.gen(function* () {
          yield* migrate()
          yield* (yield* ProgramRegistry).registerProgram({ programId: "persona", name: "Persona" })
          const store = yield* TrainingExampleStore
          const rows = Array.from({ length: 12 }, (_, index) => ({
            programId: "persona",
            inputs: { segment: `s${index}`, creative: "50% off" },
            labels: { conversion_rate: index / 100 },
            source: index < 8 ? "history" : "feedback",
            split: index % 4 === 3 ? ("val" as const) : ("train" as const)
          }))
          const added = yield* store.add(rows)
          assert.strictEqual(added.length, 12)
          assert.deepStrictEqual(
            added.map((row) => row.inputs.segment),
            rows.map((row) => row.inputs.segment)
          )
          assert.strictEqual(yield* store.count({ programId: "persona", split: "train" }), 9)
          assert.strictEqual(yield* store.count({ source: "feedback" }), 4)
          const validation = yield* store.find({ programId: "persona", split: "val" })
          assert.deepStrictEqual(
            validation.map((row) => row.inputs.segment),
            ["s3", "s7", "s11"]
          )
          assert.deepStrictEqual(validation[0]?.labels, { conversion_rate: 0.03 })

          const base = {
            programId: "persona",
            inputs: { segment: "x" },
            labels: {},
            source: "history",
            split: "train" as const
          }
          const bad = yield* Effect.flip(
            store.add([base, { ...base, split: "holdout" } as never, { ...base, source: "" }])
          )
          assert.instanceOf(bad, RowValidationError)
          assert.deepStrictEqual(
            (bad as RowValidationError).issues.map((issue) => [issue.index, issue.column]),
            [
              [1, "split"],
              [2, "source"]
            ]
          )
          assert.strictEqual(yield* store.count(), 12, "nothing of the refused batch was written")

          const moved = yield* store.setSplit(
            added.slice(0, 2).map((row) => row.exampleId),
            "test"
          )
          assert.strictEqual(moved, 2)
          assert.strictEqual(yield* store.count({ split: "test" }), 2)
        })
      )
    })
  })
}
