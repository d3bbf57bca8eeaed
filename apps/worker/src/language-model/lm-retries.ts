// Retries of transient language-model faults around any `LanguageModel` layer, for jobs: a rate limit or a 5xx
// that outlasts the provider layer's own quick retries (the OpenAI layer makes three in a few seconds) would
// otherwise fail a whole calibration of thousands of calls, and the queue's job-level retry would start it
// again from the beginning. The schedule is core-signatures' `retryTransient` (the server's Retry-After, else
// exponential backoff with equal jitter seeded per request; non-retryable errors returned at once), with a
// longer policy than a provider's.
import { jitterStreamOf, LanguageModel, type RetryPolicy, retryTransient } from "@preflight/core-signatures"
import { Effect, Layer } from "effect"

/** How a job's language-model calls are retried: core-signatures' RetryPolicy, the jitter seed and the longest Retry-After optional. */
export type LmRetryPolicy = Pick<RetryPolicy, "maxRetries" | "baseDelayMs" | "maxDelayMs"> &
  Partial<Pick<RetryPolicy, "maxRetryAfterMs" | "jitterSeed">>

/**
 * Six retries from a quarter second, capped at ten seconds: a call is given up after about 16 s of faults. At a
 * 30% failure rate of independent calls, one call in ~4,600 still fails (0.3^7) and its job is retried whole.
 */
export const DEFAULT_LM_RETRY_POLICY: LmRetryPolicy = { maxRetries: 6, baseDelayMs: 250, maxDelayMs: 10_000 }

const fullPolicy = (policy: LmRetryPolicy): RetryPolicy => ({
  maxRetryAfterMs: 120_000,
  jitterSeed: 0,
  ...policy
})

/** `complete` of `model` with transient faults retried under `policy`; the final error counts the attempts. */
export const retryingLanguageModel = (
  model: LanguageModel["Service"],
  policy: LmRetryPolicy = DEFAULT_LM_RETRY_POLICY
): LanguageModel["Service"] => {
  const retryPolicy = fullPolicy(policy)
  return {
    ...model,
    complete: (request) => retryTransient(model.complete(request), retryPolicy, jitterStreamOf(request))
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
