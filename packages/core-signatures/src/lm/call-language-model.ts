// Every language-model call goes through here: cache lookup, budget reservation, the provider call, usage
// and cost settlement, cache save and the history entry, all inside one `LanguageModel.call` span that
// carries the call's latency, tokens, cost and SHA-256 digests of its messages and outputs (computed only
// when a tracer is installed).
import { Cause, Clock, Context, Effect, Result, Tracer } from "effect"
import type { BudgetExceeded, LmError, UnpricedModel } from "../errors.ts"
import { type InFlightCall, LanguageModelCache } from "./cache.ts"
import { LanguageModel } from "./language-model.ts"
import { messagesDigest, outputsDigest, requestKey } from "./request-key.ts"
import { type LmCompletion, type LmRequest, zeroUsage } from "./types.ts"
import { type HistoryEntry, UsageLedger } from "./usage-ledger.ts"

/** A completed call: the completion plus whether it came from the cache and how long it took. */
export interface LmCallResult {
  readonly request: LmRequest
  readonly completion: LmCompletion
  readonly cacheHit: boolean
  readonly latencyMs: number
}

/**
 * Whether `LanguageModel.call` spans also carry the full text of the messages and outputs (`lm.messages`,
 * `lm.outputs`, as JSON). Off by default: prompts may hold personal data and spans leave the process; the
 * digests `lm.messages_sha256` and `lm.outputs_sha256` are always there to match a span with its history
 * entry. Turn it on for a run with `Effect.provideService(LmSpanText, true)`.
 */
export const LmSpanText = Context.Reference<boolean>("@preflight/core-signatures/LmSpanText", {
  defaultValue: () => false
})

const errorText = (cause: Cause.Cause<unknown>): string => {
  const failure = Cause.findErrorOption(cause)
  if (failure._tag === "Some") {
    const error = failure.value
    return error instanceof Error ? error.message : String(error)
  }
  return Cause.hasInterruptsOnly(cause) ? "interrupted" : Cause.pretty(cause)
}

const outputChars = (outputs: ReadonlyArray<string>): number => {
  let chars = 0
  for (const output of outputs) chars += output.length
  return chars
}

/** The span attributes of a call that returned (from the provider or the cache). */
const contentAttributes = (
  request: LmRequest,
  completion: LmCompletion,
  latencyMs: number,
  costUsd: number,
  cacheHit: boolean,
  withText: boolean
): Record<string, unknown> => {
  const attributes: Record<string, unknown> = {
    "lm.cache_hit": cacheHit,
    "lm.latency_ms": latencyMs,
    "lm.response_model": completion.model,
    "lm.prompt_tokens": completion.usage.promptTokens,
    "lm.completion_tokens": completion.usage.completionTokens,
    "lm.total_tokens": completion.usage.totalTokens,
    "lm.cost_usd": costUsd,
    "lm.message_count": request.messages.length,
    "lm.messages_sha256": messagesDigest(request.messages),
    "lm.outputs_sha256": outputsDigest(completion.outputs),
    "lm.output_chars": outputChars(completion.outputs)
  }
  if (withText) {
    attributes["lm.messages"] = JSON.stringify(request.messages)
    attributes["lm.outputs"] = JSON.stringify(completion.outputs)
  }
  return attributes
}

// The references a call reads, in one fiber access: each `yield*` of a reference costs a fiber step on a
// path the benchmark holds to ≤ 50 µs per Predict.
const callContext = Effect.withFiberSucceed((fiber) => ({
  cache: fiber.getRef(LanguageModelCache),
  ledger: fiber.getRef(UsageLedger.Current),
  clock: fiber.getRef(Clock.Clock),
  // Effect's documented test for "no tracing backend": spans of the built-in tracer reach no one, so the
  // hashing behind the content attributes is skipped.
  traced: fiber.getRef(Tracer.Tracer) !== Tracer.nativeTracer,
  withText: fiber.getRef(LmSpanText)
}))

/**
 * Calls the language model for a resolved request on behalf of `modulePath`, using the cache, the usage
 * ledger (budget, cost, history) and the current `LanguageModel` layer. Latency is measured on Effect's
 * `Clock`, so it is virtual under `TestClock`. Cache hits are free and need no budget, not even a price.
 */
export const callLanguageModel = (
  request: LmRequest,
  modulePath: string
): Effect.Effect<LmCallResult, LmError | BudgetExceeded | UnpricedModel, LanguageModel> =>
  Effect.suspend(() => {
    // Set when this run leads an in-flight request key; settled on success, or with nothing on any exit.
    let flight: InFlightCall | undefined
    return Effect.gen(function* () {
      const lm = yield* LanguageModel
      const { cache, ledger, clock, traced, withText } = yield* callContext
      const startedAtMs = clock.currentTimeMillisUnsafe()
      const startedNanos = clock.monotonicTimeNanosUnsafe()
      const elapsedMs = (): number => Number(clock.monotonicTimeNanosUnsafe() - startedNanos) / 1e6
      const key = cache.enabled ? requestKey(request) : undefined
      // The history entry of this call; the fields every outcome shares are filled in here.
      const record = (
        entry: Pick<HistoryEntry, "model" | "outputs" | "usage" | "costUsd" | "latencyMs" | "cacheHit" | "error">
      ) =>
        ledger?.record({
          ...entry,
          modulePath,
          provider: lm.provider,
          messages: request.messages,
          startedAtMs,
          rolloutId: request.rolloutId
        })
      // An answer from the cache, or from an identical request that was at the provider (`coalesced`).
      const answered = (hit: LmCompletion, coalesced: boolean) => {
        const latencyMs = elapsedMs()
        if (ledger !== undefined) {
          ledger.cacheHit(modulePath, hit.model)
          record({
            model: hit.model,
            outputs: hit.outputs,
            usage: zeroUsage,
            costUsd: 0,
            latencyMs,
            cacheHit: true,
            error: undefined
          })
        }
        // A hit bills nothing: its span reports zero tokens, like its history entry.
        const billed: LmCompletion = { ...hit, usage: zeroUsage }
        const result: LmCallResult = { request, completion: hit, cacheHit: true, latencyMs }
        const attributes = traced
          ? contentAttributes(request, billed, latencyMs, 0, true, withText)
          : { "lm.cache_hit": true }
        return Effect.as(
          Effect.annotateCurrentSpan(coalesced ? { ...attributes, "lm.coalesced": true } : attributes),
          result
        )
      }
      if (key !== undefined) {
        const hit = yield* cache.lookup(key)
        if (hit !== undefined) return yield* answered(hit, false)
        const joined = cache.join(key)
        if (joined.leader) flight = joined
        else {
          const shared = yield* joined.wait
          if (shared !== undefined) return yield* answered(shared, true)
        }
      }
      // The provider call: budget, the call itself, settlement, cache save and history.
      if (ledger !== undefined) {
        const reserved = ledger.reserve(request.model)
        if (Result.isFailure(reserved)) return yield* Effect.fail(reserved.failure)
      }
      const completion = yield* lm.complete(request).pipe(
        Effect.onError((cause) => {
          const latencyMs = elapsedMs()
          if (ledger !== undefined) {
            ledger.fail(modulePath, request.model)
            record({
              model: request.model,
              outputs: [],
              usage: zeroUsage,
              costUsd: 0,
              latencyMs,
              cacheHit: false,
              error: errorText(cause)
            })
          }
          return traced
            ? Effect.annotateCurrentSpan({
                "lm.cache_hit": false,
                "lm.latency_ms": latencyMs,
                "lm.messages_sha256": messagesDigest(request.messages)
              })
            : Effect.void
        })
      )
      const latencyMs = elapsedMs()
      const costUsd =
        ledger === undefined ? 0 : ledger.settle(modulePath, completion.model, completion.usage, request.model)
      if (key !== undefined) yield* cache.save(key, completion)
      flight?.settle(completion)
      record({
        model: completion.model,
        outputs: completion.outputs,
        usage: completion.usage,
        costUsd,
        latencyMs,
        cacheHit: false,
        error: undefined
      })
      yield* traced
        ? Effect.annotateCurrentSpan(contentAttributes(request, completion, latencyMs, costUsd, false, withText))
        : Effect.annotateCurrentSpan({ "lm.cache_hit": false, "lm.total_tokens": completion.usage.totalTokens })
      return { request, completion, cacheHit: false, latencyMs }
    }).pipe(
      // A leader that failed or was interrupted releases its followers with nothing (they call themselves).
      Effect.onExit(() => {
        flight?.settle(undefined)
        return Effect.void
      })
    )
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
