import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Database, LmCacheStore, LmCacheStoreError, migrate } from "../../src/index.ts"
import { backends } from "../support/backends.ts"

const completion = {
  outputs: ["[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]\n"],
  usage: { promptTokens: 120, completionTokens: 9, totalTokens: 129 },
  model: "gpt-4o-mini-2024-07-18"
}

for (const backend of backends) {
  describe(`LM cache on ${backend.name}`, () => {
    layer(LmCacheStore.layer.pipe(Layer.provideMerge(backend.layer("lm_cache"))), {
      excludeTestServices: true,
      timeout: "120 seconds"
    })((it) => {
      it.effect("gets what was set, replaces on a second set, and misses unknown keys", () =>
        Effect.gen(function* () {
          yield* migrate()
          const cache = yield* LmCacheStore
          const key = "a".repeat(64)
          assert.isUndefined(yield* cache.get(key))
          yield* cache.set(key, completion)
          assert.deepStrictEqual(yield* cache.get(key), completion)
          yield* cache.set(key, { ...completion, outputs: ["other"] })
          assert.deepStrictEqual((yield* cache.get(key))?.outputs, ["other"])
          assert.strictEqual(yield* cache.count(), 1)
          const rows = yield* (yield* Database).query<{ model: string }>("SELECT model FROM lm_cache WHERE key = $1", [
            key
          ])
          assert.strictEqual(rows[0]?.model, completion.model)
          // A row that is not a completion is a miss, not an error.
          yield* (yield* Database).execute(
            "INSERT INTO lm_cache (key, completion, model) VALUES ('junk', '{\"x\": 1}'::jsonb, 'm')"
          )
          assert.isUndefined(yield* cache.get("junk"))
        })
      )

      it.effect("database failures become CacheStoreError", () =>
        Effect.gen(function* () {
          const cache = yield* LmCacheStore
          yield* (yield* Database).executeScript("ALTER TABLE lm_cache RENAME TO lm_cache_moved")
          const failed = yield* Effect.flip(cache.get("a"))
          yield* (yield* Database).executeScript("ALTER TABLE lm_cache_moved RENAME TO lm_cache")
          assert.instanceOf(failed, LmCacheStoreError)
          assert.strictEqual(failed._tag, "CacheStoreError")
          assert.strictEqual(failed.operation, "get")
        })
      )
    })
  })
}
