// Isotonic regression by pool-adjacent-violators, used to calibrate propensity scores
// (causalml calibrates its propensity models this way by default).
import type { Effect } from "effect"
import { type CausalInputError, guarded } from "../errors.ts"
import { checkFinite, checkLength, checkWeights, firstIssue, issue } from "../internal/validate.ts"

export interface IsotonicFit {
  /** Increasing breakpoints (score) and fitted values; prediction interpolates linearly, flat outside. */
  readonly thresholds: Float64Array
  readonly values: Float64Array
}

/** Fits the isotonic regression without validation (for callers that validated their arrays). */
export const fitIsotonicKernel = (
  score: ArrayLike<number>,
  target: ArrayLike<number>,
  weights?: ArrayLike<number>
): IsotonicFit => {
  const n = score.length
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (score[a] ?? 0) - (score[b] ?? 0) || a - b)
  // Merge equal scores first so each x has one value (sklearn averages ties the same way).
  const xs: Array<number> = []
  const sums: Array<number> = []
  const counts: Array<number> = []
  for (const i of order) {
    const x = score[i] ?? 0
    const w = weights === undefined ? 1 : (weights[i] ?? 0)
    // A zero-weight row carries no information (and alone would make its block 0/0).
    if (w === 0) continue
    if (xs.length > 0 && xs[xs.length - 1] === x) {
      sums[sums.length - 1] = (sums[sums.length - 1] ?? 0) + w * (target[i] ?? 0)
      counts[counts.length - 1] = (counts[counts.length - 1] ?? 0) + w
    } else {
      xs.push(x)
      sums.push(w * (target[i] ?? 0))
      counts.push(w)
    }
  }
  const blockValue: Array<number> = []
  const blockWeight: Array<number> = []
  const blockEnd: Array<number> = []
  for (let i = 0; i < xs.length; i++) {
    blockValue.push((sums[i] ?? 0) / (counts[i] ?? 1))
    blockWeight.push(counts[i] ?? 0)
    blockEnd.push(i)
    while (
      blockValue.length > 1 &&
      (blockValue[blockValue.length - 2] ?? 0) > (blockValue[blockValue.length - 1] ?? 0)
    ) {
      const v2 = blockValue.pop() ?? 0
      const w2 = blockWeight.pop() ?? 0
      const e2 = blockEnd.pop() ?? 0
      const v1 = blockValue[blockValue.length - 1] ?? 0
      const w1 = blockWeight[blockWeight.length - 1] ?? 0
      blockValue[blockValue.length - 1] = (v1 * w1 + v2 * w2) / (w1 + w2)
      blockWeight[blockWeight.length - 1] = w1 + w2
      blockEnd[blockEnd.length - 1] = e2
    }
  }
  const values = new Float64Array(xs.length)
  let start = 0
  blockEnd.forEach((end, b) => {
    for (let i = start; i <= end; i++) values[i] = blockValue[b] ?? 0
    start = end + 1
  })
  return { thresholds: Float64Array.from(xs), values }
}

/**
 * Fits a non-decreasing step function of `score` to `target` (sklearn IsotonicRegression, increasing),
 * optionally weighted. Fails on empty or mismatched arrays, non-finite values or negative weights.
 */
export const fitIsotonic = (
  score: ArrayLike<number>,
  target: ArrayLike<number>,
  weights?: ArrayLike<number>
): Effect.Effect<IsotonicFit, CausalInputError> =>
  guarded(
    firstIssue(
      score.length > 0 ? undefined : issue("score", "is empty"),
      () => checkFinite("score", score),
      () => checkLength("target", target, score.length),
      () => checkFinite("target", target),
      () => checkWeights("weights", weights, score.length)
    ),
    () => fitIsotonicKernel(score, target, weights)
  )

/** Isotonic prediction at `score`: linear between thresholds, flat outside. */
export const predictIsotonic = (fit: IsotonicFit, score: number): number => {
  const { thresholds, values } = fit
  const n = thresholds.length
  if (n === 0) return Number.NaN
  if (score <= (thresholds[0] ?? 0)) return values[0] ?? 0
  if (score >= (thresholds[n - 1] ?? 0)) return values[n - 1] ?? 0
  let low = 0
  let high = n - 1
  while (high - low > 1) {
    const mid = (low + high) >> 1
    if ((thresholds[mid] ?? 0) <= score) low = mid
    else high = mid
  }
  const x0 = thresholds[low] ?? 0
  const x1 = thresholds[high] ?? 0
  const v0 = values[low] ?? 0
  const v1 = values[high] ?? 0
  return v0 + ((v1 - v0) * (score - x0)) / (x1 - x0)
}
