// Logit shift ("intercept recalibration"): add one constant δ to every logit so the mean prediction equals a
// target rate. Fitted to labels it is the maximum-likelihood offset of a logistic model with the original
// logits as offsets, whose score equation is exactly Σσ(logit pᵢ + δ) = Σyᵢ.
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { binaryVector, invalid, type NumericInput, probabilityVector, sameLength } from "../internal/validate.ts"
import { logit, sigmoid } from "./logistic.ts"

export interface LogitShiftModel {
  /** δ added to every logit. */
  readonly shift: number
  readonly targetRate: number
}

/** Kernel: δ with mean σ(ℓᵢ + δ) = rate, by Newton steps safeguarded with bisection (the map is monotone). */
export const solveLogitShift = (logits: Float64Array, rate: number, weights?: Float64Array): number => {
  let low = -50
  let high = 50
  let shift = 0
  let totalWeight = 0
  for (let i = 0; i < logits.length; i++) totalWeight += weights === undefined ? 1 : (weights[i] as number)
  for (let iteration = 0; iteration < 200; iteration++) {
    let mean = 0
    let slope = 0
    for (let i = 0; i < logits.length; i++) {
      const w = weights === undefined ? 1 : (weights[i] as number)
      const p = sigmoid((logits[i] as number) + shift)
      mean += w * p
      slope += w * p * (1 - p)
    }
    mean /= totalWeight
    slope /= totalWeight
    const gap = mean - rate
    if (Math.abs(gap) <= 1e-15 * Math.max(rate, 1e-300)) break
    if (gap > 0) high = shift
    else low = shift
    let next = slope > 0 ? shift - gap / slope : Number.NaN
    if (!(next > low && next < high)) next = 0.5 * (low + high)
    if (Math.abs(next - shift) < 1e-15) {
      shift = next
      break
    }
    shift = next
  }
  return shift
}

/**
 * Fits the logit shift that makes the mean of `probabilities` equal `targetRate` (or the mean of `labels`).
 *
 * @example fitLogitShift(p, { labels: y }) // δ; then logitShiftPredict(model, pNew)
 */
export const fitLogitShift = (
  probabilities: NumericInput,
  target: { readonly labels: NumericInput } | { readonly targetRate: number }
): Result.Result<LogitShiftModel, InvalidInput> =>
  Result.gen(function* () {
    const p = yield* probabilityVector(probabilities, "probabilities")
    let rate: number
    if ("labels" in target) {
      const y = yield* binaryVector(target.labels, "labels")
      yield* sameLength(p, y, "probabilities", "labels")
      let sum = 0
      for (let i = 0; i < y.length; i++) sum += y[i] as number
      rate = sum / y.length
    } else {
      rate = target.targetRate
    }
    if (!(rate > 0 && rate < 1)) return yield* invalid("targetRate", `must be strictly between 0 and 1, got ${rate}`)
    const logits = new Float64Array(p.length)
    for (let i = 0; i < p.length; i++) logits[i] = logit(p[i] as number)
    return { shift: solveLogitShift(logits, rate), targetRate: rate }
  })

/** Shifted probabilities σ(logit pᵢ + δ). */
export const logitShiftPredict = (model: LogitShiftModel, probabilities: ArrayLike<number>): Float64Array => {
  const out = new Float64Array(probabilities.length)
  for (let i = 0; i < probabilities.length; i++) out[i] = sigmoid(logit(probabilities[i] as number) + model.shift)
  return out
}
