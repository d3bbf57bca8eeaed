// The language-model response cache: an in-memory LRU in front of an optional persistent `CacheStore`
// (storage implements it with a table). Two levels like DSPy's cache (cachetools LRU → diskcache); a store
// that fails degrades to memory-only instead of failing the call, as DSPy falls back when the disk is unusable.
// Identical requests that arrive while the first is still at the provider wait for it instead of paying again
// (64 concurrent personas with one prompt make one call); DSPy's cache has no such coalescing.
import { Context, Data, Effect, Layer } from "effect"
import type { LmCompletion } from "./types.ts"

/** A persistent store failed (the call still proceeds, counted in the cache stats). */
export class CacheStoreError extends Data.TaggedError("CacheStoreError")<{
  readonly operation: "get" | "set"
  readonly cause: unknown
}> {
  override get message(): string {
    return `Cache store ${this.operation} failed: ${String(this.cause)}`
  }
}

/** What a persistent cache must provide: get and set by request key (SHA-256 hex). */
export interface CacheStoreShape {
  readonly get: (key: string) => Effect.Effect<LmCompletion | undefined, CacheStoreError>
  readonly set: (key: string, completion: LmCompletion) => Effect.Effect<void, CacheStoreError>
}

/** A persistent cache behind the memory LRU; storage provides a Postgres-table layer for it. */
export class CacheStore extends Context.Service<CacheStore, CacheStoreShape>()(
  "@preflight/core-signatures/CacheStore"
) {
  /** A store backed by a Map (tests, or a process-lifetime second level). */
  static readonly layerMap = (map: Map<string, LmCompletion> = new Map()): Layer.Layer<CacheStore> =>
    Layer.succeed(
      CacheStore,
      CacheStore.of({
        get: (key) => Effect.sync(() => map.get(key)),
        set: (key, completion) =>
          Effect.sync(() => {
            map.set(key, completion)
          })
      })
    )
}

/** Counters of one cache. */
export interface CacheStats {
  readonly hits: number
  readonly misses: number
  readonly storeHits: number
  readonly storeErrors: number
  /** Calls answered by an identical request that was already at the provider (counted in `hits` too). */
  readonly coalesced: number
  readonly entries: number
}

/**
 * A request key's turn at the provider. The first caller of a key is its leader and makes the call; callers
 * arriving before it settles follow: `wait` gives them the leader's completion, or `undefined` when the
 * leader failed or was interrupted (a follower then makes its own call, so one failure is not shared).
 */
export interface InFlightCall {
  readonly leader: boolean
  readonly wait: Effect.Effect<LmCompletion | undefined>
  /** The leader's outcome, handed to its followers; also forgets the key. Idempotent. */
  readonly settle: (completion: LmCompletion | undefined) => void
}

/** The cache used by every language-model call. */
export interface LanguageModelCacheShape {
  readonly enabled: boolean
  readonly lookup: (key: string) => Effect.Effect<LmCompletion | undefined>
  readonly save: (key: string, completion: LmCompletion) => Effect.Effect<void>
  /** Joins the in-flight call for `key` after a miss (see `InFlightCall`). */
  readonly join: (key: string) => InFlightCall
  readonly stats: () => CacheStats
}

/** Least-recently-used map with a fixed capacity (Map keeps insertion order; a hit re-inserts). */
export class LruMap<V> {
  private readonly entries = new Map<string, V>()
  readonly capacity: number
  constructor(capacity: number) {
    this.capacity = Math.max(1, capacity)
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key)
    if (value !== undefined) {
      this.entries.delete(key)
      this.entries.set(key, value)
    }
    return value
  }

  set(key: string, value: V): void {
    if (this.entries.has(key)) this.entries.delete(key)
    else if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next()
      if (oldest.done !== true) this.entries.delete(oldest.value)
    }
    this.entries.set(key, value)
  }

  get size(): number {
    return this.entries.size
  }
}

const noWait: Effect.Effect<LmCompletion | undefined> = Effect.succeed(undefined)
const alone: InFlightCall = { leader: true, wait: noWait, settle: () => {} }

// With the cache off every call is the caller's own: no coalescing either.
const disabled: LanguageModelCacheShape = {
  enabled: false,
  lookup: () => Effect.succeed(undefined),
  save: () => Effect.void,
  join: () => alone,
  stats: () => ({ hits: 0, misses: 0, storeHits: 0, storeErrors: 0, coalesced: 0, entries: 0 })
}

/** Options of the memory level. */
export interface CacheOptions {
  /** Memory LRU capacity (entries). Default 100,000 (DSPy defaults to 1,000,000). */
  readonly maxEntries?: number
}

/** Builds a cache: memory LRU, then `store` when given. */
export const makeLanguageModelCache = (
  options: CacheOptions = {},
  store?: CacheStoreShape
): LanguageModelCacheShape => {
  const memory = new LruMap<LmCompletion>(options.maxEntries ?? 100_000)
  let hits = 0
  let misses = 0
  let storeHits = 0
  let storeErrors = 0
  let coalesced = 0
  // Keys at the provider, each with the callbacks of the followers waiting for it (made only when one comes).
  const inFlight = new Map<string, { waiters: Array<(completion: LmCompletion | undefined) => void> | undefined }>()
  // Both touch the LRU and the counters when their effect runs, not when they are called: an effect built
  // and never run (or run twice) must not reorder the LRU or count a hit.
  const lookup = (key: string): Effect.Effect<LmCompletion | undefined> => Effect.suspend(() => lookupNow(key))
  const lookupNow = (key: string): Effect.Effect<LmCompletion | undefined> => {
    const cached = memory.get(key)
    if (cached !== undefined) {
      hits++
      return Effect.succeed(cached)
    }
    if (store === undefined) {
      misses++
      return Effect.succeed(undefined)
    }
    return store.get(key).pipe(
      Effect.map((found) => {
        if (found === undefined) {
          misses++
          return undefined
        }
        hits++
        storeHits++
        memory.set(key, found)
        return found
      }),
      Effect.catch(() =>
        Effect.sync(() => {
          storeErrors++
          misses++
          return undefined
        })
      )
    )
  }
  const save = (key: string, completion: LmCompletion): Effect.Effect<void> =>
    Effect.suspend(() => {
      memory.set(key, completion)
      if (store === undefined) return Effect.void
      return store.set(key, completion).pipe(
        Effect.catch(() =>
          Effect.sync(() => {
            storeErrors++
          })
        )
      )
    })
  const join = (key: string): InFlightCall => {
    const running = inFlight.get(key)
    if (running !== undefined) {
      const wait = Effect.callback<LmCompletion | undefined>((resume) => {
        const waiter = (completion: LmCompletion | undefined) => resume(Effect.succeed(completion))
        running.waiters ??= []
        running.waiters.push(waiter)
        // An interrupted follower stops waiting; the leader's answer then goes to the others only.
        return Effect.sync(() => {
          const index = running.waiters?.indexOf(waiter) ?? -1
          if (index >= 0) running.waiters?.splice(index, 1)
        })
      }).pipe(
        Effect.tap((completion) =>
          Effect.sync(() => {
            if (completion === undefined) return
            coalesced++
            hits++
            misses--
          })
        )
      )
      return { leader: false, wait, settle: () => {} }
    }
    const flight: { waiters: Array<(completion: LmCompletion | undefined) => void> | undefined } = {
      waiters: undefined
    }
    inFlight.set(key, flight)
    let settled = false
    return {
      leader: true,
      wait: noWait,
      settle: (completion) => {
        if (settled) return
        settled = true
        if (inFlight.get(key) === flight) inFlight.delete(key)
        const waiters = flight.waiters
        flight.waiters = undefined
        if (waiters !== undefined) for (const waiter of waiters) waiter(completion)
      }
    }
  }
  return {
    enabled: true,
    lookup,
    save,
    join,
    stats: () => ({ hits, misses, storeHits, storeErrors, coalesced, entries: memory.size })
  }
}

const reference = Context.Reference<LanguageModelCacheShape>("@preflight/core-signatures/LanguageModelCache", {
  defaultValue: () => disabled
})

/**
 * The response cache of language-model calls. Off unless a layer provides it:
 * `LanguageModelCache.layerMemory()` (LRU only) or `LanguageModelCache.layer()` (LRU + the `CacheStore` service).
 */
export const LanguageModelCache = Object.assign(reference, {
  /** Memory-only LRU cache. */
  layerMemory: (options: CacheOptions = {}): Layer.Layer<never> =>
    Layer.effect(
      reference,
      Effect.sync(() => makeLanguageModelCache(options))
    ),
  /** LRU in front of the provided `CacheStore`. */
  layer: (options: CacheOptions = {}): Layer.Layer<never, never, CacheStore> =>
    Layer.effect(
      reference,
      Effect.gen(function* () {
        const store = yield* CacheStore
        return makeLanguageModelCache(options, store)
      })
    ),
  /** Turns caching off inside `effect` (e.g. to measure a provider). */
  disabled
})
