// The request/response vocabulary shared by adapters and language-model layers: chat messages, response
// formats, token usage and the fully resolved request that is hashed for the cache.

/** One chat turn. */
export interface ChatMessage {
  readonly role: "system" | "user" | "assistant"
  readonly content: string
}

/** How the model is asked to shape its answer (OpenAI `response_format`). */
export type ResponseFormat =
  | { readonly type: "text" }
  | { readonly type: "json_object" }
  | {
      readonly type: "json_schema"
      readonly name: string
      readonly schema: Readonly<Record<string, unknown>>
      readonly strict: boolean
    }

/** Tokens billed for one call. */
export interface TokenUsage {
  readonly promptTokens: number
  readonly completionTokens: number
  readonly totalTokens: number
}

export const zeroUsage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 }

/** Sampling settings; each layer of model choice (layer defaults, context, module, call) may set some. */
export interface LmSettings {
  readonly model?: string | undefined
  readonly temperature?: number | undefined
  readonly maxTokens?: number | undefined
  readonly n?: number | undefined
  readonly seed?: number | undefined
  /** Distinguishes otherwise identical calls in the cache; never sent to the provider (DSPy `rollout_id`). */
  readonly rolloutId?: string | number | undefined
}

/** A request with every setting resolved: this (minus nothing secret, since it holds no key) is the cache key. */
export interface LmRequest {
  readonly model: string
  readonly messages: ReadonlyArray<ChatMessage>
  readonly temperature: number | undefined
  readonly maxTokens: number | undefined
  readonly n: number
  readonly seed: number | undefined
  readonly responseFormat: ResponseFormat | undefined
  readonly rolloutId: string | number | undefined
}

/** What a provider returns: one text per choice (`n`), the usage and the model that answered. */
export interface LmCompletion {
  readonly outputs: ReadonlyArray<string>
  readonly usage: TokenUsage
  readonly model: string
}
