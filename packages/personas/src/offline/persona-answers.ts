// The offline model's answers to the persona signatures: EvaluateCreative (and its free-text variant),
// AssessChannelPreference, the purchase ReAct steps and extraction, and ReadCreative, each from the
// behavioural model, moved toward the prompt's demos (in-context.ts). Pure functions of the prompt and the seed.
import { murmurHash3, SeededRandom } from "@preflight/numeric"
import type { CreativeFeatures } from "../creative/creative-features.ts"
import { memoCreative, memoProfile, memoTerms } from "../internal/memo.ts"
import { fatigueLevelOfPressure } from "../persona/exposure-fatigue.ts"
import { FATIGUE_LEVELS, type FatigueLevel } from "../persona/persona.ts"
import type { ProfileReading } from "../persona/read-persona-profile.ts"
import { budgetFact, competitionFact } from "../programs/purchase-facts.ts"
import { EMOTIONS, type Emotion, type PurchaseDecision } from "../programs/signatures.ts"
import {
  affinityFor,
  type BehaviouralReaction,
  behaviouralReaction,
  channelReceptivity,
  optimalTiming,
  profilePressure,
  rationaleOf,
  topFactors
} from "./behavioural-model.ts"
import { blendNumber, euclidean, type Neighbourhood, neighbourhood, voteLabel } from "./in-context.ts"
import type { DemoReading, PromptReading } from "./prompt-reader.ts"

const profileOf = memoProfile
const creativeOf = memoCreative
const termsOf = memoTerms

const CHANNEL_IN_CONTEXT = /\bchannel:?\s+([a-z][a-z0-9_]*)/i

/** The channel a prompt is about: `proposed_channel`, else "channel X" in the context, else e-mail. */
const channelOf = (inputs: Readonly<Record<string, string>>): string => {
  const proposed = inputs.proposed_channel?.trim().toLowerCase()
  if (proposed !== undefined && proposed !== "") return proposed
  const inContext =
    CHANNEL_IN_CONTEXT.exec(inputs.context ?? "") ?? CHANNEL_IN_CONTEXT.exec(lastHistoryItem(inputs) ?? "")
  return inContext?.[1]?.toLowerCase() ?? "email"
}

const lastHistoryItem = (inputs: Readonly<Record<string, string>>): string | undefined => {
  const history = inputs.intervention_history
  if (history === undefined) return undefined
  try {
    const items: unknown = JSON.parse(history)
    return Array.isArray(items) && typeof items.at(-1) === "string" ? (items.at(-1) as string) : undefined
  } catch {
    return history
  }
}

/** The persona's own taste for this creative: a standard normal seeded by (seed, profile, creative, channel). */
const tasteNoise = (seed: number, profile: string, creative: string, channel: string): number =>
  new SeededRandom(murmurHash3(`${seed}\u0000${profile}\u0000${creative}\u0000${channel}`)).normal()

interface Situation {
  readonly profile: ProfileReading
  readonly creative: CreativeFeatures
  readonly channel: string
  readonly reaction: BehaviouralReaction
}

const situation = (inputs: Readonly<Record<string, string>>, creativeText: string, seed: number): Situation => {
  const profileText = inputs.persona_profile ?? ""
  const profile = profileOf(profileText)
  const creative = creativeOf(creativeText)
  const channel = channelOf(inputs)
  const reaction = behaviouralReaction(
    profile,
    creative,
    termsOf(creativeText),
    channel,
    tasteNoise(seed, profileText, creativeText, channel)
  )
  return { profile, creative, channel, reaction }
}

/** Features of a persona task for nearest-neighbour demos (each scaled to about [0, 1]). */
const taskFeatures = (inputs: Readonly<Record<string, string>>, creativeText: string): Float64Array => {
  const profile = profileOf(inputs.persona_profile ?? "")
  const creative = creativeOf(creativeText)
  const channel = channelOf(inputs)
  const urgency = creative.urgency === "hard" ? 1 : creative.urgency === "soft" ? 0.5 : 0
  return Float64Array.of(
    profile.priceSensitivity,
    profile.urgencyResponsiveness,
    profile.brandLoyalty,
    profile.fatigueTolerance,
    affinityFor(profile, channel),
    Math.min(1, creative.discountDepth / 0.5),
    urgency,
    creative.personalization,
    Math.min(1, profilePressure(profile, channel)),
    (creative.sentiment + 1) / 2
  )
}

const demoNeighbourhood = (reading: PromptReading, creativeKey: string): Neighbourhood => {
  if (reading.demos.length === 0) return { weights: [], total: 0, lambda: 0 }
  const query = taskFeatures(reading.inputs, reading.inputs[creativeKey] ?? "")
  return neighbourhood(
    reading.demos.map((demo) =>
      demo.inputs.persona_profile === undefined
        ? Number.POSITIVE_INFINITY
        : euclidean(query, taskFeatures(demo.inputs, demo.inputs[creativeKey] ?? ""))
    )
  )
}

const demoNumbers = (demos: ReadonlyArray<DemoReading>, field: string): Array<number | undefined> =>
  demos.map((demo) => {
    const value = Number(demo.outputs[field])
    return demo.outputs[field] === undefined || !Number.isFinite(value) ? undefined : value
  })

const demoLabels = <L extends string>(
  demos: ReadonlyArray<DemoReading>,
  field: string,
  labels: ReadonlyArray<L>
): Array<L | undefined> =>
  demos.map((demo) => {
    const value = demo.outputs[field]?.trim().toLowerCase()
    return labels.find((label) => label === value)
  })

const round3 = (value: number): number => Math.round(value * 1000) / 1000

const reasoningOf = (s: Situation): string => {
  const factors = topFactors(s.reaction.contributions, 3)
    .map((c) => `${c.factor} (${c.value >= 0 ? "+" : ""}${c.value.toFixed(2)})`)
    .join(", ")
  return `On ${s.channel}, with channel affinity ${affinityFor(s.profile, s.channel).toFixed(2)} and fatigue ${s.reaction.fatigueLevel}, the strongest factors are ${factors || "none"}.`
}

/** EvaluateCreative. */
export const answerEvaluate = (reading: PromptReading, seed: number): Record<string, unknown> => {
  const s = situation(reading.inputs, reading.inputs.creative_content ?? "", seed)
  const hood = demoNeighbourhood(reading, "creative_content")
  const intent = Math.max(
    -1,
    Math.min(1, blendNumber(s.reaction.intentDelta, demoNumbers(reading.demos, "intent_delta"), hood))
  )
  return {
    reasoning: reasoningOf(s),
    intent_delta: round3(intent),
    emotional_response: voteLabel<Emotion>(
      s.reaction.emotion,
      demoLabels(reading.demos, "emotional_response", EMOTIONS),
      hood
    ),
    rationale: rationaleOf(s.reaction)
  }
}

/** The free-text reaction, worded close to the semantic-similarity anchors of its intent level. */
export const reactionText = (reaction: BehaviouralReaction): string => {
  const top = topFactors(
    reaction.contributions.filter((c) => (reaction.intentDelta >= 0 ? c.value > 0 : c.value < 0)),
    1
  )[0]
  const because =
    top === undefined ? "" : ` ${top.factor.replace(/^\w/, (c) => c.toUpperCase())} is what decides it for me.`
  if (reaction.intentDelta > 0.45) return `I want this and I'm going to buy it.${because}`
  if (reaction.intentDelta > 0.12) return `This is interesting and I might buy it.${because}`
  if (reaction.intentDelta > -0.1) return `I feel neutral about this message; I probably won't do anything.${because}`
  if (reaction.intentDelta > -0.3) return `This isn't for me and I'm unlikely to act on it.${because}`
  return `This annoys me; I definitely won't buy and I might unsubscribe.${because}`
}

/** EvaluateCreative in free text (semantic-similarity elicitation). */
export const answerEvaluateFreeText = (reading: PromptReading, seed: number): Record<string, unknown> => {
  const s = situation(reading.inputs, reading.inputs.creative_content ?? "", seed)
  const hood = demoNeighbourhood(reading, "creative_content")
  const texts = reading.demos.map((demo) => demo.outputs.reaction)
  return {
    reasoning: reasoningOf(s),
    reaction: voteLabel(reactionText(s.reaction), texts, hood),
    emotional_response: voteLabel<Emotion>(
      s.reaction.emotion,
      demoLabels(reading.demos, "emotional_response", EMOTIONS),
      hood
    ),
    rationale: rationaleOf(s.reaction)
  }
}

/** AssessChannelPreference: receptivity and fatigue depend on the persona and channel, not on a creative. */
export const answerAssess = (reading: PromptReading): Record<string, unknown> => {
  const profile = profileOf(reading.inputs.persona_profile ?? "")
  const channel = channelOf(reading.inputs)
  const { receptivity, pressure } = channelReceptivity(profile, channel)
  const hood = demoNeighbourhood(reading, "creative_content")
  return {
    receptivity: round3(
      Math.max(0, Math.min(1, blendNumber(receptivity, demoNumbers(reading.demos, "receptivity"), hood)))
    ),
    fatigue_level: voteLabel<FatigueLevel>(
      fatigueLevelOfPressure(pressure),
      demoLabels(reading.demos, "fatigue_level", FATIGUE_LEVELS),
      hood
    ),
    optimal_timing: optimalTiming(profile.preferredContactTimes, channel)
  }
}

const TOOL_ORDER = ["check_budget", "compare_options", "recall_exposures"] as const

const hasCompetition = (inputs: Readonly<Record<string, string>>): boolean =>
  !/^\s*(?:none|n\/a|no|unknown|none known|-)?\s*\.?\s*$/i.test(inputs.competitive_options ?? "")

/** One ReAct step of the purchase decision: each relevant tool once, then finish. */
export const answerPurchaseStep = (reading: PromptReading): Record<string, unknown> => {
  const used = new Set(
    Object.entries(reading.inputs)
      .filter(([key]) => key.startsWith("tool_name_"))
      .map(([, value]) => value.trim())
  )
  const next = TOOL_ORDER.find(
    (name) => !used.has(name) && (name !== "compare_options" || hasCompetition(reading.inputs))
  )
  const thoughts: Record<string, string> = {
    check_budget: "First I check whether the offer fits what I usually spend.",
    compare_options: "Next I compare it with what competitors offer.",
    recall_exposures: "I also recall how many messages I have had lately."
  }
  return next === undefined
    ? { next_thought: "I have what I need to decide.", next_tool_name: "finish", next_tool_args: {} }
    : { next_thought: thoughts[next], next_tool_name: next, next_tool_args: {} }
}

/** The purchase decision extracted after the tools. */
export const answerPurchaseExtract = (reading: PromptReading, seed: number): Record<string, unknown> => {
  const inputs = reading.inputs
  const product = inputs.product_details ?? ""
  const s = situation(inputs, product, seed)
  const budget = budgetFact(s.profile, s.creative)
  const competition = competitionFact(
    inputs.competitive_options ?? "",
    budget.effectiveDepth,
    s.profile.averageOrderValue
  )
  const factors = [...s.reaction.contributions]
  if (budget.withinBudget !== undefined)
    factors.push({
      factor: budget.withinBudget ? "fits their budget" : "above their budget",
      value: budget.withinBudget ? 0.1 : -0.25
    })
  if (competition.known) {
    factors.push({
      factor: competition.advantage >= 0 ? "better than competing offers" : "competitors offer more",
      value: 0.3 * Math.max(-1, Math.min(1, 3 * competition.advantage)) * (0.5 + s.profile.priceSensitivity)
    })
  }
  let score = s.reaction.intentDelta
  for (const factor of factors.slice(s.reaction.contributions.length)) score += factor.value
  // Buying needs more than interest: "yes" above 0.4, "delayed" for mild interest without a deadline.
  let decision: PurchaseDecision = score > 0.4 ? "yes" : score > 0.1 ? "delayed" : "no"
  if (decision === "delayed" && s.creative.urgency === "hard" && score > 0.3) decision = "yes"
  const hood = demoNeighbourhood(reading, "product_details")
  decision = voteLabel<PurchaseDecision>(
    decision,
    demoLabels(reading.demos, "purchase_decision", ["yes", "no", "delayed"] as const),
    hood
  )
  let total = 0
  for (const factor of factors) total += Math.abs(factor.value)
  const priceTerm = factors.filter((f) =>
    /% off|no discount|budget|competing|competitors|free delivery|financing/.test(f.factor)
  )
  let priceWeight = 0
  for (const factor of priceTerm) priceWeight += Math.abs(factor.value)
  const priceInfluence = Math.max(
    0,
    Math.min(1, blendNumber(total > 0 ? priceWeight / total : 0, demoNumbers(reading.demos, "price_sensitivity"), hood))
  )
  return {
    reasoning: `Interest ${s.reaction.intentDelta.toFixed(2)}; ${budget.withinBudget === undefined ? "no price to check" : budget.withinBudget ? "within budget" : "over budget"}; ${competition.known ? `competition ${competition.advantage >= 0 ? "weaker" : "stronger"}` : "no competitor known"}.`,
    purchase_decision: decision,
    decision_factors: topFactors(factors, 3).map((f) => f.factor),
    price_sensitivity: round3(priceInfluence)
  }
}

/** ReadCreative: the deterministic extractor's reading in the signature's fields. */
export const answerReadCreative = (reading: PromptReading): Record<string, unknown> => {
  const f = creativeOf(reading.inputs.creative_text ?? "")
  return {
    discount: f.discount,
    discount_depth: f.discountDepth,
    amount_off: f.amountOff ?? 0,
    free_shipping: f.freeShipping,
    bonus: f.bonus,
    urgency: f.urgency,
    scarcity: f.scarcity,
    exclusivity: f.exclusivity,
    social_proof: f.socialProof,
    personalization: round3(f.personalization),
    call_to_action: f.callToAction,
    sentiment: round3(f.sentiment),
    topic: f.topTopic ?? "none"
  }
}
