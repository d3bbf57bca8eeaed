// Discrete-time hazard on person-period data (Singer & Willett; lifelines `to_episodic_format`): one row
// per subject and period at risk, y = 1 in the period of the event, a binomial GLM with a logit or
// complementary log-log link on baseline period-bin dummies plus covariates (static or time-varying,
// e.g. cumulative sends and channel for unsubscribe risk). The cloglog model is the grouped-time Cox model.
import type { Effect } from "effect"
import { type CausalInputError, guarded } from "../errors.ts"
import { checkBinary, checkFinite, checkLength, checkPositiveInteger, firstIssue, issue } from "../internal/validate.ts"
import { type BinomialLink, binomialMean, fitBinomialGlmKernel } from "../learners/binomial-glm.ts"
import { checkMatrix, type Matrix } from "../matrix.ts"

/** Person-period rows: `period` is 1-based, `y` is 1 only in the event period. */
export interface PersonPeriodData {
  readonly x: Matrix
  readonly period: Int32Array
  readonly y: Float64Array
  /** Subject (row of the original data) of each person-period row. */
  readonly subject: Int32Array
}

export interface PersonPeriodInput {
  /** Static covariates, one row per subject. */
  readonly x: Matrix
  /** Number of periods observed (positive integers). */
  readonly durations: ArrayLike<number>
  readonly events: ArrayLike<number>
  /** Time-varying covariates appended to each person-period row, e.g. cumulative sends up to the period. */
  readonly timeVarying?: {
    readonly count: number
    readonly values: (subject: number, period: number) => ArrayLike<number>
  }
}

export const expandPersonPeriodKernel = (input: PersonPeriodInput): PersonPeriodData => {
  const { rows, cols, values } = input.x
  const extra = input.timeVarying?.count ?? 0
  let total = 0
  for (let i = 0; i < rows; i++) total += input.durations[i] ?? 0
  const width = cols + extra
  const out = new Float64Array(total * width)
  const period = new Int32Array(total)
  const y = new Float64Array(total)
  const subject = new Int32Array(total)
  let r = 0
  for (let i = 0; i < rows; i++) {
    const duration = input.durations[i] ?? 0
    for (let t = 1; t <= duration; t++) {
      out.set(values.subarray(i * cols, (i + 1) * cols), r * width)
      if (input.timeVarying !== undefined) {
        const varying = input.timeVarying.values(i, t)
        for (let j = 0; j < extra; j++) out[r * width + cols + j] = varying[j] ?? 0
      }
      period[r] = t
      y[r] = t === duration && input.events[i] === 1 ? 1 : 0
      subject[r] = i
      r++
    }
  }
  return { x: { rows: total, cols: width, values: out }, period, y, subject }
}

/** Expands subject-level survival data into person-period rows. */
export const expandPersonPeriod = (input: PersonPeriodInput): Effect.Effect<PersonPeriodData, CausalInputError> =>
  guarded(
    firstIssue(
      checkMatrix("x", input.x),
      () => checkLength("durations", input.durations, input.x.rows),
      () => checkLength("events", input.events, input.x.rows),
      () => checkBinary("events", input.events),
      () => {
        for (let i = 0; i < input.durations.length; i++) {
          const d = input.durations[i] ?? 0
          if (!Number.isInteger(d) || d < 1)
            return issue("durations", `value ${d} at row ${i} must be a positive integer`, i)
        }
        return undefined
      }
    ),
    () => expandPersonPeriodKernel(input)
  )

export interface DiscreteHazardOptions {
  readonly link?: BinomialLink
  /** Periods per baseline bin (default 1: one baseline coefficient per period). */
  readonly binWidth?: number
  readonly l2?: number
}

export interface DiscreteHazardModel {
  readonly link: BinomialLink
  readonly binWidth: number
  /** Baseline coefficient of each period bin (bin b covers periods b·width + 1 … (b+1)·width). */
  readonly baseline: Float64Array
  readonly coefficients: Float64Array
  readonly standardErrors: Float64Array
  readonly logLikelihood: number
  readonly converged: boolean
  /** h(t | x): probability of the event in period t given survival to its start. */
  readonly hazard: (covariates: ArrayLike<number>, period: number) => number
  /** S(t | x) = Π_{s ≤ t} (1 − h(s | x)) for static covariates. */
  readonly survival: (covariates: ArrayLike<number>, period: number) => number
}

export const fitDiscreteTimeHazardKernel = (
  data: PersonPeriodData,
  options: DiscreteHazardOptions
): DiscreteHazardModel => {
  const link = options.link ?? "cloglog"
  const binWidth = options.binWidth ?? 1
  const { rows, cols, values } = data.x
  let bins = 0
  for (let r = 0; r < rows; r++) bins = Math.max(bins, Math.floor(((data.period[r] ?? 1) - 1) / binWidth) + 1)
  const width = bins + cols
  const design = new Float64Array(rows * width)
  for (let r = 0; r < rows; r++) {
    design[r * width + Math.floor(((data.period[r] ?? 1) - 1) / binWidth)] = 1
    design.set(values.subarray(r * cols, (r + 1) * cols), r * width + bins)
  }
  // Bin dummies replace the intercept; the penalty (if any) applies to the covariates only through l2 on all.
  const fit = fitBinomialGlmKernel({ rows, cols: width, values: design }, data.y, {
    link,
    intercept: false,
    ...(options.l2 === undefined ? {} : { l2: options.l2 })
  })
  const baseline = fit.coefficients.slice(0, bins)
  const coefficients = fit.coefficients.slice(bins)
  const standardErrors = Float64Array.from({ length: cols }, (_, j) =>
    Math.sqrt(fit.covariance?.[(bins + j) * width + bins + j] ?? Number.NaN)
  )
  const hazard = (covariates: ArrayLike<number>, period: number): number => {
    const bin = Math.min(bins - 1, Math.floor((period - 1) / binWidth))
    let eta = baseline[bin] ?? 0
    for (let j = 0; j < cols; j++) eta += (covariates[j] ?? 0) * (coefficients[j] ?? 0)
    return binomialMean(link, eta)
  }
  return {
    link,
    binWidth,
    baseline,
    coefficients,
    standardErrors,
    logLikelihood: fit.logLikelihood,
    converged: fit.converged,
    hazard,
    survival: (covariates, period) => {
      let s = 1
      for (let t = 1; t <= period; t++) s *= 1 - hazard(covariates, t)
      return s
    }
  }
}

/**
 * Fits a discrete-time hazard model (default cloglog link, one baseline coefficient per `binWidth`
 * periods) on person-period rows.
 */
export const fitDiscreteTimeHazard = (
  data: PersonPeriodData,
  options: DiscreteHazardOptions = {}
): Effect.Effect<DiscreteHazardModel, CausalInputError> =>
  guarded(
    firstIssue(
      checkMatrix("x", data.x),
      () => checkLength("period", data.period, data.x.rows),
      () => checkLength("y", data.y, data.x.rows),
      () => checkBinary("y", data.y),
      () => checkFinite("period", data.period),
      () => checkPositiveInteger("binWidth", options.binWidth ?? 1),
      () => {
        for (let r = 0; r < data.period.length; r++)
          if ((data.period[r] ?? 0) < 1) return issue("period", `value ${data.period[r]} at row ${r} must be ≥ 1`, r)
        return undefined
      }
    ),
    () => fitDiscreteTimeHazardKernel(data, options)
  )
