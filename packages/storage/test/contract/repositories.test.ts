import { assert, describe, layer } from "@effect/vitest"
import { Effect, Stream } from "effect"
import {
  ConstraintViolation,
  Database,
  HistoryStore,
  importFile,
  migrate,
  NotFound,
  RowValidationError,
  UnsupportedFilter
} from "../../src/index.ts"
import { backends } from "../support/backends.ts"
import { tempDir } from "../support/files.ts"
import { writeHistoryFixture } from "../support/history-fixture.ts"

const entityA = "11111111-1111-4111-8111-111111111111"
const entityB = "22222222-2222-4222-8222-222222222222"
const exposure = (id: number, entity: string, day: number, intervention = "campaign-1") => ({
  exposure_id: `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`,
  entity_id: entity,
  timestamp: new Date(Date.UTC(2025, 0, day, 9)),
  channel: "email",
  intervention_id: intervention,
  content: { variant: id % 2 === 0 ? "a" : "b" },
  cost: 0.002,
  frequency_cumulative: 1
})

for (const backend of backends) {
  describe(`history repositories on ${backend.name}`, () => {
    layer(backend.layer("repositories"), { excludeTestServices: true, timeout: "120 seconds" })((it) => {
      const withStore = <A, E>(body: (store: HistoryStore["Service"]) => Effect.Effect<A, E, Database>) =>
        Effect.gen(function* () {
          const store = yield* HistoryStore
          return yield* body(store)
        }).pipe(Effect.provide(HistoryStore.layer))

      it.effect("insert, get, upsert and typed failures", () =>
        withStore((store) =>
          Effect.gen(function* () {
            yield* migrate()
            yield* store.segments.insert([{ segment_id: "vip", size: 2, definition: { tier: "gold" } }])
            const inserted = yield* store.entities.insert([
              { entity_id: entityA, segment_id: "vip", created_at: "2024-06-01T00:00:00Z", lifecycle_stage: "active" },
              { entity_id: entityB, segment_id: "casual" }
            ])
            assert.strictEqual(inserted, 2)
            const a = yield* store.entities.get(entityA)
            assert.deepStrictEqual(a, {
              entity_id: entityA,
              segment_id: "vip",
              created_at: new Date("2024-06-01T00:00:00Z"),
              attributes: {},
              lifecycle_stage: "active",
              value_tier: null
            })
            // "casual" was not a known segment: it was inferred, so the foreign key holds.
            const casual = yield* store.segments.get("casual")
            assert.strictEqual(casual.size, null)

            const duplicate = yield* Effect.flip(store.entities.insert([{ entity_id: entityA }]))
            assert.instanceOf(duplicate, ConstraintViolation)
            const missing = yield* Effect.flip(store.entities.get("33333333-3333-4333-8333-333333333333"))
            assert.instanceOf(missing, NotFound)
            const invalid = yield* Effect.flip(
              store.exposures.insert([{ ...exposure(1, entityA, 1), entity_id: "nope", cost: -1 }])
            )
            assert.instanceOf(invalid, RowValidationError)
            if (invalid instanceof RowValidationError) {
              assert.deepStrictEqual(
                invalid.issues.map((issue) => issue.column),
                ["entity_id", "cost"]
              )
            }
            const unknownColumn = yield* Effect.flip(
              store.segments.insert([{ segment_id: "x", colour: "red" } as unknown as { segment_id: string }])
            )
            assert.instanceOf(unknownColumn, RowValidationError)

            const upserted = yield* store.entities.upsert([
              { entity_id: entityA, segment_id: "vip", value_tier: "gold" }
            ])
            assert.strictEqual(upserted, 1)
            assert.strictEqual((yield* store.entities.get(entityA)).value_tier, "gold")
          })
        )
      )

      it.effect("queries by segment, time window and intervention, and counts", () =>
        withStore((store) =>
          Effect.gen(function* () {
            yield* store.exposures.insert([
              exposure(1, entityA, 1),
              exposure(2, entityA, 5),
              exposure(3, entityB, 5, "campaign-2"),
              exposure(4, entityB, 9)
            ])
            const vip = yield* store.exposures.find({ segmentId: "vip" })
            assert.deepStrictEqual(
              vip.map((row) => row.exposure_id.slice(-1)),
              ["1", "2"]
            )
            const window = yield* store.exposures.find({
              from: new Date(Date.UTC(2025, 0, 2)),
              to: new Date(Date.UTC(2025, 0, 9))
            })
            assert.deepStrictEqual(window.map((row) => row.exposure_id.slice(-1)).sort(), ["2", "3"])
            assert.strictEqual(yield* store.exposures.count({ interventionId: "campaign-2" }), 1)
            assert.strictEqual(yield* store.exposures.count({ entityId: entityB, interventionId: "campaign-1" }), 1)
            assert.strictEqual(yield* store.entities.count({ segmentId: "vip" }), 1)
            const first = vip[0]
            assert.isDefined(first)
            assert.instanceOf(first?.timestamp, Date)
            assert.strictEqual(first?.cost, 0.002)
            const wrongFilter = yield* Effect.flip(store.outcomes.count({ channel: "email" }))
            assert.instanceOf(wrongFilter, UnsupportedFilter)
          })
        )
      )

      it.effect("streams every row in pages, in time order, without holding a transaction", () =>
        withStore((store) =>
          Effect.gen(function* () {
            const db = yield* Database
            const directory = tempDir("stream")
            const sample = writeHistoryFixture(directory, 300)
            for (const file of sample.files) yield* importFile({ table: file.table, file: file.path })
            const expected = (sample.files.find((file) => file.table === "exposures")?.rows ?? 0) + 4
            let pagesSeen = 0
            const rows = yield* store.exposures.stream({}, { batchSize: 97 }).pipe(
              // Another statement between pages must not deadlock (PGlite has a single connection).
              Stream.tap(() => (++pagesSeen % 97 === 0 ? db.query("SELECT 1") : Effect.void)),
              Stream.runCollect
            )
            const list = rows
            assert.strictEqual(list.length, expected)
            assert.strictEqual(new Set(list.map((row) => row.exposure_id)).size, expected)
            for (let index = 1; index < list.length; index += 1) {
              assert.isTrue((list[index - 1]?.timestamp.getTime() ?? 0) <= (list[index]?.timestamp.getTime() ?? 0))
            }
            const atRisk = yield* store.outcomes
              .stream({ segmentId: "at_risk", outcomeType: "purchase" }, { batchSize: 10 })
              .pipe(Stream.runCount)
            assert.strictEqual(atRisk, yield* store.outcomes.count({ segmentId: "at_risk", outcomeType: "purchase" }))
          })
        )
      )

      it.effect("rolls back a failed transaction and commits a successful one", () =>
        Effect.gen(function* () {
          const db = yield* Database
          yield* db.executeScript("CREATE TABLE tx_probe (id int PRIMARY KEY)")
          const failed = yield* Effect.flip(
            db.transaction(
              Effect.gen(function* () {
                yield* db.execute("INSERT INTO tx_probe VALUES (1)")
                return yield* Effect.fail("stop" as const)
              })
            )
          )
          assert.strictEqual(failed, "stop")
          yield* db.transaction(db.execute("INSERT INTO tx_probe VALUES (2)"))
          const violation = yield* Effect.flip(db.transaction(db.execute("INSERT INTO tx_probe VALUES (2)")))
          assert.instanceOf(violation, ConstraintViolation)
          // A failure inside a savepoint is contained: the transaction goes on and commits the rest.
          yield* db.transaction(
            Effect.gen(function* () {
              yield* db.execute("INSERT INTO tx_probe VALUES (3)")
              const contained = yield* Effect.flip(db.savepoint(db.execute("INSERT INTO tx_probe VALUES (2)")))
              assert.instanceOf(contained, ConstraintViolation)
              yield* db.savepoint(db.execute("INSERT INTO tx_probe VALUES (4)"))
            })
          )
          const rows = yield* db.query<{ id: number }>("SELECT id FROM tx_probe ORDER BY id")
          assert.deepStrictEqual(
            rows.map((row) => row.id),
            [2, 3, 4]
          )
        })
      )
    })
  })
}
