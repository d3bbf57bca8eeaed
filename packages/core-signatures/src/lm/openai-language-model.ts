// The OpenAI layer of LanguageModel: the official `openai` SDK against OpenAI or any OpenAI-compatible
// server (vLLM, Ollama, llama.cpp, Azure), settings from Config, Effect owning timeouts and retries (the
// SDK's own retries are off), every failure mapped to a typed error, structured outputs with a
// `json_object` fallback for servers that reject `json_schema`.
import { Config, Duration, Effect, Layer, Redacted } from "effect"
import OpenAI from "openai"
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions"
import {
  LmConnectionError,
  LmContextWindowExceeded,
  type LmError,
  LmInvalidResponse,
  LmRateLimited,
  LmRequestRejected,
  LmServerError,
  LmTimeout
} from "../errors.ts"
import { LanguageModel, type LanguageModelShape } from "./language-model.ts"
import { defaultRetryPolicy, jitterStreamOf, type RetryPolicy, retryTransient } from "./retry.ts"
import type { LmCompletion, LmRequest } from "./types.ts"

/** Options of the OpenAI layer. */
export interface OpenAiOptions {
  readonly apiKey: string | Redacted.Redacted<string>
  /** Any OpenAI-compatible endpoint, e.g. `http://localhost:8000/v1`; OpenAI's when omitted. */
  readonly baseUrl?: string | undefined
  readonly model: string
  readonly temperature?: number | undefined
  readonly maxTokens?: number | undefined
  readonly n?: number | undefined
  readonly seed?: number | undefined
  /** Per-attempt timeout. Default 60 s. */
  readonly timeoutMs?: number | undefined
  readonly retry?: Partial<RetryPolicy> | undefined
  readonly organization?: string | undefined
  /**
   * Which request field carries the token limit. OpenAI's reasoning models (o1, o3, o4, gpt-5) accept only
   * `max_completion_tokens`; most compatible servers expect `max_tokens`. Default: chosen from the model name.
   */
  readonly maxTokensField?: "max_tokens" | "max_completion_tokens" | undefined
}

const REASONING_MODEL = /^(o\d|gpt-5)/

const headerValue = (headers: unknown, name: string): string | undefined => {
  if (headers instanceof Headers) return headers.get(name) ?? undefined
  return undefined
}

/** Retry-After as milliseconds: `retry-after-ms`, then `retry-after` in seconds or as an HTTP date. */
export const parseRetryAfterMs = (headers: unknown, nowMs: number): number | undefined => {
  const milliseconds = headerValue(headers, "retry-after-ms")
  if (milliseconds !== undefined && Number.isFinite(Number(milliseconds))) return Number(milliseconds)
  const value = headerValue(headers, "retry-after")
  if (value === undefined) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return seconds * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}

/** Maps anything the SDK throws to a typed error (attempts are filled in by the retry loop). */
export const toLmError = (error: unknown, timeoutMs: number): LmError => {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new LmTimeout({ timeoutMs, attempts: 1 })
  if (error instanceof OpenAI.APIConnectionError) return new LmConnectionError({ attempts: 1, detail: error.message })
  if (error instanceof OpenAI.APIError) {
    const status = error.status
    const detail = error.message
    if (status === undefined) return new LmConnectionError({ attempts: 1, detail })
    if (status === 429) {
      return new LmRateLimited({
        status,
        retryAfterMs: parseRetryAfterMs(error.headers, Date.now()),
        attempts: 1,
        detail
      })
    }
    if (status === 408) return new LmTimeout({ timeoutMs, attempts: 1 })
    if (status === 409 || status >= 500) return new LmServerError({ status, attempts: 1, detail })
    const code = error.code ?? undefined
    if (code === "context_length_exceeded" || /maximum context length|context window/i.test(detail)) {
      return new LmContextWindowExceeded({ detail })
    }
    return new LmRequestRejected({ status, code, detail })
  }
  return new LmInvalidResponse({ detail: error instanceof Error ? error.message : String(error) })
}

const toBody = (
  request: LmRequest,
  maxTokensField: "max_tokens" | "max_completion_tokens"
): ChatCompletionCreateParamsNonStreaming => {
  const body: ChatCompletionCreateParamsNonStreaming = {
    model: request.model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content }))
  }
  if (request.temperature !== undefined) body.temperature = request.temperature
  if (request.maxTokens !== undefined) body[maxTokensField] = request.maxTokens
  if (request.n > 1) body.n = request.n
  if (request.seed !== undefined) body.seed = request.seed
  const format = request.responseFormat
  if (format !== undefined) {
    body.response_format =
      format.type === "json_schema"
        ? {
            type: "json_schema",
            json_schema: { name: format.name, schema: { ...format.schema }, strict: format.strict }
          }
        : { type: format.type }
  }
  return body
}

const toCompletion = (
  response: ChatCompletion,
  fallbackModel: string
): Effect.Effect<LmCompletion, LmInvalidResponse> => {
  const choices = [...response.choices].sort((a, b) => a.index - b.index)
  if (choices.length === 0) return Effect.fail(new LmInvalidResponse({ detail: "the response has no choices" }))
  const outputs: string[] = []
  for (const choice of choices) {
    const content = choice.message.content
    if (content === null || content === undefined) {
      const refusal = choice.message.refusal
      return Effect.fail(
        new LmInvalidResponse({
          detail:
            refusal === null || refusal === undefined ? "a choice has no content" : `the model refused: ${refusal}`
        })
      )
    }
    outputs.push(content)
  }
  const promptTokens = response.usage?.prompt_tokens ?? 0
  const completionTokens = response.usage?.completion_tokens ?? 0
  return Effect.succeed({
    outputs,
    model: response.model === "" ? fallbackModel : response.model,
    usage: {
      promptTokens,
      completionTokens,
      totalTokens: response.usage?.total_tokens ?? promptTokens + completionTokens
    }
  })
}

/** Builds the service (also usable without a Layer, e.g. to wrap it). */
export const makeOpenAiLanguageModel = (options: OpenAiOptions): LanguageModelShape => {
  const timeoutMs = options.timeoutMs ?? 60_000
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry }
  const client = new OpenAI({
    apiKey: typeof options.apiKey === "string" ? options.apiKey : Redacted.value(options.apiKey),
    ...(options.baseUrl === undefined ? {} : { baseURL: options.baseUrl }),
    ...(options.organization === undefined ? {} : { organization: options.organization }),
    // Effect owns retries and timeouts; the SDK's own would multiply attempts and hide them from us.
    maxRetries: 0,
    timeout: timeoutMs + 5_000
  })
  const attempt = (request: LmRequest): Effect.Effect<LmCompletion, LmError> => {
    const field =
      options.maxTokensField ?? (REASONING_MODEL.test(request.model) ? "max_completion_tokens" : "max_tokens")
    const body = toBody(request, field)
    return Effect.tryPromise({
      try: (signal) => client.chat.completions.create(body, { signal }),
      catch: (error) => toLmError(error, timeoutMs)
    }).pipe(
      Effect.timeoutOrElse({
        duration: Duration.millis(timeoutMs),
        orElse: () => Effect.fail(new LmTimeout({ timeoutMs, attempts: 1 }))
      }),
      Effect.flatMap((response) => toCompletion(response, request.model))
    )
  }
  // Each request retries on its own jitter stream: seeding by model and message count made every persona
  // call of a batch (same model, same number of messages) wait the same delays after a 429 burst.
  const withRetries = (request: LmRequest): Effect.Effect<LmCompletion, LmError> =>
    retryTransient(attempt(request), policy, jitterStreamOf(request))
  const complete = (request: LmRequest): Effect.Effect<LmCompletion, LmError> =>
    withRetries(request).pipe(
      // DSPy's JSONAdapter falls back to `json_object` when a provider cannot do `json_schema`.
      Effect.catchTag("LmRequestRejected", (error) =>
        request.responseFormat?.type === "json_schema" && (error.status === 400 || error.status === 422)
          ? withRetries({ ...request, responseFormat: { type: "json_object" } })
          : Effect.fail(error)
      ),
      Effect.withSpan("OpenAiLanguageModel.complete", { attributes: { "lm.model": request.model } })
    )
  return {
    provider: "openai",
    defaults: {
      model: options.model,
      temperature: options.temperature,
      maxTokens: options.maxTokens,
      n: options.n,
      seed: options.seed
    },
    complete
  }
}

/**
 * The OpenAI layer from explicit options.
 * @example OpenAiLanguageModel.layer({ apiKey, model: "gpt-4o-mini", baseUrl: "http://localhost:11434/v1" })
 */
const layer = (options: OpenAiOptions): Layer.Layer<LanguageModel> =>
  Layer.sync(LanguageModel, () => makeOpenAiLanguageModel(options))

/**
 * The OpenAI layer from Config: `<PREFIX>_API_KEY` (required), `_BASE_URL`, `_MODEL` (default gpt-4o-mini),
 * `_TEMPERATURE`, `_MAX_TOKENS`, `_N`, `_SEED`, `_TIMEOUT` (a duration, default 60 seconds), `_MAX_RETRIES`
 * (default 3). The prefix defaults to `OPENAI`; another prefix gives a second model (e.g. `STRONG_LM`).
 */
const layerConfig = (prefix = "OPENAI"): Layer.Layer<LanguageModel, Config.ConfigError> =>
  Layer.effect(
    LanguageModel,
    Effect.gen(function* () {
      const name = (suffix: string): string => `${prefix}_${suffix}`
      const apiKey = yield* Config.Redacted(name("API_KEY"))
      const baseUrl = yield* Config.String(name("BASE_URL")).pipe(Config.option)
      const model = yield* Config.String(name("MODEL")).pipe(Config.withDefault("gpt-4o-mini"))
      const temperature = yield* Config.Number(name("TEMPERATURE")).pipe(Config.option)
      const maxTokens = yield* Config.Int(name("MAX_TOKENS")).pipe(Config.option)
      const n = yield* Config.Int(name("N")).pipe(Config.option)
      const seed = yield* Config.Int(name("SEED")).pipe(Config.option)
      const timeout = yield* Config.Duration(name("TIMEOUT")).pipe(Config.withDefault(Duration.seconds(60)))
      const maxRetries = yield* Config.Int(name("MAX_RETRIES")).pipe(Config.withDefault(3))
      const value = <A>(
        option: { readonly _tag: "Some"; readonly value: A } | { readonly _tag: "None" }
      ): A | undefined => (option._tag === "Some" ? option.value : undefined)
      return makeOpenAiLanguageModel({
        apiKey,
        baseUrl: value(baseUrl),
        model,
        temperature: value(temperature),
        maxTokens: value(maxTokens),
        n: value(n),
        seed: value(seed),
        timeoutMs: Duration.toMillis(timeout),
        retry: { maxRetries }
      })
    })
  )

/** Layers of the OpenAI-compatible language model. */
export const OpenAiLanguageModel = { layer, layerConfig, make: makeOpenAiLanguageModel }
