// When responses happen after a touch. The purchase hazard after a message is the customer's natural hazard
// (uniform over the window) plus the message-driven part, which decays with a mean of 1.5 days; a holdout
// row has the natural part only. The probability of a purchase attributed to a touch is therefore
// 1 − exp(−H(τ)), with τ the time until the window closes or the customer's next touch takes over, and
// that is exactly what the attribution rule (latest touch within 7 days before the outcome) measures.
import { TRUE_MODEL } from "./true-model.ts"

/** Cumulative purchase hazards over the full 7-day window: without the message and with it. */
export interface PurchaseHazard {
  readonly natural: number
  readonly total: number
}

const WINDOW_DAYS = TRUE_MODEL.attributionWindowDays
const DECAY_DAYS = TRUE_MODEL.responseDecayDays
const DECAY_NORMALIZER = 1 - Math.exp(-WINDOW_DAYS / DECAY_DAYS)

/** Hazards from the 7-day probabilities without (p0) and with (p1) the message; p1 = p0 for a holdout row. */
export const purchaseHazard = (controlProbability: number, treatedProbability: number): PurchaseHazard => ({
  natural: -Math.log1p(-controlProbability),
  total: -Math.log1p(-treatedProbability)
})

/**
 * H(τ): cumulative hazard over the first τ days (clamped to [0, 7]). A positive uplift adds its hazard with the
 * decaying profile; a negative one scales the whole hazard down uniformly, so the hazard never turns negative.
 */
export const cumulativeHazard = (hazard: PurchaseHazard, days: number): number => {
  const tau = Math.min(WINDOW_DAYS, Math.max(0, days))
  if (hazard.total >= hazard.natural) {
    const decayed = (1 - Math.exp(-tau / DECAY_DAYS)) / DECAY_NORMALIZER
    return (hazard.natural * tau) / WINDOW_DAYS + (hazard.total - hazard.natural) * decayed
  }
  return (hazard.total * tau) / WINDOW_DAYS
}

/** P(at least one purchase within the first `days` days after the touch) = 1 − exp(−H(days)). */
export const purchaseProbabilityWithin = (hazard: PurchaseHazard, days: number): number =>
  -Math.expm1(-cumulativeHazard(hazard, days))

/**
 * The probability that the attribution rule credits a purchase to a touch whose window is cut after
 * `windowDays` (by the customer's next touch or the end of the data): for a full window this is p1.
 */
export const attributedConversionProbability = (
  controlProbability: number,
  treatedProbability: number,
  windowDays: number
): number => purchaseProbabilityWithin(purchaseHazard(controlProbability, treatedProbability), windowDays)

/** The day τ in [0, limitDays] at which H(τ) reaches `target` (bisection; H is increasing). */
export const daysUntilHazard = (hazard: PurchaseHazard, target: number, limitDays: number): number => {
  let low = 0
  let high = Math.min(WINDOW_DAYS, limitDays)
  for (let step = 0; step < 48; step++) {
    const middle = (low + high) / 2
    if (cumulativeHazard(hazard, middle) < target) low = middle
    else high = middle
  }
  return (low + high) / 2
}

/** P(an unsubscribe decided at a message has happened within `hours` of it). */
export const unsubscribeDelayShareWithin = (hours: number): number =>
  hours >= TRUE_MODEL.unsubscribeMaxHours ? 1 : hours <= 0 ? 0 : -Math.expm1(-hours / TRUE_MODEL.unsubscribeMeanHours)
