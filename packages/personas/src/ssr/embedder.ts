// The Embedder service: texts to vectors, for semantic-similarity elicitation. Two layers: an offline
// hashing embedder (feature hashing of words and word pairs, Weinberger et al. 2009; sublinear term
// frequency; stop words down-weighted; L2-normalised) and OpenAI's embeddings endpoint (or any compatible
// server) over fetch, with settings from Config. `layerDefault` picks OpenAI when a key is configured.
import { murmurHash3 } from "@preflight/numeric"
import { Config, Context, Duration, Effect, Layer, Redacted, Schedule } from "effect"
import { STOP_WORDS } from "../creative/stop-words.ts"
import { EmbeddingError } from "../errors.ts"

export interface EmbedderShape {
  /** A name for reports ("hashing-1024", "openai:text-embedding-3-small"). */
  readonly name: string
  readonly embed: (texts: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<Float64Array>, EmbeddingError>
}

/** Cosine similarity of two vectors (0 when either is zero). */
export const cosine = (a: Float64Array, b: Float64Array): number => {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += (a[i] as number) * (b[i] as number)
    na += (a[i] as number) ** 2
    nb += (b[i] as number) ** 2
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0
}

/** Feature-hashing embedding of one text into `dimensions` (a signed hash avoids a bias from collisions). */
export const hashingEmbedding = (text: string, dimensions = 1024): Float64Array => {
  const vector = new Float64Array(dimensions)
  const words = text.toLowerCase().match(/[a-z0-9']+/g) ?? []
  const counts = new Map<string, number>()
  const add = (term: string, weight: number) => counts.set(term, (counts.get(term) ?? 0) + weight)
  words.forEach((word, index) => {
    add(word, STOP_WORDS.has(word) ? 0.3 : 1)
    const next = words[index + 1]
    if (next !== undefined) add(`${word} ${next}`, 0.7)
  })
  for (const [term, count] of counts) {
    const hash = murmurHash3(term)
    const index = hash % dimensions
    const sign = hash >>> 31 === 1 ? -1 : 1
    vector[index] = (vector[index] as number) + sign * (1 + Math.log(Math.max(count, 1e-9) + 1) - Math.log(2))
  }
  let norm = 0
  for (const value of vector) norm += value * value
  if (norm > 0) for (let i = 0; i < dimensions; i++) vector[i] = (vector[i] as number) / Math.sqrt(norm)
  return vector
}

/** Options of the OpenAI embeddings layer. */
export interface OpenAiEmbedderOptions {
  readonly apiKey: string | Redacted.Redacted<string>
  /** Default https://api.openai.com/v1; any OpenAI-compatible server works. */
  readonly baseUrl?: string | undefined
  /** Default text-embedding-3-small (TinyTroupe's default too). */
  readonly model?: string | undefined
  readonly timeoutMs?: number | undefined
  readonly maxRetries?: number | undefined
}

const makeOpenAiEmbedder = (options: OpenAiEmbedderOptions): EmbedderShape => {
  const model = options.model ?? "text-embedding-3-small"
  const url = `${(options.baseUrl ?? "https://api.openai.com/v1").replace(/\/$/, "")}/embeddings`
  const key = typeof options.apiKey === "string" ? options.apiKey : Redacted.value(options.apiKey)
  const timeoutMs = options.timeoutMs ?? 30_000
  const once = (texts: ReadonlyArray<string>) =>
    Effect.tryPromise({
      try: async (signal) => {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify({ model, input: texts }),
          signal
        })
        const body = (await response.json().catch(() => undefined)) as
          | { data?: Array<{ index: number; embedding: number[] }>; error?: { message?: string } }
          | undefined
        if (!response.ok) {
          throw new EmbeddingError({
            status: response.status,
            detail: body?.error?.message ?? response.statusText,
            retryable: response.status === 429 || response.status >= 500
          })
        }
        const data = body?.data
        if (!Array.isArray(data) || data.length !== texts.length) {
          throw new EmbeddingError({
            status: response.status,
            detail: "the response has no embedding per input",
            retryable: false
          })
        }
        return [...data].sort((a, b) => a.index - b.index).map((item) => Float64Array.from(item.embedding))
      },
      catch: (error) =>
        error instanceof EmbeddingError
          ? error
          : new EmbeddingError({
              status: undefined,
              detail: error instanceof Error ? error.message : String(error),
              retryable: true
            })
    }).pipe(
      Effect.timeoutOrElse({
        duration: Duration.millis(timeoutMs),
        orElse: () =>
          Effect.fail(
            new EmbeddingError({ status: undefined, detail: `timed out after ${timeoutMs} ms`, retryable: true })
          )
      })
    )
  // Exponential backoff on 429, 5xx, timeouts and lost connections; other errors fail at once.
  const retry = Schedule.exponential("200 millis").pipe(Schedule.upTo({ times: options.maxRetries ?? 3 }))
  return {
    name: `openai:${model}`,
    embed: (texts) =>
      texts.length === 0
        ? Effect.succeed([])
        : once(texts).pipe(Effect.retry({ schedule: retry, while: (error) => error.retryable }))
  }
}

/** Text embeddings for semantic-similarity elicitation. */
export class Embedder extends Context.Service<Embedder, EmbedderShape>()("@preflight/personas/Embedder") {
  /** The offline hashing embedder. */
  static readonly makeHashing = (dimensions = 1024): EmbedderShape => ({
    name: `hashing-${dimensions}`,
    embed: (texts) => Effect.sync(() => texts.map((text) => hashingEmbedding(text, dimensions)))
  })
  static readonly makeOpenAi = makeOpenAiEmbedder
  static readonly layerHashing = (dimensions = 1024): Layer.Layer<Embedder> =>
    Layer.succeed(Embedder, Embedder.makeHashing(dimensions))
  static readonly layerOpenAi = (options: OpenAiEmbedderOptions): Layer.Layer<Embedder> =>
    Layer.succeed(Embedder, makeOpenAiEmbedder(options))
  /** From Config: `<PREFIX>_API_KEY` (required), `_BASE_URL`, `_EMBEDDING_MODEL`. */
  static readonly layerConfig = (prefix = "OPENAI"): Layer.Layer<Embedder, Config.ConfigError> =>
    Layer.effect(
      Embedder,
      Effect.gen(function* () {
        const apiKey = yield* Config.Redacted(`${prefix}_API_KEY`)
        const baseUrl = yield* Config.String(`${prefix}_BASE_URL`).pipe(Config.option)
        const model = yield* Config.String(`${prefix}_EMBEDDING_MODEL`).pipe(
          Config.withDefault("text-embedding-3-small")
        )
        return makeOpenAiEmbedder({ apiKey, baseUrl: baseUrl._tag === "Some" ? baseUrl.value : undefined, model })
      })
    )
  /** OpenAI when `<PREFIX>_API_KEY` is configured, else the hashing embedder. */
  static readonly layerDefault = (prefix = "OPENAI"): Layer.Layer<Embedder, Config.ConfigError> =>
    Layer.unwrap(
      Effect.map(Config.Redacted(`${prefix}_API_KEY`).pipe(Config.option), (key) =>
        key._tag === "Some" ? Embedder.layerConfig(prefix) : Embedder.layerHashing()
      )
    )
}
