// Isotonic regression by the pool-adjacent-violators algorithm (Ayer et al. 1955; Barlow et al. 1972), fitted
// like scikit-learn's IsotonicRegression(out_of_bounds="clip"): ties in x are first averaged (weighted), the
// fit is a non-decreasing step function on the distinct x, and predictions interpolate linearly between
// them and clip outside the fitted range.
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { finiteVector, invalid, type NumericInput, sameLength } from "../internal/validate.ts"

export interface IsotonicModel {
  /** Distinct x values, ascending. */
  readonly thresholds: Float64Array
  /** Fitted value at each threshold (non-decreasing, or non-increasing when `increasing` was false). */
  readonly values: Float64Array
  readonly increasing: boolean
}

/** Kernel: PAV on points already sorted by x with distinct x; returns the fitted values in place of a copy. */
export const poolAdjacentViolators = (y: Float64Array, weights: Float64Array): Float64Array => {
  const n = y.length
  const blockValue = new Float64Array(n)
  const blockWeight = new Float64Array(n)
  const blockEnd = new Int32Array(n)
  let blocks = 0
  for (let i = 0; i < n; i++) {
    blockValue[blocks] = y[i] as number
    blockWeight[blocks] = weights[i] as number
    blockEnd[blocks] = i
    blocks++
    while (blocks > 1 && (blockValue[blocks - 2] as number) >= (blockValue[blocks - 1] as number)) {
      const merged = (blockWeight[blocks - 2] as number) + (blockWeight[blocks - 1] as number)
      blockValue[blocks - 2] =
        ((blockValue[blocks - 2] as number) * (blockWeight[blocks - 2] as number) +
          (blockValue[blocks - 1] as number) * (blockWeight[blocks - 1] as number)) /
        merged
      blockWeight[blocks - 2] = merged
      blockEnd[blocks - 2] = blockEnd[blocks - 1] as number
      blocks--
    }
  }
  const fitted = new Float64Array(n)
  let start = 0
  for (let b = 0; b < blocks; b++) {
    const end = blockEnd[b] as number
    for (let i = start; i <= end; i++) fitted[i] = blockValue[b] as number
    start = end + 1
  }
  return fitted
}

/**
 * Fits a monotone step function of `x` to `y` (for recalibration: x = predicted probability, y = 0/1 outcome).
 *
 * @example const model = Result.getOrThrow(isotonicRegression(p, y)); isotonicPredict(model, pNew)
 */
export const isotonicRegression = (
  x: NumericInput,
  y: NumericInput,
  options: { readonly weights?: NumericInput; readonly increasing?: boolean } = {}
): Result.Result<IsotonicModel, InvalidInput> =>
  Result.gen(function* () {
    const xs = yield* finiteVector(x, "x")
    const ys = yield* finiteVector(y, "y")
    yield* sameLength(xs, ys, "x", "y")
    let weights: Float64Array
    if (options.weights === undefined) {
      weights = new Float64Array(xs.length).fill(1)
    } else {
      weights = yield* finiteVector(options.weights, "weights")
      yield* sameLength(xs, weights, "x", "weights")
      for (let i = 0; i < weights.length; i++) {
        if (!((weights[i] as number) > 0)) return yield* invalid("weights", "must be positive", i)
      }
    }
    const increasing = options.increasing ?? true
    const order = new Uint32Array(xs.length)
    for (let i = 0; i < order.length; i++) order[i] = i
    order.sort((a, b) => (xs[a] as number) - (xs[b] as number) || (ys[a] as number) - (ys[b] as number))
    // Collapse tied x into one weighted point (scikit-learn's _make_unique).
    const uniqueX: Array<number> = []
    const uniqueY: Array<number> = []
    const uniqueWeight: Array<number> = []
    for (let k = 0; k < order.length; k++) {
      const index = order[k] as number
      const value = xs[index] as number
      const weight = weights[index] as number
      const target = (ys[index] as number) * (increasing ? 1 : -1)
      const last = uniqueX.length - 1
      if (last >= 0 && uniqueX[last] === value) {
        const total = (uniqueWeight[last] as number) + weight
        uniqueY[last] = ((uniqueY[last] as number) * (uniqueWeight[last] as number) + target * weight) / total
        uniqueWeight[last] = total
      } else {
        uniqueX.push(value)
        uniqueY.push(target)
        uniqueWeight.push(weight)
      }
    }
    const fitted = poolAdjacentViolators(Float64Array.from(uniqueY), Float64Array.from(uniqueWeight))
    if (!increasing) for (let i = 0; i < fitted.length; i++) fitted[i] = -(fitted[i] as number)
    return { thresholds: Float64Array.from(uniqueX), values: fitted, increasing }
  })

/** Predictions of a fitted isotonic model: linear interpolation between thresholds, clipped outside them. */
export const isotonicPredict = (model: IsotonicModel, x: ArrayLike<number>): Float64Array => {
  const out = new Float64Array(x.length)
  const { thresholds, values } = model
  const last = thresholds.length - 1
  for (let i = 0; i < x.length; i++) {
    const value = x[i] as number
    if (value <= (thresholds[0] as number)) {
      out[i] = values[0] as number
      continue
    }
    if (value >= (thresholds[last] as number)) {
      out[i] = values[last] as number
      continue
    }
    let low = 0
    let high = last
    while (high - low > 1) {
      const middle = (low + high) >>> 1
      if ((thresholds[middle] as number) <= value) low = middle
      else high = middle
    }
    const x0 = thresholds[low] as number
    const x1 = thresholds[high] as number
    const y0 = values[low] as number
    const y1 = values[high] as number
    out[i] = y0 + ((y1 - y0) * (value - x0)) / (x1 - x0)
  }
  return out
}
