// causalml's uplift curves and scores (uber/causalml causalml/metrics/visualize.py): one curve point per
// unit in descending score order (no tie grouping), a leading 0 row, 0/0 points linearly interpolated,
// optional normalisation by |last value|; `qiniScore` and `auucScore` average those curves.
import type { Effect } from "effect"
import { type CausalInputError, guarded } from "../errors.ts"
import { stableArgsortDescending } from "../internal/order.ts"
import { checkFinite, checkLength, firstIssue } from "../internal/validate.ts"
import { checkUpliftInputs } from "./check-uplift-inputs.ts"

/** Options of the causalml curves. */
export interface CausalmlCurveOptions {
  /** Divide the curve by the absolute value of its last point (default false for curves, true for scores). */
  readonly normalize?: boolean
  /** True per-unit effects (synthetic data): the curves then use cumsum(τ) instead of observed outcomes. */
  readonly trueEffect?: ArrayLike<number>
}

/** Replaces non-finite entries by linear interpolation between finite neighbours (np.interp; flat at ends). */
const interpolateNonFinite = (values: Float64Array): Float64Array => {
  const good: Array<number> = []
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i] ?? Number.NaN)) good.push(i)
  if (good.length === values.length || good.length === 0) return values
  let g = 0
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i] ?? Number.NaN)) continue
    while (g < good.length - 1 && (good[g + 1] ?? 0) < i) g += 1
    const left = good[g] ?? 0
    const right = good[g + 1]
    if (i < left || right === undefined) values[i] = values[left] ?? 0
    else {
      const lv = values[left] ?? 0
      const rv = values[right] ?? 0
      values[i] = lv + ((rv - lv) * (i - left)) / (right - left)
    }
  }
  return values
}

const normalise = (curve: Float64Array, normalize: boolean): Float64Array => {
  if (!normalize) return curve
  const last = Math.abs(curve[curve.length - 1] ?? 0)
  for (let i = 0; i < curve.length; i++) curve[i] = (curve[i] ?? 0) / last
  return curve
}

const buildCurve = (
  kind: "qini" | "gain",
  outcome: ArrayLike<number>,
  score: ArrayLike<number>,
  treatment: ArrayLike<number>,
  options: CausalmlCurveOptions
): Float64Array => {
  const order = stableArgsortDescending(score)
  const n = order.length
  const curve = new Float64Array(n + 1)
  let nT = 0
  let yT = 0
  let yC = 0
  let tau = 0
  const trueEffect = options.trueEffect
  for (let i = 0; i < n; i++) {
    const row = order[i] ?? 0
    const t = treatment[row] ?? 0
    const y = outcome[row] ?? 0
    nT += t
    yT += y * t
    yC += y * (1 - t)
    const count = i + 1
    const nC = count - nT
    if (trueEffect !== undefined) {
      tau += trueEffect[row] ?? 0
      curve[i + 1] = kind === "qini" ? (tau / count) * nT : tau / count
    } else if (kind === "qini") curve[i + 1] = yT - (yC * nT) / nC
    else curve[i + 1] = yT / nT - yC / nC
  }
  interpolateNonFinite(curve)
  // causalml interpolates the lift first and multiplies by the population size afterwards.
  if (kind === "gain") for (let i = 0; i <= n; i++) curve[i] = (curve[i] ?? 0) * i
  return normalise(curve, options.normalize ?? false)
}

const checkCurveInputs = (
  outcome: ArrayLike<number>,
  score: ArrayLike<number>,
  treatment: ArrayLike<number>,
  options: CausalmlCurveOptions
): CausalInputError | undefined =>
  firstIssue(checkUpliftInputs(outcome, score, treatment), () =>
    options.trueEffect === undefined
      ? undefined
      : firstIssue(checkLength("trueEffect", options.trueEffect, outcome.length), () =>
          checkFinite("trueEffect", options.trueEffect ?? [])
        )
  )

/** Qini curve kernel (see `getQini`). */
export const getQiniKernel = (
  outcome: ArrayLike<number>,
  score: ArrayLike<number>,
  treatment: ArrayLike<number>,
  options: CausalmlCurveOptions = {}
): Float64Array => buildCurve("qini", outcome, score, treatment, options)

/** Cumulative gain kernel (see `getCumgain`). */
export const getCumgainKernel = (
  outcome: ArrayLike<number>,
  score: ArrayLike<number>,
  treatment: ArrayLike<number>,
  options: CausalmlCurveOptions = {}
): Float64Array => buildCurve("gain", outcome, score, treatment, options)

/** Qini score kernel (see `qiniScore`). */
export const qiniScoreKernel = (
  outcome: ArrayLike<number>,
  score: ArrayLike<number>,
  treatment: ArrayLike<number>,
  options: CausalmlCurveOptions = {}
): number => {
  const curve = getQiniKernel(outcome, score, treatment, { ...options, normalize: options.normalize ?? true })
  const size = curve.length
  const first = curve[0] ?? 0
  const last = curve[size - 1] ?? 0
  // np.linspace(first, last, size): start + i·step, with the last point set to `last` exactly.
  const step = (last - first) / (size - 1)
  let model = 0
  let random = 0
  for (let i = 0; i < size; i++) {
    model += curve[i] ?? 0
    random += i === size - 1 ? last : first + i * step
  }
  return (model - random) / size
}

/** AUUC kernel (see `auucScore`). */
export const auucScoreKernel = (
  outcome: ArrayLike<number>,
  score: ArrayLike<number>,
  treatment: ArrayLike<number>,
  options: CausalmlCurveOptions = {}
): number => {
  const curve = getCumgainKernel(outcome, score, treatment, { ...options, normalize: options.normalize ?? true })
  let sum = 0
  for (let i = 0; i < curve.length; i++) sum += curve[i] ?? 0
  return sum / curve.length
}

/**
 * causalml `get_qini`: row i (i = 0..n) is the Qini value of the top-i units, cumY_T − cumY_C·cumN_T/cumN_C;
 * row 0 is 0 and undefined rows (no control yet) are interpolated.
 */
export const getQini = (
  outcome: ArrayLike<number>,
  score: ArrayLike<number>,
  treatment: ArrayLike<number>,
  options: CausalmlCurveOptions = {}
): Effect.Effect<Float64Array, CausalInputError> =>
  guarded(checkCurveInputs(outcome, score, treatment, options), () => getQiniKernel(outcome, score, treatment, options))

/** causalml `get_cumgain`: row i is (cumY_T/cumN_T − cumY_C/cumN_C)·i, row 0 is 0. */
export const getCumgain = (
  outcome: ArrayLike<number>,
  score: ArrayLike<number>,
  treatment: ArrayLike<number>,
  options: CausalmlCurveOptions = {}
): Effect.Effect<Float64Array, CausalInputError> =>
  guarded(checkCurveInputs(outcome, score, treatment, options), () =>
    getCumgainKernel(outcome, score, treatment, options)
  )

/** causalml `qini_score`: (Σ normalised Qini − Σ random line)/(n + 1); `normalize` defaults to true. */
export const qiniScore = (
  outcome: ArrayLike<number>,
  score: ArrayLike<number>,
  treatment: ArrayLike<number>,
  options: CausalmlCurveOptions = {}
): Effect.Effect<number, CausalInputError> =>
  guarded(checkCurveInputs(outcome, score, treatment, options), () =>
    qiniScoreKernel(outcome, score, treatment, options)
  )

/** causalml `auuc_score`: mean of the normalised cumulative-gain curve (≈ 0.5 for random scores). */
export const auucScore = (
  outcome: ArrayLike<number>,
  score: ArrayLike<number>,
  treatment: ArrayLike<number>,
  options: CausalmlCurveOptions = {}
): Effect.Effect<number, CausalInputError> =>
  guarded(checkCurveInputs(outcome, score, treatment, options), () =>
    auucScoreKernel(outcome, score, treatment, options)
  )
