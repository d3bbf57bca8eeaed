// Platt scaling (Platt 2000): fit P(y = 1 | f) = σ(slope·f + intercept) to scores f by maximum likelihood on
// Platt's smoothed targets (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2), solved by Newton's method with backtracking
// (Lin, Lin & Weng 2007). Same objective and start as scikit-learn's _sigmoid_calibration.
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { binaryVector, finiteVector, invalid, type NumericInput, sameLength } from "../internal/validate.ts"
import { sigmoid, softplus } from "./logistic.ts"

export interface PlattModel {
  /** Probability = σ(slope·score + intercept). scikit-learn's (a, b) are (−slope, −intercept). */
  readonly slope: number
  readonly intercept: number
  readonly iterations: number
}

export interface PlattOptions {
  /** Use Platt's smoothed targets instead of hard 0/1 (default true, as Platt and scikit-learn do). */
  readonly targetSmoothing?: boolean
  readonly maxIterations?: number
}

/**
 * Fits Platt scaling to `scores` (decision values or logits) and 0/1 `labels`. Named arguments, as every
 * function of this package whose two lists could be swapped unnoticed (the metrics take `(labels,
 * probabilities)`, scikit-learn's order).
 *
 * @example const model = Result.getOrThrow(plattScaling({ scores: logits, labels })); plattPredict(model, newLogits)
 */
export const plattScaling = (
  data: { readonly scores: NumericInput; readonly labels: NumericInput },
  options: PlattOptions = {}
): Result.Result<PlattModel, InvalidInput> =>
  Result.gen(function* () {
    const { scores, labels } = data
    const f = yield* finiteVector(scores, "scores", 2)
    const y = yield* binaryVector(labels, "labels")
    yield* sameLength(f, y, "scores", "labels")
    const maxIterations = options.maxIterations ?? 200
    let positives = 0
    for (let i = 0; i < y.length; i++) positives += y[i] as number
    const negatives = y.length - positives
    if (positives === 0 || negatives === 0) return yield* invalid("labels", "need both classes to fit Platt scaling")
    const smoothing = options.targetSmoothing ?? true
    const highTarget = smoothing ? (positives + 1) / (positives + 2) : 1
    const lowTarget = smoothing ? 1 / (negatives + 2) : 0
    // Scale large scores into a well-conditioned range; the fit is invariant to it (scikit-learn uses 30).
    let maxAbs = 0
    for (let i = 0; i < f.length; i++) maxAbs = Math.max(maxAbs, Math.abs(f[i] as number))
    const scale = maxAbs >= 30 ? maxAbs : 1
    const n = f.length
    const loss = (slope: number, intercept: number): number => {
      let total = 0
      for (let i = 0; i < n; i++) {
        const z = (slope * (f[i] as number)) / scale + intercept
        const target = y[i] === 1 ? highTarget : lowTarget
        total += softplus(z) - target * z
      }
      return total
    }
    let slope = 0
    let intercept = Math.log((positives + 1) / (negatives + 1))
    let current = loss(slope, intercept)
    let iterations = 0
    for (; iterations < maxIterations; iterations++) {
      let gradientSlope = 0
      let gradientIntercept = 0
      let hss = 0
      let hsi = 0
      let hii = 0
      for (let i = 0; i < n; i++) {
        const x = (f[i] as number) / scale
        const p = sigmoid(slope * x + intercept)
        const residual = p - (y[i] === 1 ? highTarget : lowTarget)
        const curvature = Math.max(p * (1 - p), 1e-300)
        gradientSlope += residual * x
        gradientIntercept += residual
        hss += curvature * x * x
        hsi += curvature * x
        hii += curvature
      }
      if (Math.max(Math.abs(gradientSlope), Math.abs(gradientIntercept)) < 1e-12 * n) break
      // Newton direction with a small ridge so a degenerate Hessian (all scores equal) stays solvable.
      const ridge = 1e-12 * (hss + hii)
      const determinant = (hss + ridge) * (hii + ridge) - hsi * hsi
      const stepSlope = -((hii + ridge) * gradientSlope - hsi * gradientIntercept) / determinant
      const stepIntercept = -((hss + ridge) * gradientIntercept - hsi * gradientSlope) / determinant
      const decrease = gradientSlope * stepSlope + gradientIntercept * stepIntercept
      let stepSize = 1
      let accepted = false
      while (stepSize >= 1e-10) {
        const candidateSlope = slope + stepSize * stepSlope
        const candidateIntercept = intercept + stepSize * stepIntercept
        const candidate = loss(candidateSlope, candidateIntercept)
        if (candidate <= current + 1e-4 * stepSize * decrease) {
          slope = candidateSlope
          intercept = candidateIntercept
          accepted = current - candidate > 0 || stepSize === 1
          current = candidate
          break
        }
        stepSize /= 2
      }
      if (!accepted) break
    }
    return { slope: slope / scale, intercept, iterations }
  })

/** Calibrated probabilities σ(slope·score + intercept). */
export const plattPredict = (model: PlattModel, scores: ArrayLike<number>): Float64Array => {
  const out = new Float64Array(scores.length)
  for (let i = 0; i < scores.length; i++) out[i] = sigmoid(model.slope * (scores[i] as number) + model.intercept)
  return out
}
