// The language model jobs run on: by default the OpenAI-compatible layer when OPENAI_API_KEY is set, else the
// offline persona model (personas' `defaultLanguageModelLayer`), seeded by the job, always behind the worker's
// retries of transient faults (lm-retries.ts). A reference with a default, so the built-in queues need nothing
// extra from whoever starts a worker; a test or an embedding app replaces the base model or the policy with
// `Layer.succeed(JobLanguageModel, …)`.
import type { LanguageModel } from "@preflight/core-signatures"
import { defaultLanguageModelLayer } from "@preflight/personas"
import { type Config, Context, Effect, type Layer } from "effect"
import { DEFAULT_LM_RETRY_POLICY, type LmRetryPolicy, withLmRetries } from "./lm-retries.ts"

export interface JobLanguageModelShape {
  /** The base model of a job with this seed (the seed matters to the offline model only). */
  readonly forSeed: (seed: number) => Layer.Layer<LanguageModel, Config.ConfigError>
  readonly retryPolicy: LmRetryPolicy
}

export const JobLanguageModel = Context.Reference<JobLanguageModelShape>("@preflight/worker/JobLanguageModel", {
  defaultValue: () => ({ forSeed: (seed) => defaultLanguageModelLayer({ seed }), retryPolicy: DEFAULT_LM_RETRY_POLICY })
})

/** The language model of a job seeded `seed`: the configured base model behind the retry policy. */
export const jobLanguageModelLayer = (seed: number) =>
  Effect.map(JobLanguageModel, ({ forSeed, retryPolicy }) => withLmRetries(retryPolicy)(forSeed(seed)))
