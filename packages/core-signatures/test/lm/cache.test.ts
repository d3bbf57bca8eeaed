import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { CacheStore, CacheStoreError, LanguageModelCache, LruMap, makeLanguageModelCache } from "../../src/lm/cache.ts"
import type { LmCompletion } from "../../src/lm/types.ts"

const completion = (text: string): LmCompletion => ({
  outputs: [text],
  usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
  model: "m"
})

describe("LruMap", () => {
  it("evicts the least recently used entry", () => {
    const lru = new LruMap<number>(2)
    lru.set("a", 1)
    lru.set("b", 2)
    assert.strictEqual(lru.get("a"), 1)
    lru.set("c", 3)
    assert.strictEqual(lru.get("b"), undefined)
    assert.strictEqual(lru.get("a"), 1)
    assert.strictEqual(lru.size, 2)
  })
})

describe("LanguageModelCache", () => {
  it.effect("is off by default", () =>
    Effect.gen(function* () {
      const cache = yield* LanguageModelCache
      assert.isFalse(cache.enabled)
    })
  )

  it.effect("memory level: miss, save, hit", () =>
    Effect.gen(function* () {
      const cache = yield* LanguageModelCache
      assert.isUndefined(yield* cache.lookup("k"))
      yield* cache.save("k", completion("x"))
      assert.deepStrictEqual(yield* cache.lookup("k"), completion("x"))
      assert.deepInclude(cache.stats(), { hits: 1, misses: 1, entries: 1 })
    }).pipe(Effect.provide(LanguageModelCache.layerMemory()))
  )

  it.effect("reads through to the persistent store and promotes hits to memory", () => {
    const backing = new Map<string, LmCompletion>([["k", completion("stored")]])
    return Effect.gen(function* () {
      const cache = yield* LanguageModelCache
      assert.deepStrictEqual(yield* cache.lookup("k"), completion("stored"))
      backing.clear()
      assert.deepStrictEqual(yield* cache.lookup("k"), completion("stored"))
      yield* cache.save("new", completion("n"))
      assert.isTrue(backing.has("new"))
      assert.deepInclude(cache.stats(), { hits: 2, storeHits: 1 })
    }).pipe(Effect.provide(LanguageModelCache.layer().pipe(Layer.provide(CacheStore.layerMap(backing)))))
  })

  it.effect("a failing store degrades to memory-only instead of failing calls", () => {
    const broken = {
      get: () => Effect.fail(new CacheStoreError({ operation: "get" as const, cause: "db down" })),
      set: () => Effect.fail(new CacheStoreError({ operation: "set" as const, cause: "db down" }))
    }
    const cache = makeLanguageModelCache({}, broken)
    return Effect.gen(function* () {
      assert.isUndefined(yield* cache.lookup("k"))
      yield* cache.save("k", completion("x"))
      assert.deepStrictEqual(yield* cache.lookup("k"), completion("x"))
      assert.strictEqual(cache.stats().storeErrors, 2)
    })
  })

  it.effect("lookup and save change the LRU and the counters when their effects run, not when they are built", () => {
    const cache = makeLanguageModelCache({ maxEntries: 2 })
    return Effect.gen(function* () {
      yield* cache.save("a", completion("a"))
      yield* cache.save("b", completion("b"))
      // Built and dropped: neither may refresh "a" nor store "c" nor count a hit or a miss.
      const unusedLookup = cache.lookup("a")
      const unusedSave = cache.save("c", completion("c"))
      assert.deepInclude(cache.stats(), { hits: 0, misses: 0, entries: 2 })
      // So "a" is still the oldest entry: saving "d" evicts it.
      yield* cache.save("d", completion("d"))
      assert.isUndefined(yield* cache.lookup("a"))
      assert.deepStrictEqual(yield* cache.lookup("b"), completion("b"))
      assert.isUndefined(yield* cache.lookup("c"))
      // Run later, the same effects act then (and each run acts again).
      yield* unusedSave
      assert.deepStrictEqual(yield* cache.lookup("c"), completion("c"))
      assert.isUndefined(yield* unusedLookup)
      assert.isUndefined(yield* unusedLookup)
      assert.deepInclude(cache.stats(), { hits: 2, misses: 4 })
    })
  })
})
