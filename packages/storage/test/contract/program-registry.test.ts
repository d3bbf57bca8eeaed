import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import {
  ConstraintViolation,
  Database,
  migrate,
  NotFound,
  OptimizationRunStore,
  ProgramRegistry,
  RowValidationError
} from "../../src/index.ts"
import { backends } from "../support/backends.ts"

const state = (instructions: string) => ({
  "evaluate.predict": { demos: [], signature: { instructions, fields: [] }, lm: null },
  metadata: { format: 1 }
})

for (const backend of backends) {
  describe(`program registry on ${backend.name}`, () => {
    const services = Layer.mergeAll(ProgramRegistry.layer, OptimizationRunStore.layer).pipe(
      Layer.provideMerge(backend.layer("registry"))
    )
    layer(services, { excludeTestServices: true, timeout: "120 seconds" })((it) => {
      it.effect("registers programs and numbers versions; the schema allows one active and one candidate", () =>
        Effect.gen(function* () {
          yield* migrate()
          const registry = yield* ProgramRegistry
          const program = yield* registry.registerProgram({ programId: "persona", name: "Persona response" })
          assert.strictEqual(program.programId, "persona")
          // Registering again updates the description instead of failing.
          const again = yield* registry.registerProgram({ programId: "persona", name: "Persona", description: "seeds" })
          assert.strictEqual(again.description, "seeds")
          assert.strictEqual((yield* registry.listPrograms()).length, 1)

          const runs = yield* OptimizationRunStore
          const run = yield* runs.startRun({
            optimizer: "MIPROv2",
            config: { auto: "light" },
            seed: 9,
            programId: "persona"
          })
          const first = yield* registry.addVersion({ programId: "persona", state: state("v1"), status: "active" })
          assert.strictEqual(first.version, 1)
          assert.strictEqual(first.status, "active")
          assert.strictEqual(first.trafficShare, 1)
          assert.deepStrictEqual(first.state, state("v1"))
          const second = yield* registry.addVersion({
            programId: "persona",
            state: state("v2"),
            parentVersionId: first.versionId,
            score: 0.82,
            createdByRunId: run.runId
          })
          assert.strictEqual(second.version, 2)
          assert.strictEqual(second.status, "candidate")
          assert.strictEqual(second.trafficShare, 0)
          assert.strictEqual(second.parentVersionId, first.versionId)
          assert.strictEqual(second.createdByRunId, run.runId)
          assert.strictEqual(second.score, 0.82)

          const secondCandidate = yield* Effect.flip(registry.addVersion({ programId: "persona", state: state("v3") }))
          assert.instanceOf(secondCandidate, ConstraintViolation)
          assert.strictEqual((secondCandidate as ConstraintViolation).constraint, "program_versions_one_candidate")
          const secondActive = yield* Effect.flip(
            registry.addVersion({ programId: "persona", state: state("v3"), status: "active" })
          )
          assert.instanceOf(secondActive, ConstraintViolation)
          assert.strictEqual((secondActive as ConstraintViolation).constraint, "program_versions_one_active")
          // The rule is the schema's, not only the repository's: a raw UPDATE is refused too.
          const db = yield* Database
          const raw = yield* Effect.flip(
            db.execute("UPDATE program_versions SET status = 'active' WHERE version_id = $1::uuid", [second.versionId])
          )
          assert.instanceOf(raw, ConstraintViolation)

          const unknownProgram = yield* Effect.flip(registry.addVersion({ programId: "nope", state: {} }))
          assert.instanceOf(unknownProgram, NotFound)
          const invalid = yield* Effect.flip(
            registry.addVersion({ programId: "persona", state: {}, trafficShare: 2, parentVersionId: "x" })
          )
          assert.instanceOf(invalid, RowValidationError)
          assert.deepStrictEqual((invalid as RowValidationError).issues.map((issue) => issue.column).sort(), [
            "parentVersionId",
            "trafficShare"
          ])
          assert.deepStrictEqual(
            (yield* registry.listVersions("persona")).map((version) => version.version),
            [2, 1]
          )
        })
      )

      it.effect("canary traffic, promote and rollback are transactions", () =>
        Effect.gen(function* () {
          const registry = yield* ProgramRegistry
          const shares = yield* registry.setCandidateTraffic("persona", 0.1)
          assert.strictEqual(shares.candidate.trafficShare, 0.1)
          assert.strictEqual(shares.active?.trafficShare, 0.9)
          const badShare = yield* Effect.flip(registry.setCandidateTraffic("persona", 1.5))
          assert.instanceOf(badShare, RowValidationError)

          const v1 = yield* registry.activeVersion("persona")
          const promoted = yield* registry.promote("persona")
          assert.strictEqual(promoted.version, 2)
          assert.strictEqual(promoted.status, "active")
          assert.strictEqual(promoted.trafficShare, 1)
          assert.strictEqual(promoted.previousActiveVersionId, v1?.versionId)
          const old = yield* registry.getVersion(v1?.versionId ?? "")
          assert.strictEqual(old.status, "deprecated")
          assert.strictEqual(old.trafficShare, 0)
          assert.isUndefined(yield* registry.candidateVersion("persona"))
          assert.instanceOf(yield* Effect.flip(registry.promote("persona")), NotFound)

          // A rejected candidate is rolled back; the active version keeps all the traffic.
          const v3 = yield* registry.addVersion({ programId: "persona", state: state("v3"), trafficShare: 0.2 })
          const rejected = yield* registry.rollback("persona")
          assert.strictEqual(rejected.rolledBack.versionId, v3.versionId)
          assert.strictEqual(rejected.rolledBack.status, "rolled_back")
          assert.strictEqual(rejected.active.version, 2)
          assert.strictEqual(rejected.active.trafficShare, 1)

          // Without a candidate, the active version is rolled back to the one it replaced.
          const restored = yield* registry.rollback("persona")
          assert.strictEqual(restored.rolledBack.version, 2)
          assert.strictEqual(restored.active.version, 1)
          assert.strictEqual((yield* registry.activeVersion("persona"))?.version, 1)
          assert.instanceOf(yield* Effect.flip(registry.rollback("persona")), NotFound)
          assert.deepStrictEqual(
            (yield* registry.listVersions("persona")).map((version) => [version.version, version.status]),
            [
              [3, "rolled_back"],
              [2, "rolled_back"],
              [1, "active"]
            ]
          )
        })
      )

      it.effect("a failing promotion changes nothing", () =>
        Effect.gen(function* () {
          const registry = yield* ProgramRegistry
          const db = yield* Database
          yield* registry.registerProgram({ programId: "judge", name: "Judge" })
          const active = yield* registry.addVersion({ programId: "judge", state: state("a"), status: "active" })
          const candidate = yield* registry.addVersion({ programId: "judge", state: state("b") })
          // Fail inside the same transaction after the promotion: both updates must be rolled back.
          const failed = yield* Effect.flip(
            db.transaction(Effect.andThen(registry.promote("judge"), Effect.fail("abort" as const)))
          )
          assert.strictEqual(failed, "abort")
          assert.strictEqual((yield* registry.getVersion(active.versionId)).status, "active")
          assert.strictEqual((yield* registry.getVersion(candidate.versionId)).status, "candidate")
          assert.instanceOf(yield* Effect.flip(registry.getVersion("not-a-uuid")), NotFound)
        })
      )

      it.effect("activate makes any version active by hand: older means a rollback, newer a promotion", () =>
        Effect.gen(function* () {
          const registry = yield* ProgramRegistry
          yield* registry.registerProgram({ programId: "manual", name: "Manual" })
          const v1 = yield* registry.addVersion({ programId: "manual", state: state("1"), status: "active" })
          yield* registry.addVersion({ programId: "manual", state: state("2") })
          const promoted = yield* registry.activate("manual", 2)
          assert.strictEqual(promoted.status, "active")
          assert.strictEqual(promoted.previousActiveVersionId, v1.versionId)
          assert.strictEqual((yield* registry.getVersion(v1.versionId)).status, "deprecated")
          const back = yield* registry.activate("manual", 1)
          assert.strictEqual(back.versionId, v1.versionId)
          assert.strictEqual(back.status, "active")
          const statuses = (yield* registry.listVersions("manual")).map((version) => [version.version, version.status])
          assert.deepStrictEqual(statuses, [
            [2, "rolled_back"],
            [1, "active"]
          ])
          // The active version again: nothing changes.
          assert.strictEqual(
            (yield* registry.activate("manual", 1)).statusChangedAt.getTime(),
            back.statusChangedAt.getTime()
          )
          assert.instanceOf(yield* Effect.flip(registry.activate("manual", 9)), NotFound)
        })
      )

      it.effect("two candidates added at once: exactly one wins", () =>
        Effect.gen(function* () {
          const registry = yield* ProgramRegistry
          yield* registry.registerProgram({ programId: "race", name: "Race" })
          const outcomes = yield* Effect.all(
            [
              Effect.result(registry.addVersion({ programId: "race", state: state("x") })),
              Effect.result(registry.addVersion({ programId: "race", state: state("y") }))
            ],
            { concurrency: 2 }
          )
          assert.deepStrictEqual(outcomes.map((outcome) => outcome._tag).sort(), ["Failure", "Success"])
          const failure = outcomes.find((outcome) => outcome._tag === "Failure")
          assert.instanceOf(failure?._tag === "Failure" ? failure.failure : undefined, ConstraintViolation)
          assert.strictEqual((yield* registry.listVersions("race")).length, 1)
        })
      )
    })
  })
}
