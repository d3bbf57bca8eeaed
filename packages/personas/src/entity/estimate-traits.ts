// A customer's marketing traits from their behaviour summary: each trait's likelihood over the trait grid
// (`trait-likelihoods.ts`) times the segment's Beta prior for that trait gives a posterior; its mean is the
// persona's value and its variance says how sure we are. A customer with little data stays near the segment
// prior (shrinkage whose strength α + β was estimated from the segment by fitPriors), never at an extreme.
import { betaGridWeights, gridPosterior } from "../internal/trait-grid.ts"
import { DAYPARTS, type Daypart } from "../persona/persona.ts"
import type { BehaviourSummary } from "./entity-observation.ts"
import { channelReference, type GroundingBaseline } from "./grounding-baseline.ts"
import {
  affinityLikelihood,
  type BaseConversion,
  contrastLikelihood,
  loyaltyLikelihood,
  splitLikelihood,
  toleranceLikelihood
} from "./trait-likelihoods.ts"

/** A trait estimate: posterior mean and variance. */
export interface TraitEstimate {
  readonly mean: number
  readonly variance: number
}

/** Likelihoods over the trait grid of the traits a summary informs. */
export interface TraitEvidence {
  readonly channelAffinity: Readonly<Record<string, Float64Array>>
  readonly priceSensitivity: Float64Array | undefined
  readonly urgencyResponsiveness: Float64Array | undefined
  readonly fatigueTolerance: Float64Array | undefined
  readonly brandLoyalty: Float64Array | undefined
  readonly preferredContactTimes: ReadonlyArray<Daypart> | undefined
  /** Price sensitivity and urgency from the split of purchases alone (no purchase-count information). */
  readonly splits: {
    readonly priceSensitivity: Float64Array | undefined
    readonly urgencyResponsiveness: Float64Array | undefined
  }
}

/** The behaviour traits of one customer (a trait is missing when the summary says nothing about it). */
export interface BehaviourTraitEstimates {
  readonly channelAffinity: Readonly<Record<string, TraitEstimate>>
  readonly priceSensitivity: TraitEstimate | undefined
  readonly urgencyResponsiveness: TraitEstimate | undefined
  readonly fatigueTolerance: TraitEstimate | undefined
  readonly brandLoyalty: TraitEstimate | undefined
  readonly preferredContactTimes: ReadonlyArray<Daypart> | undefined
}

/** A Beta prior on a trait. */
export interface TraitPrior {
  readonly alpha: number
  readonly beta: number
}

/** The prior used for a trait a segment has no fitted Beta for: mean 0.5, strength 10 (weak). */
export const DEFAULT_TRAIT_PRIOR: TraitPrior = { alpha: 5, beta: 5 }

/** Days of history a summary covers when it does not say. */
export const DEFAULT_PERIOD_DAYS = 365

/** Minimum engagement events before the day parts they fall in say anything about contact times. */
export const MIN_DAYPART_EVENTS = 3

/** What a summary says about each trait, as likelihoods. */
export const behaviourEvidence = (behaviour: BehaviourSummary, baseline: GroundingBaseline): TraitEvidence => {
  const channelAffinity: Record<string, Float64Array> = {}
  let exposures = 0
  let attributedPurchases = 0
  let unsubscribes = 0
  for (const [channel, counts] of Object.entries(behaviour.channels)) {
    exposures += counts.exposures
    attributedPurchases += counts.purchases
    unsubscribes += counts.unsubscribes
    // A purchase without a recorded click (an SMS that sent the customer to the shop) still engaged them.
    const engaged = Math.min(counts.exposures, Math.max(counts.clicks, counts.purchases))
    const likelihood = affinityLikelihood(engaged, counts.exposures, channelReference(baseline, channel))
    if (likelihood !== undefined) channelAffinity[channel] = likelihood
  }
  const counts = (kind: { readonly exposures: number; readonly purchases: number }) => {
    const onExposures = Math.min(kind.exposures, exposures)
    const onPurchases = Math.min(kind.purchases, onExposures, attributedPurchases)
    const offExposures = Math.max(0, exposures - onExposures)
    const offPurchases = Math.min(offExposures, Math.max(0, attributedPurchases - onPurchases))
    return [onPurchases, onExposures, offPurchases, offExposures] as const
  }
  const contrast = (
    kind: { readonly exposures: number; readonly purchases: number } | undefined,
    base: BaseConversion
  ) => (kind === undefined ? undefined : contrastLikelihood(...counts(kind), base))
  const split = (kind: { readonly exposures: number; readonly purchases: number } | undefined) =>
    kind === undefined ? undefined : splitLikelihood(...counts(kind))
  const months = (behaviour.periodDays ?? DEFAULT_PERIOD_DAYS) / 30

  let preferredContactTimes: Daypart[] | undefined
  const byDaypart = behaviour.engagementByDaypart
  if (byDaypart !== undefined) {
    let total = 0
    for (const part of DAYPARTS) total += byDaypart[part] ?? 0
    if (total >= MIN_DAYPART_EVENTS) {
      preferredContactTimes = DAYPARTS.filter((part) => (byDaypart[part] ?? 0) / total >= 0.25).sort(
        (a, b) => (byDaypart[b] ?? 0) - (byDaypart[a] ?? 0)
      )
    }
  }
  return {
    channelAffinity,
    priceSensitivity: contrast(behaviour.discounted, baseline.undiscountedConversion),
    urgencyResponsiveness: contrast(behaviour.urgent, baseline.nonUrgentConversion),
    fatigueTolerance: toleranceLikelihood(unsubscribes, exposures, baseline.unsubscribeReference, behaviour.frequency),
    brandLoyalty: loyaltyLikelihood(behaviour.purchases, months, baseline.purchaseReference),
    preferredContactTimes,
    splits: { priceSensitivity: split(behaviour.discounted), urgencyResponsiveness: split(behaviour.urgent) }
  }
}

/** The posterior of one trait under a prior. */
export const traitPosterior = (likelihood: Float64Array, prior: TraitPrior): TraitEstimate =>
  gridPosterior(likelihood, betaGridWeights(prior.alpha, prior.beta))

/**
 * Estimates the behaviour traits of one customer. `priorOf(trait)` gives the segment's Beta prior of a trait
 * (`"priceSensitivity"`, `"channelAffinity.email"`, …); by default every trait has `DEFAULT_TRAIT_PRIOR`.
 */
export const estimateBehaviourTraits = (
  behaviour: BehaviourSummary,
  baseline: GroundingBaseline,
  priorOf: (trait: string) => TraitPrior = () => DEFAULT_TRAIT_PRIOR
): BehaviourTraitEstimates => {
  const evidence = behaviourEvidence(behaviour, baseline)
  const estimate = (trait: string, likelihood: Float64Array | undefined): TraitEstimate | undefined =>
    likelihood === undefined ? undefined : traitPosterior(likelihood, priorOf(trait))
  const channelAffinity: Record<string, TraitEstimate> = {}
  for (const [channel, likelihood] of Object.entries(evidence.channelAffinity)) {
    channelAffinity[channel] = traitPosterior(likelihood, priorOf(`channelAffinity.${channel}`))
  }
  return {
    channelAffinity,
    // A customer's own price sensitivity and urgency come from the split of their purchases only: how many
    // they buy depends on their base rate as much as on the trait. fitPriors uses the full likelihood, whose
    // purchase-count part keeps non-buyers in the segment's fit.
    priceSensitivity: estimate("priceSensitivity", evidence.splits.priceSensitivity),
    urgencyResponsiveness: estimate("urgencyResponsiveness", evidence.splits.urgencyResponsiveness),
    fatigueTolerance: estimate("fatigueTolerance", evidence.fatigueTolerance),
    brandLoyalty: estimate("brandLoyalty", evidence.brandLoyalty),
    preferredContactTimes: evidence.preferredContactTimes
  }
}
