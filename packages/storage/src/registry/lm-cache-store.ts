// `LmCacheStore`: the persistent language-model response cache (table `lm_cache`). `get` and `set` have the
// shape of @preflight/core-signatures' `CacheStoreShape` (and fail with an error of the same structure, tag
// "CacheStoreError"), so an app can provide it as the second cache level behind the memory LRU; storage
// itself does not depend on core-signatures.
import { Context, Data, Effect, Layer } from "effect"
import { Database } from "../database.ts"
import { jsonParam, readJson } from "./registry-values.ts"

/** Tokens billed for one call (same structure as core-signatures' `TokenUsage`). */
export type CachedTokenUsage = {
  readonly promptTokens: number
  readonly completionTokens: number
  readonly totalTokens: number
}

/** A cached completion (same structure as core-signatures' `LmCompletion`). */
export type CachedCompletion = {
  readonly outputs: ReadonlyArray<string>
  readonly usage: CachedTokenUsage
  readonly model: string
}

/**
 * A cache read or write failed. Tagged "CacheStoreError" with `operation` and `cause`, like core-signatures'
 * CacheStoreError, which the language-model cache turns into a memory-only fallback.
 */
export class LmCacheStoreError extends Data.TaggedError("CacheStoreError")<{
  readonly operation: "get" | "set"
  readonly cause: unknown
}> {
  override get message(): string {
    return `Cache store ${this.operation} failed: ${String(this.cause)}`
  }
}

export interface LmCacheStoreShape {
  readonly get: (key: string) => Effect.Effect<CachedCompletion | undefined, LmCacheStoreError>
  /** Stores (or replaces) the completion for `key`. */
  readonly set: (key: string, completion: CachedCompletion) => Effect.Effect<void, LmCacheStoreError>
  readonly count: () => Effect.Effect<number, LmCacheStoreError>
}

const isCompletion = (value: unknown): value is CachedCompletion => {
  if (value === null || typeof value !== "object") return false
  const record = value as Record<string, unknown>
  const usage = record.usage as Record<string, unknown> | undefined
  return (
    Array.isArray(record.outputs) &&
    record.outputs.every((output) => typeof output === "string") &&
    typeof record.model === "string" &&
    usage !== undefined &&
    typeof usage.promptTokens === "number" &&
    typeof usage.completionTokens === "number" &&
    typeof usage.totalTokens === "number"
  )
}

export const makeLmCacheStore = Effect.gen(function* () {
  const db = yield* Database
  const store: LmCacheStoreShape = {
    get: (key) =>
      db
        .query<{ completion: string }>("SELECT completion::text AS completion FROM lm_cache WHERE key = $1", [key])
        .pipe(
          Effect.mapError((cause) => new LmCacheStoreError({ operation: "get", cause })),
          Effect.flatMap((rows) => {
            const row = rows[0]
            if (row === undefined) return Effect.succeed(undefined)
            const completion = readJson(row.completion)
            // An entry written by something else is treated as a miss, not trusted.
            return Effect.succeed(isCompletion(completion) ? completion : undefined)
          }),
          Effect.withSpan("LmCacheStore.get")
        ),
    set: (key, completion) =>
      db
        .execute(
          `INSERT INTO lm_cache (key, completion, model) VALUES ($1, $2::text::jsonb, $3)
           ON CONFLICT (key) DO UPDATE SET completion = EXCLUDED.completion, model = EXCLUDED.model, created_at = now()`,
          [
            key,
            jsonParam({ outputs: completion.outputs, usage: completion.usage, model: completion.model }),
            completion.model
          ]
        )
        .pipe(
          Effect.mapError((cause) => new LmCacheStoreError({ operation: "set", cause })),
          Effect.asVoid,
          Effect.withSpan("LmCacheStore.set")
        ),
    count: () =>
      db.query<{ count: number }>("SELECT count(*)::int AS count FROM lm_cache").pipe(
        Effect.map((rows) => Number(rows[0]?.count ?? 0)),
        Effect.mapError((cause) => new LmCacheStoreError({ operation: "get", cause }))
      )
  }
  return store
})

export class LmCacheStore extends Context.Service<LmCacheStore, LmCacheStoreShape>()(
  "@preflight/storage/LmCacheStore"
) {
  /** Needs a `Database`. */
  static readonly layer = Layer.effect(LmCacheStore, makeLmCacheStore)
}
