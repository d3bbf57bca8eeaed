// The seeds' three persona signatures (DSPy integration spec §"DSPy Signatures"), with the same field names
// and descriptions, typed with zod so outputs are checked: EvaluateCreative, AssessChannelPreference,
// SimulatePurchaseDecision; and EvaluateCreativeFreeText, the free-text variant that semantic-similarity
// elicitation maps onto anchor statements (Maier et al. 2025).
import { Signature } from "@preflight/core-signatures"
import { z } from "zod"
import { FATIGUE_LEVELS } from "../persona/persona.ts"

export const EMOTIONS = ["excited", "interested", "neutral", "annoyed", "angry"] as const
export type Emotion = (typeof EMOTIONS)[number]

export const PURCHASE_DECISIONS = ["yes", "no", "delayed"] as const
export type PurchaseDecision = (typeof PURCHASE_DECISIONS)[number]

const personaProfile = z.string().describe("Persona traits, preferences, and history")

/** How a persona responds to a creative (run with ChainOfThought). */
export const EvaluateCreative = Signature.make({
  instructions: "Evaluate how a persona responds to marketing creative.",
  inputs: {
    persona_profile: personaProfile,
    creative_content: z.string().describe("Marketing message, visuals, offer details"),
    context: z.string().describe("Time, channel, frequency, competitive landscape")
  },
  outputs: {
    intent_delta: z.number().min(-1).max(1).describe("Change in purchase intent (-1 to +1)"),
    emotional_response: z.enum(EMOTIONS).describe("Emotional reaction: excited|interested|neutral|annoyed|angry"),
    rationale: z.string().describe("Why the persona responds this way (2-3 sentences)")
  }
})

/** The free-text variant: the persona's own words, mapped to intent by semantic similarity to anchors. */
export const EvaluateCreativeFreeText = Signature.make({
  instructions:
    "Evaluate how a persona responds to marketing creative. Answer in the persona's own words, in the first person, as they would say it to a friend.",
  inputs: {
    persona_profile: personaProfile,
    creative_content: z.string().describe("Marketing message, visuals, offer details"),
    context: z.string().describe("Time, channel, frequency, competitive landscape")
  },
  outputs: {
    reaction: z
      .string()
      .describe(
        "What the persona would say about this message and whether they would buy (1-3 sentences, first person)"
      ),
    emotional_response: z.enum(EMOTIONS).describe("Emotional reaction: excited|interested|neutral|annoyed|angry"),
    rationale: z.string().describe("Why the persona responds this way (2-3 sentences)")
  }
})

/** Channel preference and fatigue. */
export const AssessChannelPreference = Signature.make({
  instructions: "Determine persona's channel preferences and fatigue.",
  inputs: {
    persona_profile: personaProfile,
    recent_exposures: z.array(z.string()).describe("List of recent channel touches with timestamps"),
    proposed_channel: z.string().describe("Channel being considered: email|sms|push|mail")
  },
  outputs: {
    receptivity: z.number().min(0).max(1).describe("Likelihood to engage (0-1)"),
    fatigue_level: z.enum(FATIGUE_LEVELS).describe("Current fatigue: none|low|medium|high|saturated"),
    optimal_timing: z.string().describe("Best time to reach via this channel")
  }
})

/** The purchase decision after the interventions (run with ReAct and the purchase tools). */
export const SimulatePurchaseDecision = Signature.make({
  instructions: "Simulate final purchase decision after interventions.",
  inputs: {
    persona_profile: personaProfile,
    intervention_history: z.array(z.string()).describe("Sequence of marketing touches received"),
    product_details: z.string().describe("The offer: product, price, discount and terms"),
    competitive_options: z.string().describe("What competitors offer for the same need, or 'none known'")
  },
  outputs: {
    purchase_decision: z.enum(PURCHASE_DECISIONS).describe("yes|no|delayed"),
    decision_factors: z.array(z.string()).describe("Top 3 factors influencing decision"),
    price_sensitivity: z.number().min(0).max(1).describe("How much price influenced decision (0-1)")
  }
})
