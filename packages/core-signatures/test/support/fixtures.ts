// Shared test fixtures: a persona-style signature (the seeds' EvaluateCreative) and helpers to run effects
// against a scripted model with a ledger.
import { Effect, Layer } from "effect"
import { z } from "zod"
import { LanguageModelCache } from "../../src/lm/cache.ts"
import type { LanguageModel } from "../../src/lm/language-model.ts"
import { ScriptedLanguageModel, type ScriptedOptions } from "../../src/lm/scripted-language-model.ts"
import { UsageLedger, type UsageLedgerOptions } from "../../src/lm/usage-ledger.ts"
import { Signature } from "../../src/signature/signature.ts"

/** The seeds' EvaluateCreative persona signature with zod types. */
export const EvaluateCreative = Signature.make({
  instructions: "Evaluate how a persona responds to marketing creative.",
  inputs: {
    persona_profile: z.string().describe("Persona traits, preferences, and history as JSON"),
    creative_content: z.string().describe("Marketing message, visuals, offer details"),
    context: z.string().describe("Time, channel, frequency, competitive landscape")
  },
  outputs: {
    intent_delta: z.number().min(-1).max(1).describe("Change in purchase intent (-1 to +1)"),
    emotional_response: z.enum(["excited", "interested", "neutral", "annoyed", "angry"]),
    rationale: z.string().describe("Why the persona responds this way (2-3 sentences)")
  }
})

/** A scripted model, a fresh ledger and (optionally) a memory cache, ready to provide. */
export const scriptedRun = (options: ScriptedOptions, ledgerOptions: UsageLedgerOptions = {}, cache = true) => {
  const model = ScriptedLanguageModel.make(options)
  const ledger = new UsageLedger(ledgerOptions)
  const layer = cache ? Layer.mergeAll(model.layer, LanguageModelCache.layerMemory()) : model.layer
  const provide = <A, E>(effect: Effect.Effect<A, E, LanguageModel>): Effect.Effect<A, E> =>
    effect.pipe(ledger.provide, Effect.provide(layer))
  return { model, ledger, provide }
}
