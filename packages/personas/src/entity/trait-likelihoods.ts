// What a customer's counts say about each relative trait t ∈ (0, 1), as a likelihood over the trait grid.
// Each trait is defined through the odds t / (1 − t) so that 0.5 means "like the reference":
//   affinity a:          engaged ~ Binomial(exposures, r_c · a/(1 − a))
//   price sensitivity s: w = s/(1 − s) = p_discounted / p_other. Purchases K ~ NegBin(mean b·(n_o + n_d·w),
//                        shape κ) (the customer's base rate b is Gamma-distributed around the population's,
//                        so a non-buyer says little about s when base rates vary a lot) and, given K, the
//                        discounted ones ~ Binomial(K, n_d·w / (n_d·w + n_o)) (which no base rate confounds)
//   urgency u:           the same with urgent creatives
//   tolerance f:         unsubscribes ~ Binomial(exposures, ū · (1 − f)/f), and, when known, responses at
//                        high frequency given all responses with w = f/(1 − f) = p_high / p_low
//   loyalty l:           purchases ~ Poisson(months · λ̄ · l/(1 − l))
import { GRID_ODDS, GRID_SIZE, scaleLikelihood } from "../internal/trait-grid.ts"

const MAX_RATE = 0.999

// ln p and ln(1 − p) over the grid for a rate curve, memoised per reference rate (a segment has a handful).
const logRates = new Map<string, { readonly yes: Float64Array; readonly no: Float64Array }>()
const logRateCurve = (kind: "times" | "over", reference: number) => {
  const key = `${kind}${reference}`
  const known = logRates.get(key)
  if (known !== undefined) return known
  const yes = new Float64Array(GRID_SIZE)
  const no = new Float64Array(GRID_SIZE)
  for (let g = 0; g < GRID_SIZE; g++) {
    const odds = GRID_ODDS[g] as number
    const p = Math.min(MAX_RATE, kind === "times" ? reference * odds : reference / odds)
    yes[g] = Math.log(p)
    no[g] = Math.log1p(-p)
  }
  const curve = { yes, no }
  if (logRates.size > 1000) logRates.clear()
  logRates.set(key, curve)
  return curve
}

/** Engaged exposures out of `exposures` at reference rate `reference`. */
export const affinityLikelihood = (engaged: number, exposures: number, reference: number): Float64Array | undefined => {
  if (!(exposures > 0)) return undefined
  const { yes, no } = logRateCurve("times", reference)
  const log = new Float64Array(GRID_SIZE)
  for (let g = 0; g < GRID_SIZE; g++) log[g] = engaged * (yes[g] as number) + (exposures - engaged) * (no[g] as number)
  return scaleLikelihood(log)
}

/** Log-likelihood of a contrast (responses on vs off a kind of creative), added into `into`; false if uninformative. */
const addContrast = (
  into: Float64Array,
  onResponses: number,
  onExposures: number,
  offResponses: number,
  offExposures: number
): boolean => {
  if (!(onExposures > 0 && offExposures > 0 && onResponses + offResponses > 0)) return false
  for (let g = 0; g < GRID_SIZE; g++) {
    const w = GRID_ODDS[g] as number
    const share = (onExposures * w) / (onExposures * w + offExposures)
    into[g] = (into[g] as number) + onResponses * Math.log(share) + offResponses * Math.log1p(-share)
  }
  return true
}

/** Base conversion per exposure off the kind of creative and its heterogeneity (Gamma shape κ) across customers. */
export interface BaseConversion {
  readonly rate: number
  readonly shape: number
}

/**
 * The split of purchases alone (given K > 0): what the data say about the trait without the purchase count,
 * so the estimate shares no information with purchase frequency (fitPriors' correlations use it).
 */
export const splitLikelihood = (
  onPurchases: number,
  onExposures: number,
  offPurchases: number,
  offExposures: number
): Float64Array | undefined => {
  const log = new Float64Array(GRID_SIZE)
  return addContrast(log, onPurchases, onExposures, offPurchases, offExposures) ? scaleLikelihood(log) : undefined
}

/** Price sensitivity or urgency responsiveness from purchases on and off a kind of creative. */
export const contrastLikelihood = (
  onPurchases: number,
  onExposures: number,
  offPurchases: number,
  offExposures: number,
  base: BaseConversion
): Float64Array | undefined => {
  if (!(onExposures > 0 && offExposures > 0)) return undefined
  const log = new Float64Array(GRID_SIZE)
  const purchases = onPurchases + offPurchases
  const shape = base.shape
  for (let g = 0; g < GRID_SIZE; g++) {
    const mean = base.rate * (offExposures + onExposures * (GRID_ODDS[g] as number))
    // Negative binomial log-pmf without the terms that do not depend on the grid point.
    log[g] = shape * Math.log(shape / (shape + mean)) + purchases * Math.log(mean / (shape + mean))
  }
  addContrast(log, onPurchases, onExposures, offPurchases, offExposures)
  return scaleLikelihood(log)
}

/** Fatigue tolerance from unsubscribes and, when given, response at high vs low frequency. */
export const toleranceLikelihood = (
  unsubscribes: number,
  exposures: number,
  reference: number,
  frequency?: { lowExposures: number; lowResponses: number; highExposures: number; highResponses: number }
): Float64Array | undefined => {
  const log = new Float64Array(GRID_SIZE)
  let informative = false
  if (exposures > 0) {
    informative = true
    const { yes, no } = logRateCurve("over", reference)
    for (let g = 0; g < GRID_SIZE; g++)
      log[g] = unsubscribes * (yes[g] as number) + (exposures - unsubscribes) * (no[g] as number)
  }
  if (frequency !== undefined) {
    informative =
      addContrast(
        log,
        frequency.highResponses,
        frequency.highExposures,
        frequency.lowResponses,
        frequency.lowExposures
      ) || informative
  }
  return informative ? scaleLikelihood(log) : undefined
}

/** Brand loyalty from purchases over `months` at the reference frequency `perMonth`. */
export const loyaltyLikelihood = (purchases: number, months: number, perMonth: number): Float64Array | undefined => {
  if (!(months > 0)) return undefined
  const log = new Float64Array(GRID_SIZE)
  for (let g = 0; g < GRID_SIZE; g++) {
    const expected = months * perMonth * (GRID_ODDS[g] as number)
    log[g] = purchases * Math.log(expected) - expected
  }
  return scaleLikelihood(log)
}
