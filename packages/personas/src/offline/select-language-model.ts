// The default language model: the OpenAI(-compatible) layer when an API key is configured, the offline
// persona model otherwise. Read through Config (never process.env), so an app's ConfigProvider decides.
import { type LanguageModel, OpenAiLanguageModel } from "@preflight/core-signatures"
import { Config, Effect, Layer } from "effect"
import { OfflinePersonaModel } from "./offline-persona-model.ts"

export interface DefaultLanguageModelOptions {
  /** Config prefix of the OpenAI layer (default "OPENAI": OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, …). */
  readonly prefix?: string
  /** Seed of the offline model when it is chosen (default 0). */
  readonly seed?: number
}

/**
 * `OpenAiLanguageModel.layerConfig(prefix)` when `<PREFIX>_API_KEY` is set, else `OfflinePersonaModel.layer`.
 * @example program.pipe(Effect.provide(defaultLanguageModelLayer({ seed: 7 })))
 */
export const defaultLanguageModelLayer = (
  options: DefaultLanguageModelOptions = {}
): Layer.Layer<LanguageModel, Config.ConfigError> =>
  Layer.unwrap(
    Effect.gen(function* () {
      const prefix = options.prefix ?? "OPENAI"
      const key = yield* Config.Redacted(`${prefix}_API_KEY`).pipe(Config.option)
      return key._tag === "Some"
        ? OpenAiLanguageModel.layerConfig(prefix)
        : OfflinePersonaModel.layer(options.seed === undefined ? {} : { seed: options.seed })
    })
  )
