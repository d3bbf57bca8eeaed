// Model choice without global mutable state: settings live in fiber-local Context references, so a cheap
// model for persona reactions and a strong one for instruction proposals can run side by side (DSPy's
// `dspy.context`, without its one-owner-thread rule).
import { Context, Effect } from "effect"
import type { LanguageModelDefaults } from "./language-model.ts"
import type { ChatMessage, LmRequest, LmSettings, ResponseFormat } from "./types.ts"

/** Settings chosen by the surrounding code (below module and call settings). */
export const LmContextSettings = Context.Reference<LmSettings>("@preflight/core-signatures/LmContextSettings", {
  defaultValue: () => ({})
})

/** Settings that win over module and call settings (BestOfN/Refine rollouts use it, like DSPy's `lm.copy`). */
export const LmOverrides = Context.Reference<LmSettings>("@preflight/core-signatures/LmOverrides", {
  defaultValue: () => ({})
})

const merge = (base: LmSettings, top: LmSettings): LmSettings => {
  const merged: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(top)) if (value !== undefined) merged[key] = value
  return merged as LmSettings
}

/**
 * Runs `effect` with these settings as the context default (merged over the current ones).
 * @example program.pipe(withLmSettings({ model: "gpt-4o-mini", temperature: 0 }))
 */
export const withLmSettings =
  (settings: LmSettings) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.updateService(effect, LmContextSettings, (current) => merge(current, settings))

/** Runs `effect` with settings that override module and call settings. */
export const withLmOverrides =
  (settings: LmSettings) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.updateService(effect, LmOverrides, (current) => merge(current, settings))

/**
 * Resolves a request: layer defaults < context < module < call < overrides. Like DSPy's Predict, n > 1 with
 * no temperature or one ≤ 0.15 samples at 0.7 (dspy/predict/predict.py).
 */
export const resolveRequest = (
  defaults: LanguageModelDefaults,
  layers: ReadonlyArray<LmSettings | undefined>,
  messages: ReadonlyArray<ChatMessage>,
  responseFormat: ResponseFormat | undefined
): LmRequest => {
  let model = defaults.model
  let temperature = defaults.temperature
  let maxTokens = defaults.maxTokens
  let n = defaults.n ?? 1
  let seed = defaults.seed
  let rolloutId: string | number | undefined
  for (const settings of layers) {
    if (settings === undefined) continue
    if (settings.model !== undefined) model = settings.model
    if (settings.temperature !== undefined) temperature = settings.temperature
    if (settings.maxTokens !== undefined) maxTokens = settings.maxTokens
    if (settings.n !== undefined) n = settings.n
    if (settings.seed !== undefined) seed = settings.seed
    if (settings.rolloutId !== undefined) rolloutId = settings.rolloutId
  }
  if (n > 1 && (temperature === undefined || temperature <= 0.15)) temperature = 0.7
  return { model, messages, temperature, maxTokens, n, seed, responseFormat, rolloutId }
}
