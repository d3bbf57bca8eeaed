// Binomial GLM by Newton / Fisher scoring (IRLS) in float64: the kernel behind L2 logistic regression and
// the discrete-time hazard (logit and complementary log-log links).

import { invertSpd, solveSpd, symmetrize } from "@preflight/numeric"
import type { Effect } from "effect"
import { type CausalInputError, guarded } from "../errors.ts"
import {
  checkFinite,
  checkLength,
  checkPositiveInteger,
  checkRange,
  checkWeights,
  firstIssue,
  issue
} from "../internal/validate.ts"
import { checkMatrix, type Matrix } from "../matrix.ts"

/** Link of the binomial GLM: logit (log-odds) or cloglog, log(−log(1 − p)). */
export type BinomialLink = "logit" | "cloglog"

export interface BinomialGlmOptions {
  readonly link?: BinomialLink
  /** Add an unpenalised intercept (default true). */
  readonly intercept?: boolean
  /** L2 penalty λ on the slopes: the objective is −loglik + λ/2·‖β‖² (sklearn's C = 1/λ). Default 0. */
  readonly l2?: number
  readonly weights?: Float64Array
  readonly maxIterations?: number
  readonly tolerance?: number
  /**
   * Fit on (x − center)/scale without materialising the standardised matrix; coefficients are returned on
   * that standardised scale (the penalty applies there, as with sklearn's StandardScaler pipeline).
   */
  readonly standardize?: { readonly center: Float64Array; readonly scale: Float64Array }
}

export interface BinomialGlmFit {
  readonly link: BinomialLink
  /** Slopes, one per column of X. */
  readonly coefficients: Float64Array
  readonly intercept: number
  /** Inverse of the (penalised) information matrix, intercept last when present. */
  readonly covariance: Float64Array | undefined
  readonly logLikelihood: number
  readonly iterations: number
  readonly converged: boolean
}

const EPS = 1e-15

/** Probability of y = 1 for one linear predictor. */
export const binomialMean = (link: BinomialLink, eta: number): number => {
  if (link === "logit") return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta))
  return 1 - Math.exp(-Math.exp(Math.min(eta, 700)))
}

/** The first problem of the GLM's input: matrix, y in [0, 1], weights, options, standardisation vectors. */
const checkGlmInput = (x: Matrix, y: ArrayLike<number>, options: BinomialGlmOptions): CausalInputError | undefined =>
  firstIssue(
    checkMatrix("x", x),
    () => (x.rows > 0 ? undefined : issue("x", "has no rows")),
    () => checkLength("y", y, x.rows),
    () => checkFinite("y", y),
    () => {
      for (let i = 0; i < y.length; i++) {
        const v = y[i] ?? 0
        if (v < 0 || v > 1) return issue("y", `value ${v} at row ${i} must be in [0, 1]`, i)
      }
      return undefined
    },
    () =>
      options.link === undefined || options.link === "logit" || options.link === "cloglog"
        ? undefined
        : issue("link", `unknown link ${String(options.link)}`),
    () => (options.l2 === undefined ? undefined : checkRange("l2", options.l2, 0, Number.POSITIVE_INFINITY, "low")),
    () => checkWeights("weights", options.weights, x.rows),
    () =>
      options.maxIterations === undefined ? undefined : checkPositiveInteger("maxIterations", options.maxIterations),
    () =>
      options.tolerance === undefined
        ? undefined
        : checkRange("tolerance", options.tolerance, 0, Number.POSITIVE_INFINITY, "open"),
    () => {
      const standardize = options.standardize
      if (standardize === undefined) return undefined
      return firstIssue(
        checkLength("standardize.center", standardize.center, x.cols),
        () => checkFinite("standardize.center", standardize.center),
        () => checkLength("standardize.scale", standardize.scale, x.cols),
        () => {
          for (let j = 0; j < x.cols; j++) {
            const v = standardize.scale[j] ?? 0
            if (!(Number.isFinite(v) && v > 0))
              return issue("standardize.scale", `value ${v} at column ${j} must be > 0`)
          }
          return undefined
        }
      )
    }
  )

/**
 * Fits a binomial GLM. Newton's method with the expected information (= observed for the logit link),
 * step-halving when the penalised objective does not decrease; stops when the largest step is below
 * `tolerance` (default 1e-7; the error left is then ~1e-14) or after `maxIterations` (default 100).
 * `y` holds 0/1 outcomes (or proportions in [0, 1]). Fails on a bad matrix, mismatched lengths,
 * non-finite values, negative weights or an out-of-range option; a fit that does not converge
 * (e.g. separable data without `l2`) succeeds with `converged: false`.
 *
 * @example
 * const fit = yield* fitBinomialGlm(x, y, { link: "cloglog", l2: 1 })
 * const p = predictBinomialGlm(fit, xNew)
 */
export const fitBinomialGlm = (
  x: Matrix,
  y: ArrayLike<number>,
  options: BinomialGlmOptions = {}
): Effect.Effect<BinomialGlmFit, CausalInputError> =>
  guarded(checkGlmInput(x, y, options), () => fitBinomialGlmKernel(x, y, options))

/** Fits the binomial GLM without validation (for callers that validated their input). */
export const fitBinomialGlmKernel = (
  x: Matrix,
  y: ArrayLike<number>,
  options: BinomialGlmOptions = {}
): BinomialGlmFit => {
  const link = options.link ?? "logit"
  const withIntercept = options.intercept ?? true
  const l2 = options.l2 ?? 0
  const w = options.weights
  const { rows, cols, values } = x
  const p = cols + (withIntercept ? 1 : 0)
  const maxIterations = options.maxIterations ?? 100
  // Newton converges quadratically: once a step is below 1e-7 the next would be ~1e-14.
  const tolerance = options.tolerance ?? 1e-7
  const beta = new Float64Array(cols)
  let b0 = 0
  if (withIntercept) {
    // Start from the marginal rate so the first step is small.
    let sy = 0
    let sw = 0
    for (let i = 0; i < rows; i++) {
      const wi = w === undefined ? 1 : (w[i] ?? 0)
      sy += wi * (y[i] ?? 0)
      sw += wi
    }
    const rate = Math.min(1 - 1e-6, Math.max(1e-6, sy / sw))
    b0 = link === "logit" ? Math.log(rate / (1 - rate)) : Math.log(-Math.log(1 - rate))
  }
  // Column-major copy: every pass below is a tight loop over contiguous columns.
  const columns: Array<Float64Array> = []
  for (let j = 0; j < cols; j++) {
    const column = new Float64Array(rows)
    const center = options.standardize?.center[j] ?? 0
    const scale = options.standardize?.scale[j] ?? 1
    for (let i = 0; i < rows; i++) column[i] = ((values[i * cols + j] ?? 0) - center) / scale
    columns.push(column)
  }
  const ones = new Float64Array(rows).fill(1)
  const designColumns = withIntercept ? [...columns, ones] : columns
  // Columns padded with zero columns to a multiple of 4 for the 4×4-tiled Gram product.
  const zeros = new Float64Array(rows)
  // The intercept column is all ones: its Hessian row is Σ w·x_j, gathered with the gradient instead.
  const tiles: Array<Float64Array> = [...columns]
  while (tiles.length % 4 !== 0) tiles.push(zeros)
  const eta = new Float64Array(rows)
  const linearPredictor = (b: Float64Array, intercept: number): void => {
    eta.fill(intercept)
    for (let j = 0; j < cols; j++) {
      const column = columns[j] ?? ones
      const bj = b[j] ?? 0
      if (bj === 0) continue
      for (let i = 0; i < rows; i++) eta[i] = (eta[i] ?? 0) + bj * (column[i] ?? 0)
    }
  }
  // The objective pass leaves η, μ and dμ/dη of the evaluated coefficients in the trial buffers; an accepted
  // step swaps them in, so each Newton iteration costs one exponential per row, not two.
  let muCurrent = new Float64Array(rows)
  let dmuCurrent = new Float64Array(rows)
  let muTrial = new Float64Array(rows)
  let dmuTrial = new Float64Array(rows)
  const objective = (b: Float64Array, intercept: number): number => {
    linearPredictor(b, intercept)
    let ll = 0
    for (let i = 0; i < rows; i++) {
      const e = eta[i] ?? 0
      const yi = y[i] ?? 0
      const wi = w === undefined ? 1 : (w[i] ?? 0)
      if (link === "logit") {
        // log-likelihood y·η − log(1 + e^η), with z = e^{−|η|} shared by the softplus and the mean.
        const z = Math.exp(-Math.abs(e))
        ll += wi * (yi * e - (Math.max(e, 0) + Math.log1p(z)))
        const mu = e >= 0 ? 1 / (1 + z) : z / (1 + z)
        muTrial[i] = mu
        dmuTrial[i] = mu * (1 - mu)
      } else {
        const ee = Math.exp(Math.min(e, 700))
        const survival = Math.exp(-ee)
        // log μ = log(1 − e^{−e^η}), log(1 − μ) = −e^η.
        ll += wi * (yi * Math.log(Math.max(EPS, -Math.expm1(-ee))) - (1 - yi) * ee)
        muTrial[i] = 1 - survival
        dmuTrial[i] = ee * survival
      }
    }
    let penalty = 0
    for (let j = 0; j < cols; j++) penalty += (b[j] ?? 0) * (b[j] ?? 0)
    return -ll + 0.5 * l2 * penalty
  }
  const keepTrial = (): void => {
    const mu = muCurrent
    const dmu = dmuCurrent
    muCurrent = muTrial
    dmuCurrent = dmuTrial
    muTrial = mu
    dmuTrial = dmu
  }
  let current = objective(beta, b0)
  keepTrial()
  const hessian = new Float64Array(p * p)
  const gradient = new Float64Array(p)
  const score = new Float64Array(rows)
  const weight = new Float64Array(rows)
  let iterations = 0
  let converged = false
  for (; iterations < maxIterations; iterations++) {
    for (let i = 0; i < rows; i++) {
      const wi = w === undefined ? 1 : (w[i] ?? 0)
      const mu = Math.min(1 - EPS, Math.max(EPS, muCurrent[i] ?? 0))
      if (link === "logit") {
        // Canonical link: the score is (y − μ) and the weight μ(1 − μ).
        score[i] = wi * ((y[i] ?? 0) - mu)
        weight[i] = wi * mu * (1 - mu)
      } else {
        const dmu = dmuCurrent[i] ?? 0
        const variance = mu * (1 - mu)
        score[i] = (wi * ((y[i] ?? 0) - mu) * dmu) / variance
        weight[i] = (wi * dmu * dmu) / variance
      }
    }
    for (let j = 0; j < p; j++) {
      const cj = designColumns[j] ?? ones
      let g = 0
      let wx = 0
      for (let i = 0; i < rows; i++) {
        const v = cj[i] ?? 0
        g += (score[i] ?? 0) * v
        wx += (weight[i] ?? 0) * v
      }
      gradient[j] = g
      if (withIntercept) hessian[j * p + cols] = wx
    }
    accumulateWeightedGram(tiles, rows, weight, hessian, p, cols)
    for (let j = 0; j < cols; j++) {
      gradient[j] = (gradient[j] ?? 0) - l2 * (beta[j] ?? 0)
      hessian[j * p + j] = (hessian[j * p + j] ?? 0) + l2
    }
    symmetrize(hessian, p)
    const step = solveSpd(hessian, p, gradient)
    if (step === undefined) break
    const betaBefore = Float64Array.from(beta)
    const b0Before = b0
    let scale = 1
    let accepted = false
    const trial = new Float64Array(cols)
    for (let halving = 0; halving < 30; halving++, scale *= 0.5) {
      for (let j = 0; j < cols; j++) trial[j] = (beta[j] ?? 0) + scale * (step[j] ?? 0)
      const trialB0 = withIntercept ? b0 + scale * (step[cols] ?? 0) : 0
      const value = objective(trial, trialB0)
      if (value <= current + 1e-12 * Math.abs(current)) {
        beta.set(trial)
        b0 = trialB0
        current = value
        keepTrial()
        accepted = true
        break
      }
    }
    let largest = 0
    for (let j = 0; j < p; j++) largest = Math.max(largest, Math.abs(scale * (step[j] ?? 0)))
    if (!accepted) {
      // No decrease even for tiny steps: we are at the optimum to rounding; restore η of the kept β.
      beta.set(betaBefore)
      b0 = b0Before
      current = objective(beta, b0)
      converged = largest < 1e-6
      iterations += 1
      break
    }
    if (largest < tolerance) {
      converged = true
      iterations += 1
      break
    }
  }
  return {
    link,
    coefficients: beta,
    intercept: b0,
    covariance: invertSpd(hessian, p),
    logLikelihood: -current + 0.5 * l2 * beta.reduce((sum, b) => sum + b * b, 0),
    iterations,
    converged
  }
}

/**
 * Upper triangle of Xᵀ·diag(w)·X for the first `limit` columns into `out` (row stride p), X given as columns
 * padded with zero columns to a multiple of 4. Works in
 * 4×4 tiles with the 16 sums in locals: 8 column loads per row feed 16 multiply-adds instead of 2 loads
 * per multiply-add, which is what bounds the plain column-by-column dot products.
 */
const accumulateWeightedGram = (
  columns: ReadonlyArray<Float64Array>,
  rows: number,
  w: Float64Array,
  out: Float64Array,
  p: number,
  limit: number
): void => {
  const empty = new Float64Array(rows)
  for (let jb = 0; jb < columns.length; jb += 4) {
    const a0 = columns[jb] ?? empty
    const a1 = columns[jb + 1] ?? empty
    const a2 = columns[jb + 2] ?? empty
    const a3 = columns[jb + 3] ?? empty
    for (let kb = jb; kb < columns.length; kb += 4) {
      const b0 = columns[kb] ?? empty
      const b1 = columns[kb + 1] ?? empty
      const b2 = columns[kb + 2] ?? empty
      const b3 = columns[kb + 3] ?? empty
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0,
        s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0
      let s20 = 0,
        s21 = 0,
        s22 = 0,
        s23 = 0,
        s30 = 0,
        s31 = 0,
        s32 = 0,
        s33 = 0
      for (let i = 0; i < rows; i++) {
        const wi = w[i] ?? 0
        const x0 = wi * (a0[i] ?? 0)
        const x1 = wi * (a1[i] ?? 0)
        const x2 = wi * (a2[i] ?? 0)
        const x3 = wi * (a3[i] ?? 0)
        const y0 = b0[i] ?? 0
        const y1 = b1[i] ?? 0
        const y2 = b2[i] ?? 0
        const y3 = b3[i] ?? 0
        s00 += x0 * y0
        s01 += x0 * y1
        s02 += x0 * y2
        s03 += x0 * y3
        s10 += x1 * y0
        s11 += x1 * y1
        s12 += x1 * y2
        s13 += x1 * y3
        s20 += x2 * y0
        s21 += x2 * y1
        s22 += x2 * y2
        s23 += x2 * y3
        s30 += x3 * y0
        s31 += x3 * y1
        s32 += x3 * y2
        s33 += x3 * y3
      }
      const block = [s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33]
      for (let a = 0; a < 4; a++) {
        for (let b = 0; b < 4; b++) {
          const j = jb + a
          const k = kb + b
          if (j < limit && k < limit && k >= j) out[j * p + k] = block[a * 4 + b] ?? 0
        }
      }
    }
  }
}

/** Linear predictor and mean for each row of X. */
export const predictBinomialGlm = (fit: BinomialGlmFit, x: Matrix): Float64Array => {
  const { rows, cols, values } = x
  const out = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    let eta = fit.intercept
    for (let j = 0; j < cols; j++) eta += (values[i * cols + j] ?? 0) * (fit.coefficients[j] ?? 0)
    out[i] = binomialMean(fit.link, eta)
  }
  return out
}
