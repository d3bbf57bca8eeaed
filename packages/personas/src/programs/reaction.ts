// A persona's reaction to one creative on one channel, and its mapping to an action. The mapping follows the
// seeds' `_convert_to_action` (engage above +0.5, unsubscribe below −0.3) with two changes: receptivity gates
// engagement (an interested persona who ignores the channel does not engage), and an angry persona leaves.
import { z } from "zod"
import { FatigueLevel } from "../persona/persona.ts"
import { EMOTIONS, PURCHASE_DECISIONS } from "./signatures.ts"

export const ACTIONS = ["engage", "ignore", "unsubscribe"] as const
export type PersonaAction = (typeof ACTIONS)[number]

export const PersonaReaction = z.object({
  intentDelta: z.number().min(-1).max(1),
  emotion: z.enum(EMOTIONS),
  receptivity: z.number().min(0).max(1),
  fatigueLevel: FatigueLevel,
  rationale: z.string(),
  purchaseDecision: z.enum(PURCHASE_DECISIONS),
  decisionFactors: z.array(z.string()),
  /** How much price weighed in the decision (0-1). */
  priceInfluence: z.number().min(0).max(1),
  optimalTiming: z.string(),
  action: z.enum(ACTIONS)
})
export type PersonaReaction = z.infer<typeof PersonaReaction>

/** Thresholds of the reaction → action mapping. */
export interface ActionThresholds {
  /** Intent at or above which a receptive persona engages (default 0.3). */
  readonly engageIntent: number
  /** Receptivity needed to engage (default 0.2). */
  readonly engageReceptivity: number
  /** Intent at or below which the persona unsubscribes (default −0.3, the seeds' value). */
  readonly unsubscribeIntent: number
}

// The seeds engage above 0.5; simulated intents are deltas on a [-1, 1] scale whose spread calibration fits,
// and 0.3 with a receptivity gate keeps engagement rare but not vanishing for one message.
export const DEFAULT_ACTION_THRESHOLDS: ActionThresholds = {
  engageIntent: 0.3,
  engageReceptivity: 0.2,
  unsubscribeIntent: -0.3
}

/** The action a reaction leads to. */
export const actionOf = (
  reaction: { readonly intentDelta: number; readonly receptivity: number; readonly emotion: string },
  thresholds: ActionThresholds = DEFAULT_ACTION_THRESHOLDS
): PersonaAction => {
  if (reaction.emotion === "angry" || reaction.intentDelta <= thresholds.unsubscribeIntent) return "unsubscribe"
  if (reaction.intentDelta >= thresholds.engageIntent && reaction.receptivity >= thresholds.engageReceptivity)
    return "engage"
  return "ignore"
}
