// A two-predictor persona program shaped like the seeds' PersonaResponseModule (ChainOfThought over
// EvaluateCreative + Predict over AssessChannelPreference), shared by module, state and process tests.

import { fnv1a32 as hashString32 } from "@preflight/numeric"
import { Effect } from "effect"
import { z } from "zod"
import type { PredictError } from "../../src/errors.ts"
import { Prediction } from "../../src/example.ts"
import type { LanguageModel } from "../../src/lm/language-model.ts"
import type { LmRequest } from "../../src/lm/types.ts"
import { ChainOfThought } from "../../src/modules/chain-of-thought.ts"
import { type CallOptions, Module } from "../../src/modules/module.ts"
import { Predict } from "../../src/modules/predict.ts"
import { Signature } from "../../src/signature/signature.ts"
import { EvaluateCreative } from "./fixtures.ts"

export const AssessChannelPreference = Signature.make({
  instructions: "Determine persona's channel preferences and fatigue.",
  inputs: {
    persona_profile: z.string(),
    recent_exposures: z.array(z.string()).describe("List of recent channel touches with timestamps"),
    proposed_channel: z.enum(["email", "sms", "push", "mail"])
  },
  outputs: {
    receptivity: z.number().min(0).max(1).describe("Likelihood to engage (0-1)"),
    fatigue_level: z.enum(["none", "low", "medium", "high", "saturated"])
  }
})

export interface PersonaInputs {
  readonly persona_profile: string
  readonly creative_content: string
  readonly context: string
  readonly recent_exposures: ReadonlyArray<string>
  readonly proposed_channel: "email" | "sms" | "push" | "mail"
}

export interface PersonaOutputs {
  readonly intent_delta: number
  readonly receptivity: number
  readonly rationale: string
}

/** The seeds' PersonaResponseModule. */
export class PersonaProgram extends Module<PersonaInputs, Prediction<PersonaOutputs>> {
  evaluate = new ChainOfThought(EvaluateCreative)
  assess = new Predict(AssessChannelPreference)

  forward(
    inputs: PersonaInputs,
    options?: CallOptions
  ): Effect.Effect<Prediction<PersonaOutputs>, PredictError, LanguageModel> {
    const self = this
    return Effect.gen(function* () {
      const creative = yield* self.evaluate.run(inputs, options)
      const channel = yield* self.assess.run(inputs, options)
      return new Prediction({
        intent_delta: creative.outputs.intent_delta,
        receptivity: channel.outputs.receptivity,
        rationale: creative.outputs.rationale
      })
    })
  }
}

/**
 * A deterministic scripted answer that depends on the whole prompt: any change in instructions, demos or
 * inputs changes the numbers, so equal outputs mean equal prompts.
 */
export const promptDependentAnswer = (request: LmRequest): string => {
  const text = request.messages.map((message) => `${message.role}:${message.content}`).join("\n")
  const hash = hashString32(text)
  const system = request.messages[0]?.content ?? ""
  if (system.includes("`intent_delta`")) {
    const delta = ((hash % 2001) - 1000) / 1000
    return `[[ ## reasoning ## ]]\nhash ${hash}\n\n[[ ## intent_delta ## ]]\n${delta}\n\n[[ ## emotional_response ## ]]\ninterested\n\n[[ ## rationale ## ]]\nbecause ${hash % 97}\n\n[[ ## completed ## ]]`
  }
  return `[[ ## receptivity ## ]]\n${(hash % 1001) / 1000}\n\n[[ ## fatigue_level ## ]]\nlow\n\n[[ ## completed ## ]]`
}

export const personaInputs: ReadonlyArray<PersonaInputs> = [
  {
    persona_profile: '{"age": 34, "segment": "bargain hunter"}',
    creative_content: "50% off all shoes this weekend",
    context: "email, Saturday morning",
    recent_exposures: ["email 2026-11-01", "sms 2026-11-03"],
    proposed_channel: "email"
  },
  {
    persona_profile: '{"age": 61, "segment": "loyal"}',
    creative_content: "New autumn collection",
    context: "push, weekday evening",
    recent_exposures: [],
    proposed_channel: "push"
  },
  {
    persona_profile: '{"age": 22, "segment": "student"}',
    creative_content: "Free shipping over $20",
    context: "sms, Friday noon",
    recent_exposures: ["sms 2026-11-20"],
    proposed_channel: "sms"
  }
]
