// Isotonic regression by pool-adjacent-violators (Ayer et al. 1955; Barlow et al. 1972), fitted like
// scikit-learn's IsotonicRegression(out_of_bounds="clip"): tied x are first merged into one weighted point
// (sklearn's `_make_unique`), the fit is a monotone step function on the distinct x, and predictions
// interpolate linearly between them and clip outside the fitted range. Calibration (recalibrating
// probabilities) and causal (calibrating propensities, as causalml does) both use this one kernel.
import { at, atList } from "../checked-index.ts"

/** A fitted isotonic regression. */
export interface IsotonicFit {
  /** Distinct x values, ascending. */
  readonly thresholds: Float64Array
  /** Fitted value at each threshold: non-decreasing, or non-increasing when fitted with `increasing: false`. */
  readonly values: Float64Array
  readonly increasing: boolean
}

/** PAV on points sorted by x with distinct x: the fitted (non-decreasing) value of each point. */
export const poolAdjacentViolators = (y: Float64Array, weights: Float64Array): Float64Array => {
  const n = y.length
  const blockValue = new Float64Array(n)
  const blockWeight = new Float64Array(n)
  const blockEnd = new Int32Array(n)
  let blocks = 0
  for (let i = 0; i < n; i++) {
    blockValue[blocks] = at(y, i)
    blockWeight[blocks] = at(weights, i)
    blockEnd[blocks] = i
    blocks++
    while (blocks > 1 && at(blockValue, blocks - 2) >= at(blockValue, blocks - 1)) {
      const left = blocks - 2
      const right = blocks - 1
      const merged = at(blockWeight, left) + at(blockWeight, right)
      blockValue[left] =
        (at(blockValue, left) * at(blockWeight, left) + at(blockValue, right) * at(blockWeight, right)) / merged
      blockWeight[left] = merged
      blockEnd[left] = atList(blockEnd, right)
      blocks--
    }
  }
  const fitted = new Float64Array(n)
  let start = 0
  for (let b = 0; b < blocks; b++) {
    const end = atList(blockEnd, b)
    for (let i = start; i <= end; i++) fitted[i] = at(blockValue, b)
    start = end + 1
  }
  return fitted
}

/**
 * Fits a monotone step function of `x` to `y` with optional weights (rows of weight 0 carry no information
 * and are skipped). Inputs are not validated here: callers check lengths, finiteness and weights first.
 */
export const fitIsotonic = (
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { readonly weights?: ArrayLike<number> | undefined; readonly increasing?: boolean } = {}
): IsotonicFit => {
  const increasing = options.increasing ?? true
  const weights = options.weights
  const order = new Uint32Array(x.length)
  for (let i = 0; i < order.length; i++) order[i] = i
  order.sort((a, b) => atList(x, a) - atList(x, b) || atList(y, a) - atList(y, b))
  const uniqueX: Array<number> = []
  const uniqueY: Array<number> = []
  const uniqueWeight: Array<number> = []
  for (let k = 0; k < order.length; k++) {
    const index = atList(order, k)
    const weight = weights === undefined ? 1 : atList(weights, index)
    if (weight === 0) continue
    const value = atList(x, index)
    const target = atList(y, index) * (increasing ? 1 : -1)
    const last = uniqueX.length - 1
    if (last >= 0 && uniqueX[last] === value) {
      const total = atList(uniqueWeight, last) + weight
      uniqueY[last] = (atList(uniqueY, last) * atList(uniqueWeight, last) + target * weight) / total
      uniqueWeight[last] = total
    } else {
      uniqueX.push(value)
      uniqueY.push(target)
      uniqueWeight.push(weight)
    }
  }
  const fitted = poolAdjacentViolators(Float64Array.from(uniqueY), Float64Array.from(uniqueWeight))
  if (!increasing) for (let i = 0; i < fitted.length; i++) fitted[i] = -at(fitted, i)
  return { thresholds: Float64Array.from(uniqueX), values: fitted, increasing }
}

/** The fit at one point: linear between thresholds, clipped outside them; NaN for an empty fit. */
export const predictIsotonicAt = (fit: IsotonicFit, point: number): number => {
  const { thresholds, values } = fit
  const last = thresholds.length - 1
  if (last < 0) return Number.NaN
  if (point <= at(thresholds, 0)) return at(values, 0)
  if (point >= at(thresholds, last)) return at(values, last)
  let low = 0
  let high = last
  while (high - low > 1) {
    const middle = (low + high) >>> 1
    if (at(thresholds, middle) <= point) low = middle
    else high = middle
  }
  const x0 = at(thresholds, low)
  const x1 = at(thresholds, high)
  const y0 = at(values, low)
  return y0 + ((at(values, high) - y0) * (point - x0)) / (x1 - x0)
}

/** The fit at each point of `x`. */
export const predictIsotonic = (fit: IsotonicFit, x: ArrayLike<number>): Float64Array => {
  const out = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) out[i] = predictIsotonicAt(fit, atList(x, i))
  return out
}
