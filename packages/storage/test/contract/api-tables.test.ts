// The HTTP API's tables on both backends: keys (prefix lookup, scopes, revocation, the schema's own checks),
// idempotency claims, asynchronous simulations moving through their states, feedback and campaign results.
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import {
  ConstraintViolation,
  claimIdempotencyKey,
  completeIdempotencyKey,
  completeSimulation,
  Database,
  failSimulation,
  findApiKeyByPrefix,
  findSimulationRecord,
  insertApiKey,
  insertFeedback,
  insertQueuedSimulation,
  listApiKeys,
  markSimulationRunning,
  migrate,
  NotFound,
  pendingSimulations,
  releaseIdempotencyKey,
  revokeApiKey,
  upsertCampaignResults
} from "../../src/index.ts"
import { backends } from "../support/backends.ts"

const HASH = "scrypt$16384$8$1$c2FsdA$aGFzaA"

for (const backend of backends) {
  describe(`API tables on ${backend.name}`, () => {
    layer(backend.layer("api_tables"), { excludeTestServices: true, timeout: "120 seconds" })((it) => {
      it.effect("stores keys by prefix with their scopes, refuses bad ones, and revokes once", () =>
        Effect.gen(function* () {
          yield* migrate()
          const key = yield* insertApiKey({ prefix: "abc123", secretHash: HASH, name: "ci", scopes: ["read", "write"] })
          assert.deepStrictEqual(key.scopes, ["read", "write"])
          assert.strictEqual(key.rateLimitPerMinute, null)
          assert.strictEqual((yield* findApiKeyByPrefix("abc123"))?.keyId, key.keyId)
          assert.strictEqual(yield* findApiKeyByPrefix("nope"), undefined)
          const duplicate = yield* Effect.flip(
            insertApiKey({ prefix: "abc123", secretHash: HASH, name: "x", scopes: ["read"] })
          )
          assert.instanceOf(duplicate, ConstraintViolation)
          const badScope = yield* Effect.flip(
            insertApiKey({ prefix: "def456", secretHash: HASH, name: "x", scopes: ["root" as "read"] })
          )
          assert.instanceOf(badScope, ConstraintViolation)
          const revoked = yield* revokeApiKey("abc123")
          assert.isNotNull(revoked.revokedAt)
          assert.deepStrictEqual((yield* revokeApiKey("abc123")).revokedAt, revoked.revokedAt)
          assert.instanceOf(yield* Effect.flip(revokeApiKey("missing")), NotFound)
          assert.strictEqual((yield* listApiKeys()).length, 1)
        })
      )

      it.effect("claims an idempotency key once, returns the stored answer after, and forgets a released one", () =>
        Effect.gen(function* () {
          yield* migrate()
          const key = yield* insertApiKey({ prefix: "idem01", secretHash: HASH, name: "idem", scopes: ["write"] })
          assert.deepStrictEqual(yield* claimIdempotencyKey(key.keyId, "k1", "h1"), { claimed: true })
          const pending = yield* claimIdempotencyKey(key.keyId, "k1", "h1")
          assert.isTrue(!pending.claimed && pending.record.statusCode === null)
          yield* completeIdempotencyKey(key.keyId, "k1", {
            statusCode: 201,
            contentType: "application/json",
            location: null,
            responseBody: '{"ok":true}'
          })
          const done = yield* claimIdempotencyKey(key.keyId, "k1", "h2")
          assert.isTrue(!done.claimed && done.record.statusCode === 201 && done.record.requestHash === "h1")
          yield* releaseIdempotencyKey(key.keyId, "k1")
          assert.deepStrictEqual(yield* claimIdempotencyKey(key.keyId, "k1", "h2"), { claimed: true })
        })
      )

      it.effect("moves a simulation from queued to completed or failed, and lists the unfinished ones", () =>
        Effect.gen(function* () {
          yield* migrate()
          yield* insertQueuedSimulation("job-1", { request: 1 }, 7)
          yield* insertQueuedSimulation("job-2", { request: 2 }, 8)
          assert.deepStrictEqual(
            (yield* pendingSimulations()).map((record) => record.simulationId),
            ["job-1", "job-2"]
          )
          assert.isTrue(yield* markSimulationRunning("job-1"))
          yield* completeSimulation("job-1", { answer: 42 }, { fitId: null, programVersion: null })
          yield* failSimulation("job-2", { status: 422, title: "no history" })
          assert.isFalse(yield* markSimulationRunning("job-1"))
          const completed = yield* findSimulationRecord("job-1")
          assert.strictEqual(completed?.status, "completed")
          assert.deepStrictEqual(completed?.response, { answer: 42 })
          assert.deepStrictEqual(completed?.request, { request: 1 })
          assert.deepStrictEqual((yield* findSimulationRecord("job-2"))?.error, { status: 422, title: "no history" })
          assert.strictEqual((yield* pendingSimulations()).length, 0)
        })
      )

      it.effect("stores feedback on known simulations and replaces a campaign arm reported again", () =>
        Effect.gen(function* () {
          yield* migrate()
          yield* insertQueuedSimulation("sim-fb", {}, 0)
          const feedback = yield* insertFeedback({ simulationId: "sim-fb", rating: 5, comment: "spot on" })
          assert.match(feedback.feedbackId, /^[0-9a-f-]{36}$/)
          assert.instanceOf(yield* Effect.flip(insertFeedback({ simulationId: "nope", rating: 3 })), NotFound)
          const arm = { variantId: "a", channel: "email", recipients: 100, conversions: 3 }
          assert.strictEqual(yield* upsertCampaignResults({ campaignId: "c", simulationId: "sim-fb", arms: [arm] }), 1)
          yield* upsertCampaignResults({ campaignId: "c", arms: [{ ...arm, conversions: 4, revenue: 99.5 }] })
          const rows = yield* (yield* Database).query<{ conversions: number; revenue: string | number }>(
            "SELECT conversions, revenue FROM campaign_results WHERE campaign_id = 'c'"
          )
          assert.deepStrictEqual(
            rows.map((row) => [row.conversions, Number(row.revenue)]),
            [[4, 99.5]]
          )
          const impossible = yield* Effect.flip(
            upsertCampaignResults({ campaignId: "d", arms: [{ ...arm, conversions: 101 }] })
          )
          assert.instanceOf(impossible, ConstraintViolation)
          assert.instanceOf(
            yield* Effect.flip(upsertCampaignResults({ campaignId: "e", simulationId: "ghost", arms: [arm] })),
            NotFound
          )
        })
      )
    })
  })
}
