// Retries for transient provider faults, as an Effect `Schedule`: exponential backoff with "equal jitter" (AWS
// Architecture Blog, "Exponential Backoff and Jitter", 2015), the server's Retry-After honoured on 429, attempts
// counted on the final error, and non-retryable errors (4xx that will not change) returned at once. The jitter of each
// request is drawn from its own stream, derived from its cache key, so concurrent calls that hit one 429
// burst spread out on retry instead of coming back in lockstep.

import { SeededRandom } from "@preflight/numeric"
import { Effect, Schedule } from "effect"
import { LmConnectionError, type LmError, LmRateLimited, LmServerError, LmTimeout } from "../errors.ts"
import { requestKey } from "./request-key.ts"
import type { LmRequest } from "./types.ts"

/** How a provider call is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt (DSPy passes `num_retries=3` to LiteLLM). */
  readonly maxRetries: number
  /** Delay before the first retry; doubles each time. */
  readonly baseDelayMs: number
  /** Cap on one backoff delay. */
  readonly maxDelayMs: number
  /** Longest Retry-After we wait for; a longer one ends the retries. */
  readonly maxRetryAfterMs: number
  /** Seed of the jitter, a safe integer (same seed + same request → same delays). */
  readonly jitterSeed: number
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
  jitterSeed: 0
}

/** The backoff before retry number `retry` (1-based): base·2^(retry−1) capped, then half of it jittered. */
export const backoffDelayMs = (policy: RetryPolicy, retry: number, stream: number): number => {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  // The jitter of retry `retry` of stream `stream`: one draw of its own fork, whatever other requests drew.
  const jitter = new SeededRandom(policy.jitterSeed).fork(stream).fork(retry).next()
  return exponential / 2 + (exponential / 2) * jitter
}

/**
 * The jitter stream of a request: the first 32 bits of its cache key (SHA-256 of the canonical request), so
 * requests differing in any message or setting (rollout id, response format) get unrelated delays, and the
 * same request gets the same delays run after run.
 */
export const jitterStreamOf = (request: LmRequest): number => Number.parseInt(requestKey(request).slice(0, 8), 16)

/** A copy of a retryable error that records how many attempts were made. */
export const withAttempts = (error: LmError, attempts: number): LmError => {
  switch (error._tag) {
    case "LmRateLimited":
      return new LmRateLimited({
        status: error.status,
        retryAfterMs: error.retryAfterMs,
        attempts,
        detail: error.detail
      })
    case "LmServerError":
      return new LmServerError({ status: error.status, attempts, detail: error.detail })
    case "LmTimeout":
      return new LmTimeout({ timeoutMs: error.timeoutMs, attempts })
    case "LmConnectionError":
      return new LmConnectionError({ attempts, detail: error.detail })
    default:
      return error
  }
}

/** The wait before retrying after `error` (retry number `retry`, 1-based): the server's Retry-After, else the backoff. */
const delayAfter = (error: LmError, retry: number, policy: RetryPolicy, stream: number): number =>
  error._tag === "LmRateLimited" && error.retryAfterMs !== undefined
    ? Math.max(error.retryAfterMs, 0)
    : backoffDelayMs(policy, retry, stream)

/** Whether to retry after `error`: a retryable error whose Retry-After, if any, is one we are willing to wait. */
const worthRetrying = (error: LmError, policy: RetryPolicy): boolean =>
  error.retryable &&
  !(error._tag === "LmRateLimited" && error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs)

/**
 * The retry schedule of one request: at most `maxRetries` retries, only after a retryable error whose
 * Retry-After (if any) is at most `maxRetryAfterMs`, waiting that Retry-After or the jittered backoff.
 * `stream` decorrelates the jitter of different requests (`jitterStreamOf(request)`).
 */
export const retrySchedule = (policy: RetryPolicy, stream: number): Schedule.Schedule<number, LmError> =>
  Schedule.recurs(policy.maxRetries).pipe(
    Schedule.while<LmError, number>(({ input }) => worthRetrying(input, policy)),
    Schedule.modifyDelay(({ input, attempt }) => Effect.succeed(delayAfter(input, attempt, policy, stream)))
  )

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the retries are spent, on
 * {@link retrySchedule}; the final error records how many attempts were made.
 */
export const retryTransient = <A, R>(
  attempt: Effect.Effect<A, LmError, R>,
  policy: RetryPolicy,
  stream: number
): Effect.Effect<A, LmError, R> =>
  Effect.suspend(() => {
    let attempts = 0
    return Effect.suspend(() => {
      attempts++
      return attempt
    }).pipe(
      Effect.retry(retrySchedule(policy, stream)),
      Effect.mapError((error) => withAttempts(error, attempts))
    )
  })
