// The facts the purchase tools report, computed from the purchase step's own inputs (the persona profile,
// the offer text, the competitors' text, the touches received): the offer against the persona's usual
// spend, the offer against the competition, and the recent exposures. The offline persona model reads the
// same facts, so a language model and the offline model see one truth.
import type { CreativeFeatures } from "../creative/creative-features.ts"
import { memoCreative, memoProfile } from "../internal/memo.ts"
import { DEFAULT_FATIGUE_MODEL, fatigueLevelOfPressure } from "../persona/exposure-fatigue.ts"
import type { FatigueLevel } from "../persona/persona.ts"
import type { ProfileReading } from "../persona/read-persona-profile.ts"

/** The inputs the purchase step works from. */
export interface PurchaseInputs {
  readonly persona_profile: string
  readonly intervention_history: ReadonlyArray<string>
  readonly product_details: string
  readonly competitive_options: string
}

export interface BudgetFact {
  /** The persona's usual order value, when the profile states one. */
  readonly usualSpend: number | undefined
  /** The offer's price after its discount, when a price is stated. */
  readonly effectivePrice: number | undefined
  /** Effective fraction off: the stated depth, else money off over the usual spend (at most 0.6). */
  readonly effectiveDepth: number
  /** effective price ÷ usual spend (undefined when either is unknown). */
  readonly priceToSpend: number | undefined
  readonly withinBudget: boolean | undefined
}

export interface CompetitionFact {
  readonly known: boolean
  readonly competitorDepth: number
  /** This offer's effective depth minus the best competitor's (positive: this offer is better). */
  readonly advantage: number
}

export interface ExposureFact {
  readonly lastWeek: number
  readonly lastMonth: number
  readonly pressure: number
  readonly fatigue: FatigueLevel
}

/** Money off counts as a fraction of the persona's usual spend, capped; an unsized discount counts as 10 %. */
export const effectiveDepth = (offer: CreativeFeatures, usualSpend: number | undefined): number => {
  if (offer.discountDepth > 0) return offer.discountDepth
  if (offer.amountOff !== null && offer.amountOff > 0) {
    const base = offer.price ?? usualSpend
    return base !== undefined && base > 0 ? Math.min(0.6, offer.amountOff / (base + offer.amountOff)) : 0.15
  }
  return offer.discount ? 0.1 : 0
}

export const budgetFact = (profile: ProfileReading, offer: CreativeFeatures): BudgetFact => {
  const usualSpend = profile.averageOrderValue
  const depth = effectiveDepth(offer, usualSpend)
  const effectivePrice =
    offer.price === null
      ? undefined
      : offer.discountDepth > 0 && offer.discountKind !== "was_now"
        ? offer.price * (1 - offer.discountDepth)
        : offer.price
  const priceToSpend =
    effectivePrice !== undefined && usualSpend !== undefined && usualSpend > 0 ? effectivePrice / usualSpend : undefined
  return {
    usualSpend,
    effectivePrice,
    effectiveDepth: depth,
    priceToSpend,
    // Up to 1.5× the usual order is still within reach (an occasional bigger purchase).
    withinBudget: priceToSpend === undefined ? undefined : priceToSpend <= 1.5
  }
}

const NONE_KNOWN = /^\s*(?:none|n\/a|no|unknown|none known|-)?\s*\.?\s*$/i

export const competitionFact = (
  competitors: string,
  depth: number,
  usualSpend: number | undefined
): CompetitionFact => {
  if (NONE_KNOWN.test(competitors)) return { known: false, competitorDepth: 0, advantage: 0 }
  const competitor = memoCreative(competitors)
  const competitorDepth = effectiveDepth(competitor, usualSpend)
  return { known: true, competitorDepth, advantage: depth - competitorDepth }
}

export const exposureFact = (
  profile: ProfileReading,
  history: ReadonlyArray<string>,
  channel: string | undefined
): ExposureFact => {
  let lastWeek = 0
  let lastMonth = 0
  let load = 0
  const rate = Math.LN2 / DEFAULT_FATIGUE_MODEL.halfLifeDays
  for (const touch of profile.touches) {
    if (touch.daysAgo > DEFAULT_FATIGUE_MODEL.windowDays) continue
    lastMonth++
    if (touch.daysAgo <= 7) lastWeek++
    const weight = channel === undefined || touch.channel === channel ? 1 : DEFAULT_FATIGUE_MODEL.crossChannelWeight
    load += weight * Math.exp(-rate * touch.daysAgo)
  }
  // Touches listed in the history but not in the profile count as today's.
  const extra = Math.max(0, history.length - profile.touches.length)
  lastWeek += extra
  lastMonth += extra
  load += extra
  const pressure =
    load / (DEFAULT_FATIGUE_MODEL.baseCapacity + DEFAULT_FATIGUE_MODEL.toleranceCapacity * profile.fatigueTolerance)
  return { lastWeek, lastMonth, pressure, fatigue: fatigueLevelOfPressure(pressure) }
}

const money = (value: number | undefined): string => (value === undefined ? "unknown" : value.toFixed(2))

/** The observation of `check_budget`. */
export const describeBudget = (fact: BudgetFact): string => {
  const parts = [`Usual order value: ${money(fact.usualSpend)}.`]
  parts.push(
    fact.effectiveDepth > 0
      ? `The offer is worth about ${Math.round(fact.effectiveDepth * 100)}% off.`
      : "The offer has no discount."
  )
  if (fact.effectivePrice !== undefined) parts.push(`Price after any discount: ${money(fact.effectivePrice)}.`)
  if (fact.withinBudget !== undefined)
    parts.push(fact.withinBudget ? "Within the persona's usual budget." : "Above the persona's usual budget.")
  return parts.join(" ")
}

/** The observation of `compare_options`. */
export const describeCompetition = (fact: CompetitionFact): string => {
  if (!fact.known) return "No competing offer is known."
  const verdict = fact.advantage > 0.02 ? "better than" : fact.advantage < -0.02 ? "worse than" : "about the same as"
  return `The best competing offer is worth about ${Math.round(fact.competitorDepth * 100)}% off; this offer is ${verdict} the competition.`
}

/** The observation of `recall_exposures`. */
export const describeExposures = (fact: ExposureFact): string =>
  `${fact.lastWeek} marketing touches in the last 7 days, ${fact.lastMonth} in the last 30; fatigue ${fact.fatigue}.`

/** All three facts for one purchase step. */
export const purchaseFacts = (inputs: PurchaseInputs, channel?: string) => {
  const profile = memoProfile(inputs.persona_profile)
  const offer = memoCreative(inputs.product_details)
  const budget = budgetFact(profile, offer)
  return {
    profile,
    offer,
    budget,
    competition: competitionFact(inputs.competitive_options, budget.effectiveDepth, profile.averageOrderValue),
    exposures: exposureFact(profile, inputs.intervention_history, channel)
  }
}
