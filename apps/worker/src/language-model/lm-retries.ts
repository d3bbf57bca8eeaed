// Retries of transient language-model faults around any `LanguageModel` layer, for jobs: a rate limit or a 5xx
// that outlasts the provider layer's own quick retries (the OpenAI layer makes three in a few seconds) would
// otherwise fail a whole calibration of thousands of calls, and the queue's job-level retry would start it
// again from the beginning. Waits the server's Retry-After when it sent one, else an exponential, capped,
// jittered backoff; errors that repeating will not fix (`retryable: false`) are returned at once.
import {
  LanguageModel,
  LmConnectionError,
  type LmError,
  LmRateLimited,
  LmServerError,
  LmTimeout
} from "@preflight/core-signatures"
import { Duration, Effect, Layer, Schedule } from "effect"

/** How a job's language-model calls are retried. */
export interface LmRetryPolicy {
  /** Retries after the first attempt of one call. */
  readonly maxRetries: number
  /** Delay before the first retry; doubled each retry (jittered by ×[0.8, 1.2]). */
  readonly baseDelayMs: number
  /** Cap on one delay, the server's Retry-After included. */
  readonly maxDelayMs: number
}

/**
 * Six retries from a quarter second, capped at ten seconds: a call is given up after about 16 s of faults. At a
 * 30% failure rate of independent calls, one call in ~4,600 still fails (0.3^7) and its job is retried whole.
 */
export const DEFAULT_LM_RETRY_POLICY: LmRetryPolicy = { maxRetries: 6, baseDelayMs: 250, maxDelayMs: 10_000 }

/** The error of the last attempt, counting every attempt made (the provider layer's own included). */
const withTotalAttempts = (error: LmError, attempts: number): LmError => {
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

const attemptsOf = (error: LmError): number => ("attempts" in error ? error.attempts : 1)

const retrySchedule = (policy: LmRetryPolicy) =>
  Schedule.exponential(Duration.millis(policy.baseDelayMs)).pipe(
    Schedule.jittered,
    Schedule.modifyDelay(({ input, duration }: { readonly input: LmError; readonly duration: Duration.Duration }) =>
      Effect.succeed(
        Duration.min(
          input._tag === "LmRateLimited" && input.retryAfterMs !== undefined
            ? Duration.millis(input.retryAfterMs)
            : duration,
          Duration.millis(policy.maxDelayMs)
        )
      )
    ),
    Schedule.upTo({ times: policy.maxRetries })
  )

/** `complete` of `model` with transient faults retried under `policy`. */
export const retryingLanguageModel = (
  model: LanguageModel["Service"],
  policy: LmRetryPolicy = DEFAULT_LM_RETRY_POLICY
): LanguageModel["Service"] => {
  const schedule = retrySchedule(policy)
  return {
    ...model,
    complete: (request) =>
      Effect.suspend(() => {
        let attempts = 0
        return Effect.suspend(() => model.complete(request)).pipe(
          Effect.tapError((error) =>
            Effect.sync(() => {
              attempts += attemptsOf(error)
            })
          ),
          Effect.retry({ schedule, while: (error) => error.retryable }),
          Effect.mapError((error) => withTotalAttempts(error, attempts))
        )
      })
  }
}

/** `layer`'s language model with transient faults retried under `policy`. */
export const withLmRetries =
  (policy: LmRetryPolicy = DEFAULT_LM_RETRY_POLICY) =>
  <E, R>(layer: Layer.Layer<LanguageModel, E, R>): Layer.Layer<LanguageModel, E, R> =>
    Layer.effect(
      LanguageModel,
      Effect.map(LanguageModel, (model) => retryingLanguageModel(model, policy))
    ).pipe(Layer.provide(layer))
