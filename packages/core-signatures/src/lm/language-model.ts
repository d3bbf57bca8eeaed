// The LanguageModel service: one chat-completion call with every setting resolved. Layers live beside it
// (OpenAI, scripted); caching, usage, budgets and history wrap every call in `call-language-model.ts`.
import { Context, type Effect } from "effect"
import type { LmError } from "../errors.ts"
import type { LmCompletion, LmRequest } from "./types.ts"

/** Settings a layer applies when neither the context, the module nor the call chose them. */
export interface LanguageModelDefaults {
  readonly model: string
  readonly temperature?: number | undefined
  readonly maxTokens?: number | undefined
  readonly n?: number | undefined
  readonly seed?: number | undefined
}

/** What a language-model layer provides. */
export interface LanguageModelShape {
  /** A short name of the provider for history and spans ("openai", "scripted"). */
  readonly provider: string
  readonly defaults: LanguageModelDefaults
  /** One call, retried by the layer where the fault is transient. */
  readonly complete: (request: LmRequest) => Effect.Effect<LmCompletion, LmError>
}

/** The language model every module talks to. Provide one of its layers at the edge. */
export class LanguageModel extends Context.Service<LanguageModel, LanguageModelShape>()(
  "@preflight/core-signatures/LanguageModel"
) {}
