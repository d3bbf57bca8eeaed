// Linear base learners: L2-penalised logistic regression (Newton, float64) for classification and ridge /
// ordinary least squares (normal equations, Cholesky) for regression, each on standardised columns.

import { solveSpd, symmetrize } from "@preflight/numeric"
import type { Effect } from "effect"
import { type CausalInputError, guarded } from "../errors.ts"
import { checkFinite, checkLength, checkRange, checkWeights, firstIssue } from "../internal/validate.ts"
import { checkMatrix, type Matrix } from "../matrix.ts"
import { fitBinomialGlmKernel, predictBinomialGlm } from "./binomial-glm.ts"
import type { FitInput, Learner, Predictor } from "./learner.ts"
import { applyStandardizer, fitStandardizer } from "./standardizer.ts"

export interface LogisticLearnerOptions {
  /** L2 penalty λ = 1/C on standardised slopes (default 1, sklearn's C = 1). */
  readonly l2?: number
  /** Standardise columns first (default true, as `make_pipeline(StandardScaler(), LogisticRegression())`). */
  readonly standardize?: boolean
}

/** L2 logistic regression: minimises Σ wᵢ·logloss + λ/2‖β‖², intercept unpenalised (sklearn lbfgs default). */
export const logisticLearner = (options: LogisticLearnerOptions = {}): Learner => ({
  name: `logistic(l2=${options.l2 ?? 1})`,
  tasks: ["classification"],
  checkOptions: () => (options.l2 === undefined ? undefined : checkPenalty("l2", options.l2)),
  fit: (input: FitInput): Predictor => {
    const scaler = (options.standardize ?? true) ? fitStandardizer(input.x) : undefined
    const fit = fitBinomialGlmKernel(input.x, input.y, {
      l2: options.l2 ?? 1,
      ...(input.weights === undefined ? {} : { weights: input.weights }),
      ...(scaler === undefined ? {} : { standardize: { center: scaler.means, scale: scaler.scales } })
    })
    // Back to raw columns: β_raw = β/scale, intercept_raw = intercept − Σ β·center/scale (no copy of X).
    const coefficients = fit.coefficients.map((b, j) => b / (scaler?.scales[j] ?? 1))
    const intercept =
      fit.intercept -
      fit.coefficients.reduce((sum, b, j) => sum + (b * (scaler?.means[j] ?? 0)) / (scaler?.scales[j] ?? 1), 0)
    const raw = { ...fit, coefficients, intercept }
    return { predict: (x) => predictBinomialGlm(raw, x) }
  }
})

export interface RidgeLearnerOptions {
  /** Penalty α on the slopes (sklearn Ridge alpha; default 1). 0 gives ordinary least squares. */
  readonly alpha?: number
  /** Standardise columns first (default true). */
  readonly standardize?: boolean
}

export interface LinearFit {
  readonly coefficients: Float64Array
  readonly intercept: number
}

const checkPenalty = (field: string, value: number): CausalInputError | undefined =>
  checkRange(field, value, 0, Number.POSITIVE_INFINITY, "low")

/** Weighted ridge without validation (for callers that validated the input). */
export const fitRidgeKernel = (x: Matrix, y: ArrayLike<number>, alpha: number, weights?: Float64Array): LinearFit => {
  const { rows, cols, values } = x
  const p = cols + 1
  const a = new Float64Array(p * p)
  const b = new Float64Array(p)
  for (let i = 0; i < rows; i++) {
    const w = weights === undefined ? 1 : (weights[i] ?? 0)
    const yi = y[i] ?? 0
    const base = i * cols
    for (let j = 0; j < cols; j++) {
      const wx = w * (values[base + j] ?? 0)
      b[j] = (b[j] ?? 0) + wx * yi
      const row = j * p
      for (let k = j; k < cols; k++) a[row + k] = (a[row + k] ?? 0) + wx * (values[base + k] ?? 0)
      a[row + cols] = (a[row + cols] ?? 0) + wx
    }
    b[cols] = (b[cols] ?? 0) + w * yi
    a[cols * p + cols] = (a[cols * p + cols] ?? 0) + w
  }
  for (let j = 0; j < cols; j++) a[j * p + j] = (a[j * p + j] ?? 0) + alpha
  symmetrize(a, p)
  const solution = solveSpd(a, p, b) ?? new Float64Array(p)
  return { coefficients: solution.subarray(0, cols), intercept: solution[cols] ?? 0 }
}

/**
 * Weighted ridge with an unpenalised intercept on the raw columns (no standardisation): solves the
 * (p+1)-dimensional normal equations. `alpha` ≥ 0 (0: least squares). Fails on a bad matrix, mismatched
 * lengths, non-finite values or negative weights.
 */
export const fitRidge = (
  x: Matrix,
  y: ArrayLike<number>,
  alpha: number,
  weights?: Float64Array
): Effect.Effect<LinearFit, CausalInputError> =>
  guarded(
    firstIssue(
      checkMatrix("x", x),
      () => checkLength("y", y, x.rows),
      () => checkFinite("y", y),
      () => checkPenalty("alpha", alpha),
      () => checkWeights("weights", weights, x.rows)
    ),
    () => fitRidgeKernel(x, y, alpha, weights)
  )

export const predictLinear = (fit: LinearFit, x: Matrix): Float64Array => {
  const { rows, cols, values } = x
  const out = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    let sum = fit.intercept
    for (let j = 0; j < cols; j++) sum += (values[i * cols + j] ?? 0) * (fit.coefficients[j] ?? 0)
    out[i] = sum
  }
  return out
}

/** Ridge regression (α = 0: ordinary least squares). Also accepts 0/1 targets as a linear probability model. */
export const ridgeLearner = (options: RidgeLearnerOptions = {}): Learner => {
  const alpha = options.alpha ?? 1
  return {
    name: alpha === 0 ? "ols" : `ridge(alpha=${alpha})`,
    tasks: ["regression", "classification"],
    checkOptions: () => checkPenalty("alpha", alpha),
    fit: (input: FitInput): Predictor => {
      const scaler = (options.standardize ?? true) ? fitStandardizer(input.x) : undefined
      const prepare = (x: Matrix) => (scaler === undefined ? x : applyStandardizer(scaler, x))
      const fit = fitRidgeKernel(prepare(input.x), input.y, alpha, input.weights)
      return { predict: (x) => predictLinear(fit, prepare(x)) }
    }
  }
}

/** Ordinary least squares: `ridgeLearner({ alpha: 0 })`. */
export const linearRegressionLearner = (): Learner => ridgeLearner({ alpha: 0 })
