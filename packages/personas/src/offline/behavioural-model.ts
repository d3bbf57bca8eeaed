// The offline persona model's behavioural model: how a persona's traits meet a creative's features on a
// channel, given their fatigue. Every term below is in the README with its formula; the weights are stated
// assumptions (directions from the marketing literature, sizes chosen so one term rarely dominates), to be
// tuned by calibration against the organisation's history, never read as measured effects.
//
//   appeal = offer + urgency + personalisation + exclusivity + social proof + interest match + call to action
//            + sentiment + length-for-channel − shouting − pushiness
//   intent = tanh(1.2 · (attention(a) · appeal · damp(P) − fatigue(P) + lifecycle + ε))
//   attention(a) = 0.4 + 1.2·a       damp(P) = 1 / (1 + P²)       fatigue(P) = 0.3 · max(0, P − 0.4)
//   receptivity = (0.15 + 0.85·a) · exp(−1.2·P) · stage
// with a the channel affinity, P the fatigue pressure (decayed recent touches ÷ capacity), ε ~ N(0, 0.06²)
// the person's own taste for this creative (seeded by persona and creative: the only randomness; an
// archetype typical of several customers answers for their mean, whose expected taste is 0).
import { interestMatch } from "../creative/content-terms.ts"
import type { CreativeFeatures } from "../creative/creative-features.ts"
import { DEFAULT_FATIGUE_MODEL, fatigueLevelOfPressure } from "../persona/exposure-fatigue.ts"
import type { Daypart, FatigueLevel } from "../persona/persona.ts"
import type { ProfileReading } from "../persona/read-persona-profile.ts"
import { effectiveDepth } from "../programs/purchase-facts.ts"
import type { Emotion } from "../programs/signatures.ts"

/** One named term of the intent and its value (for rationales and decision factors). */
export interface Contribution {
  readonly factor: string
  readonly value: number
}

export interface BehaviouralReaction {
  readonly intentDelta: number
  readonly emotion: Emotion
  readonly receptivity: number
  readonly pressure: number
  readonly fatigueLevel: FatigueLevel
  readonly contributions: ReadonlyArray<Contribution>
  readonly depth: number
}

/** The weights of the behavioural model (README "Offline persona model"). */
export const BEHAVIOURAL_WEIGHTS = {
  discount: 0.6,
  discountScale: 0.15,
  freeShipping: 0.05,
  bonus: 0.05,
  financing: 0.04,
  urgency: 0.25,
  pushiness: 0.05,
  personalization: 0.2,
  exclusivity: 0.12,
  socialProof: 0.06,
  interest: 0.25,
  offTopic: 0.05,
  sentiment: 0.08,
  shouting: 0.1,
  baseline: -0.02,
  noiseSd: 0.06
} as const

/** Characters beyond which a message is long for its channel (an SMS segment is 160; push previews ~120). */
export const CHANNEL_LENGTH: Readonly<Record<string, number>> = { sms: 160, push: 120, in_app: 200 }

const CTA: Readonly<Record<string, number>> = { direct: 0.04, soft: 0.02, none: -0.02 }
const STAGE_APPEAL: Readonly<Record<string, number>> = {
  new: 1.05,
  active: 1,
  at_risk: 0.95,
  lapsed: 0.8,
  churned: 0.6
}
const STAGE_RECEPTIVITY: Readonly<Record<string, number>> = {
  new: 1,
  active: 1,
  at_risk: 0.9,
  lapsed: 0.75,
  churned: 0.5
}

/** Decayed load of a profile's touches as seen from `channel` ÷ capacity (the same model as exposure-fatigue.ts). */
export const profilePressure = (profile: ProfileReading, channel: string): number => {
  const model = DEFAULT_FATIGUE_MODEL
  const rate = Math.LN2 / model.halfLifeDays
  let load = 0
  for (const touch of profile.touches) {
    if (touch.daysAgo > model.windowDays) continue
    load += (touch.channel === channel ? 1 : model.crossChannelWeight) * Math.exp(-rate * touch.daysAgo)
  }
  return load / (model.baseCapacity + model.toleranceCapacity * profile.fatigueTolerance)
}

/** The persona's affinity for a channel (0.5 when the profile does not say). */
export const affinityFor = (profile: ProfileReading, channel: string): number => profile.channelAffinity[channel] ?? 0.5

/** Receptivity (0.15 + 0.85·a) · exp(−1.2·P) · stage, and the pressure P it depends on. */
export const channelReceptivity = (
  profile: ProfileReading,
  channel: string
): { receptivity: number; pressure: number } => {
  const pressure = profilePressure(profile, channel)
  const affinity = affinityFor(profile, channel)
  const receptivity =
    (0.15 + 0.85 * affinity) * Math.exp(-1.2 * pressure) * (STAGE_RECEPTIVITY[profile.lifecycleStage] ?? 1)
  return { receptivity: Math.max(0, Math.min(1, receptivity)), pressure }
}

/**
 * The persona's reaction to a creative on a channel. `noise` is the persona's idiosyncratic taste for this
 * creative, a standard normal draw the caller seeds (0 gives the mean reaction).
 */
export const behaviouralReaction = (
  profile: ProfileReading,
  creative: CreativeFeatures,
  creativeTerms: ReadonlySet<string>,
  channel: string,
  noise: number
): BehaviouralReaction => {
  const w = BEHAVIOURAL_WEIGHTS
  const contributions: Contribution[] = []
  const add = (factor: string, value: number) => {
    if (value !== 0) contributions.push({ factor, value })
  }
  const ps = profile.priceSensitivity
  const u = profile.urgencyResponsiveness
  const loyalty = profile.brandLoyalty
  const depth = effectiveDepth(creative, profile.averageOrderValue)
  // Diminishing returns of depth (1 − e^(−d/0.15): 10 % → 0.49, 30 % → 0.86, 50 % → 0.96); price-neutral
  // personas (0.5) do not care, price-averse ones (< 0.5) are mildly put off.
  const offerValue = 1 - Math.exp(-depth / w.discountScale)
  add(depth > 0 ? `${Math.round(depth * 100)}% off` : "no discount", w.discount * (2 * ps - 1) * offerValue)
  if (creative.freeShipping) add("free delivery", w.freeShipping * (0.5 + Math.max(0, 2 * ps - 1)))
  if (creative.bonus) add("a bonus", w.bonus)
  if (creative.financing) add("financing", w.financing * (0.5 + Math.max(0, 2 * ps - 1)))
  const offer = depth > 0 || creative.freeShipping || creative.bonus || creative.financing
  const urgencyLevel = Math.min(
    1,
    (creative.urgency === "hard" ? 1 : creative.urgency === "soft" ? 0.5 : 0) + (creative.scarcity ? 0.5 : 0)
  )
  // Urgency helps urgency-responsive personas only when there is an offer; without one it is pressure.
  if (urgencyLevel > 0)
    add(
      offer ? "urgency" : "pressure without an offer",
      offer ? w.urgency * urgencyLevel * (2 * u - 1) : -w.pushiness * urgencyLevel
    )
  add("personalisation", w.personalization * creative.personalization * (loyalty - 0.2))
  if (creative.exclusivity)
    add(
      "exclusivity",
      w.exclusivity * (loyalty - 0.3) + (profile.valueTier === "high" || profile.valueTier === "vip" ? 0.05 : 0)
    )
  if (creative.socialProof) add("social proof", w.socialProof * (1 - loyalty))
  // Interest in the creative's topic: any one matching interest is interest enough (a persona with more
  // interests is not less interested in the one that matches).
  const matched = profile.interests.find((interest) => interestMatch([interest], creativeTerms) > 0)
  if (matched !== undefined) add(`matches interest in ${matched}`, w.interest)
  else if (profile.interests.length > 0 && creative.topTopic !== null)
    add("not what they are interested in", -w.offTopic)
  add("call to action", CTA[creative.callToAction] ?? 0)
  add("tone", w.sentiment * creative.sentiment)
  add("shouting", -w.shouting * creative.shoutiness * (1 - u))
  const limit = CHANNEL_LENGTH[channel]
  if (limit !== undefined && creative.chars > limit)
    add(`too long for ${channel}`, -0.1 * Math.min(1, (creative.chars - limit) / (2 * limit)))
  if (channel === "email" && (creative.words < 8 || creative.words > 400)) add("length for email", -0.03)

  let appeal = w.baseline
  for (const contribution of contributions) appeal += contribution.value
  const affinity = affinityFor(profile, channel)
  const attention = 0.4 + 1.2 * affinity
  const pressure = profilePressure(profile, channel)
  const damp = 1 / (1 + pressure * pressure)
  const fatigue = 0.3 * Math.max(0, pressure - 0.4)
  if (fatigue > 0) contributions.push({ factor: "recent messages (fatigue)", value: -fatigue })
  const stage = STAGE_APPEAL[profile.lifecycleStage] ?? 1
  // An archetype answers for its members' mean reaction, whose expected idiosyncratic taste is 0 (a draw would
  // only add the variance of a mean of tastes it cannot know); a single persona has its own.
  const raw = attention * appeal * damp * stage - fatigue + (profile.members > 1 ? 0 : w.noiseSd * noise)
  const intentDelta = Math.max(-1, Math.min(1, Math.tanh(1.2 * raw)))
  const { receptivity } = channelReceptivity(profile, channel)
  const fatigueLevel = fatigueLevelOfPressure(pressure)
  let emotion: Emotion = "neutral"
  if (intentDelta < -0.25 && (fatigueLevel === "saturated" || creative.shoutiness > 0.6)) emotion = "angry"
  else if (intentDelta < -0.1) emotion = "annoyed"
  else if (intentDelta > 0.45) emotion = "excited"
  else if (intentDelta > 0.12) emotion = "interested"
  return { intentDelta, emotion, receptivity, pressure, fatigueLevel, contributions, depth }
}

/** The strongest factors, largest effect first. */
export const topFactors = (contributions: ReadonlyArray<Contribution>, count: number): ReadonlyArray<Contribution> =>
  [...contributions].sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, count)

/** A short rationale in the persona's situation, from the strongest factors. */
export const rationaleOf = (reaction: BehaviouralReaction): string => {
  const [first, second] = topFactors(reaction.contributions, 2)
  const direction = (c: Contribution | undefined) =>
    c === undefined ? "" : `${c.factor} ${c.value >= 0 ? "pulls them in" : "puts them off"}`
  const lead =
    reaction.intentDelta > 0.12
      ? "The message raises their interest."
      : reaction.intentDelta < -0.1
        ? "The message lowers their interest."
        : "The message leaves them largely unmoved."
  const parts = [direction(first), direction(second)].filter((part) => part !== "")
  const fatigue =
    reaction.fatigueLevel === "none" || reaction.fatigueLevel === "low"
      ? ""
      : ` Fatigue from recent messages is ${reaction.fatigueLevel}.`
  const body =
    parts.length === 0
      ? "Nothing in it stands out for them."
      : `${parts.join("; ")}.`.replace(/^\w/, (c) => c.toUpperCase())
  return `${lead} ${body}${fatigue}`
}

const DEFAULT_TIMING: Readonly<Record<string, string>> = {
  email: "Tuesday or Thursday morning",
  sms: "weekday lunchtime",
  push: "early evening",
  mail: "arriving before the weekend",
  call: "weekday late afternoon"
}

/** When to reach the persona on a channel: their preferred day part, else the channel's usual best time. */
export const optimalTiming = (preferred: ReadonlyArray<Daypart>, channel: string): string =>
  preferred.length > 0 ? `${preferred[0]} (their preferred time)` : (DEFAULT_TIMING[channel] ?? "weekday daytime")
