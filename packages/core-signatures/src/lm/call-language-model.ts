// Every language-model call goes through here: cache lookup, budget reservation, the provider call, usage
// and cost settlement, cache save and the history entry, all inside one `LanguageModel.call` span.
import { Cause, Effect, Result } from "effect"
import type { BudgetExceeded, LmError } from "../errors.ts"
import { LanguageModelCache } from "./cache.ts"
import { LanguageModel } from "./language-model.ts"
import { requestKey } from "./request-key.ts"
import { type LmCompletion, type LmRequest, zeroUsage } from "./types.ts"
import { UsageLedger } from "./usage-ledger.ts"

/** A completed call: the completion plus whether it came from the cache and how long it took. */
export interface LmCallResult {
  readonly request: LmRequest
  readonly completion: LmCompletion
  readonly cacheHit: boolean
  readonly latencyMs: number
}

const errorText = (cause: Cause.Cause<unknown>): string => {
  const failure = Cause.findErrorOption(cause)
  if (failure._tag === "Some") {
    const error = failure.value
    return error instanceof Error ? error.message : String(error)
  }
  return Cause.hasInterruptsOnly(cause) ? "interrupted" : Cause.pretty(cause)
}

/**
 * Calls the language model for a resolved request on behalf of `modulePath`, using the cache, the usage
 * ledger (budget, cost, history) and the current `LanguageModel` layer.
 */
export const callLanguageModel = (
  request: LmRequest,
  modulePath: string
): Effect.Effect<LmCallResult, LmError | BudgetExceeded, LanguageModel> =>
  Effect.gen(function* () {
    const lm = yield* LanguageModel
    const cache = yield* LanguageModelCache
    const ledger = yield* UsageLedger.Current
    const startedAtMs = Date.now()
    const started = performance.now()
    const key = cache.enabled ? requestKey(request) : undefined
    if (key !== undefined) {
      const hit = yield* cache.lookup(key)
      if (hit !== undefined) {
        const latencyMs = performance.now() - started
        if (ledger !== undefined) {
          ledger.cacheHit(modulePath, hit.model)
          ledger.record({
            modulePath,
            provider: lm.provider,
            model: hit.model,
            messages: request.messages,
            outputs: hit.outputs,
            usage: zeroUsage,
            costUsd: 0,
            latencyMs,
            cacheHit: true,
            startedAtMs,
            rolloutId: request.rolloutId,
            error: undefined
          })
        }
        yield* Effect.annotateCurrentSpan("lm.cache_hit", true)
        return { request, completion: hit, cacheHit: true, latencyMs }
      }
    }
    if (ledger !== undefined) {
      const reserved = ledger.reserve()
      if (Result.isFailure(reserved)) return yield* Effect.fail(reserved.failure)
    }
    const completion = yield* lm.complete(request).pipe(
      Effect.onError((cause) =>
        Effect.sync(() => {
          if (ledger === undefined) return
          ledger.fail(modulePath, request.model)
          ledger.record({
            modulePath,
            provider: lm.provider,
            model: request.model,
            messages: request.messages,
            outputs: [],
            usage: zeroUsage,
            costUsd: 0,
            latencyMs: performance.now() - started,
            cacheHit: false,
            startedAtMs,
            rolloutId: request.rolloutId,
            error: errorText(cause)
          })
        })
      )
    )
    const latencyMs = performance.now() - started
    const costUsd = ledger === undefined ? 0 : ledger.settle(modulePath, completion.model, completion.usage)
    if (key !== undefined) yield* cache.save(key, completion)
    if (ledger !== undefined) {
      ledger.record({
        modulePath,
        provider: lm.provider,
        model: completion.model,
        messages: request.messages,
        outputs: completion.outputs,
        usage: completion.usage,
        costUsd,
        latencyMs,
        cacheHit: false,
        startedAtMs,
        rolloutId: request.rolloutId,
        error: undefined
      })
    }
    yield* Effect.annotateCurrentSpan({ "lm.cache_hit": false, "lm.total_tokens": completion.usage.totalTokens })
    return { request, completion, cacheHit: false, latencyMs }
  }).pipe(
    Effect.withSpan(
      "LanguageModel.call",
      {
        attributes: { "lm.model": request.model, "lm.module_path": modulePath, "lm.n": request.n }
      },
      // Capturing a stack per span costs microseconds per call on the hot path; the attributes identify the caller.
      { captureStackTrace: false }
    )
  )
