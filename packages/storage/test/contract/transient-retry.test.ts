// What the storage layer retries: a lost connection and a serialization conflict, and nothing else. A
// transaction whose work fails with a caller's error that carries `retryable` (an LM rate limit) runs once;
// a refused connection (bad password, unknown database) fails at once instead of being retried for 2 s.
import { assert, describe, it } from "@effect/vitest"
import { Data, Effect, Redacted } from "effect"
import {
  Database,
  DatabaseConnectionError,
  isTransientDatabaseFault,
  QueryError,
  SerializationFailure
} from "../../src/index.ts"
import { postgresUrl } from "../support/backends.ts"

/** A caller's error that carries `retryable` for its own retry policy, as core-signatures' LmRateLimited does. */
class RateLimited extends Data.TaggedError("RateLimited")<{ readonly retryAfterMs: number }> {
  readonly retryable = true
}

describe("transient database faults", () => {
  it("are lost connections and serialization conflicts, not refusals nor the caller's errors", () => {
    assert.isTrue(
      isTransientDatabaseFault(new DatabaseConnectionError({ message: "reset", code: "ECONNRESET", cause: 0 }))
    )
    assert.isTrue(isTransientDatabaseFault(new SerializationFailure({ message: "conflict", code: "40001" })))
    const refused = new DatabaseConnectionError({ message: "password authentication failed", code: "28P01", cause: 0 })
    assert.isFalse(refused.retryable)
    assert.isFalse(isTransientDatabaseFault(refused))
    assert.isFalse(isTransientDatabaseFault(new DatabaseConnectionError({ message: "no db", code: "3D000", cause: 0 })))
    assert.isFalse(isTransientDatabaseFault(new QueryError({ message: "syntax", code: "42601", query: "SELEC" })))
    assert.isFalse(isTransientDatabaseFault(new RateLimited({ retryAfterMs: 1000 })))
  })

  it.live(
    "a transaction failing with the caller's retryable error runs once; a serialization conflict re-runs it",
    () =>
      Effect.gen(function* () {
        const db = yield* Database
        let rateLimitedRuns = 0
        const error = yield* Effect.flip(
          db.transaction(
            Effect.gen(function* () {
              rateLimitedRuns++
              yield* db.query("SELECT 1")
              return yield* new RateLimited({ retryAfterMs: 1000 })
            })
          )
        )
        assert.instanceOf(error, RateLimited)
        assert.strictEqual(rateLimitedRuns, 1)

        let conflictedRuns = 0
        const value = yield* db.transaction(
          Effect.gen(function* () {
            conflictedRuns++
            yield* db.query("SELECT 1")
            if (conflictedRuns === 1) return yield* new SerializationFailure({ message: "conflict", code: "40001" })
            return "committed"
          })
        )
        assert.strictEqual(value, "committed")
        assert.strictEqual(conflictedRuns, 2)
      }).pipe(Effect.provide(Database.layerPglite()))
  )

  it.live("a Postgres server refusing the connection (unknown database) fails at once, without retries", () =>
    Effect.gen(function* () {
      if (postgresUrl === undefined) return
      // An unknown database is refused whatever the server's authentication method (test servers trust).
      const url = new URL(postgresUrl)
      url.pathname = "/preflight_no_such_database"
      const started = Date.now()
      const error = yield* Effect.flip(
        Effect.gen(function* () {
          yield* Database
        }).pipe(Effect.provide(Database.layerPostgres({ url: Redacted.make(url.toString()) })))
      )
      assert.instanceOf(error, DatabaseConnectionError)
      assert.strictEqual((error as DatabaseConnectionError).code, "3D000")
      assert.isFalse((error as DatabaseConnectionError).retryable)
      // Four retries 500 ms apart would take 2 s.
      assert.isBelow(Date.now() - started, 1500)
    })
  )

  it.live("an unreachable server is retried while it boots (4 retries, 500 ms apart)", () =>
    Effect.gen(function* () {
      const started = Date.now()
      const error = yield* Effect.flip(
        Effect.gen(function* () {
          yield* Database
        }).pipe(Effect.provide(Database.layerPostgres({ url: Redacted.make("postgres://nobody@127.0.0.1:1/none") })))
      )
      assert.instanceOf(error, DatabaseConnectionError)
      assert.isTrue((error as DatabaseConnectionError).retryable)
      assert.isAtLeast(Date.now() - started, 1900)
    })
  )
})
