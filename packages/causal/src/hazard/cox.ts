// Cox proportional hazards (lifelines CoxPHFitter conventions): Newton–Raphson on the partial likelihood
// with Efron (default) or Breslow handling of tied event times, optional case weights, Breslow baseline
// cumulative hazard and survival prediction S(t | x) = exp(−H₀(t)·exp(xβ)).

import { invertSpd, solveSpd, symmetrize } from "@preflight/numeric"
import type { Effect } from "effect"
import { type CausalInputError, guarded } from "../errors.ts"
import { checkBinary, checkFinite, checkLength, firstIssue, issue } from "../internal/validate.ts"
import { checkMatrix, type Matrix } from "../matrix.ts"

export interface SurvivalData {
  /** Covariates, one row per subject. */
  readonly x: Matrix
  /** Time to event or censoring (> 0). */
  readonly durations: ArrayLike<number>
  /** 1 = event observed, 0 = censored. */
  readonly events: ArrayLike<number>
  readonly weights?: ArrayLike<number>
}

export interface CoxOptions {
  readonly ties?: "efron" | "breslow"
  /** L2 penalty: maximises log partial likelihood − λ/2·‖β‖² on the raw covariates (default 0). */
  readonly l2?: number
  readonly maxIterations?: number
}

export interface CoxModel {
  readonly coefficients: Float64Array
  readonly standardErrors: Float64Array
  readonly logPartialLikelihood: number
  /** Log partial likelihood at β = 0, for the likelihood-ratio test. */
  readonly nullLogPartialLikelihood: number
  readonly iterations: number
  readonly converged: boolean
  /** Distinct event times and the Breslow cumulative baseline hazard at each (covariates uncentred). */
  readonly baselineTimes: Float64Array
  readonly baselineCumulativeHazard: Float64Array
  /** xβ per row. */
  readonly predictLogPartialHazard: (x: Matrix) => Float64Array
  /** S(t | x) for each row at each of `times`: result[row][k]. */
  readonly predictSurvival: (x: Matrix, times: ArrayLike<number>) => Array<Float64Array>
}

interface CoxSums {
  readonly logLik: number
  readonly gradient: Float64Array
  readonly hessian: Float64Array
}

/** Log partial likelihood, gradient and Hessian at β, subjects pre-sorted by descending time. */
const partialLikelihood = (
  x: Float64Array,
  p: number,
  order: Int32Array,
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  weight: ArrayLike<number> | undefined,
  beta: Float64Array,
  ties: "efron" | "breslow"
): CoxSums => {
  const gradient = new Float64Array(p)
  const hessian = new Float64Array(p * p)
  const s1 = new Float64Array(p)
  const s2 = new Float64Array(p * p)
  const d1 = new Float64Array(p)
  const d2 = new Float64Array(p * p)
  const a1 = new Float64Array(p)
  let s0 = 0
  let logLik = 0
  const n = order.length
  let k = 0
  while (k < n) {
    const t = time[order[k] ?? 0] ?? 0
    // Add every subject with this time to the risk set; collect the tied events separately.
    let d0 = 0
    let deaths = 0
    let deathWeight = 0
    d1.fill(0)
    d2.fill(0)
    let end = k
    while (end < n && (time[order[end] ?? 0] ?? 0) === t) end++
    for (let m = k; m < end; m++) {
      const i = order[m] ?? 0
      const w = weight === undefined ? 1 : (weight[i] ?? 0)
      let eta = 0
      for (let j = 0; j < p; j++) eta += (x[i * p + j] ?? 0) * (beta[j] ?? 0)
      const r = w * Math.exp(eta)
      s0 += r
      for (let j = 0; j < p; j++) {
        const xj = x[i * p + j] ?? 0
        s1[j] = (s1[j] ?? 0) + r * xj
        for (let l = j; l < p; l++) s2[j * p + l] = (s2[j * p + l] ?? 0) + r * xj * (x[i * p + l] ?? 0)
      }
      if (event[i] === 1) {
        deaths += 1
        deathWeight += w
        d0 += r
        logLik += w * eta
        for (let j = 0; j < p; j++) {
          const xj = x[i * p + j] ?? 0
          gradient[j] = (gradient[j] ?? 0) + w * xj
          d1[j] = (d1[j] ?? 0) + r * xj
          for (let l = j; l < p; l++) d2[j * p + l] = (d2[j * p + l] ?? 0) + r * xj * (x[i * p + l] ?? 0)
        }
      }
    }
    if (deaths > 0) {
      const meanWeight = deathWeight / deaths
      for (let l = 0; l < deaths; l++) {
        const phi = ties === "efron" ? l / deaths : 0
        const a0 = s0 - phi * d0
        logLik -= meanWeight * Math.log(a0)
        for (let j = 0; j < p; j++) a1[j] = ((s1[j] ?? 0) - phi * (d1[j] ?? 0)) / a0
        for (let j = 0; j < p; j++) {
          gradient[j] = (gradient[j] ?? 0) - meanWeight * (a1[j] ?? 0)
          for (let q = j; q < p; q++) {
            const a2 = ((s2[j * p + q] ?? 0) - phi * (d2[j * p + q] ?? 0)) / a0
            hessian[j * p + q] = (hessian[j * p + q] ?? 0) - meanWeight * (a2 - (a1[j] ?? 0) * (a1[q] ?? 0))
          }
        }
      }
    }
    k = end
  }
  symmetrize(hessian, p)
  return { logLik, gradient, hessian }
}

const checkSurvival = (data: SurvivalData): CausalInputError | undefined =>
  firstIssue(
    checkMatrix("x", data.x),
    () => checkLength("durations", data.durations, data.x.rows),
    () => checkLength("events", data.events, data.x.rows),
    () => checkFinite("durations", data.durations),
    () => checkBinary("events", data.events),
    () => {
      for (let i = 0; i < data.durations.length; i++)
        if (!((data.durations[i] ?? 0) > 0))
          return issue("durations", `value ${data.durations[i]} at row ${i} must be > 0`, i)
      return undefined
    },
    () => (data.weights === undefined ? undefined : checkLength("weights", data.weights, data.x.rows)),
    () => {
      let events = 0
      for (let i = 0; i < data.events.length; i++) events += data.events[i] ?? 0
      return events === 0 ? issue("events", "no event is observed; the partial likelihood is flat") : undefined
    }
  )

const fitCoxKernel = (data: SurvivalData, options: CoxOptions): CoxModel => {
  const { rows: n, cols: p } = data.x
  const ties = options.ties ?? "efron"
  const l2 = options.l2 ?? 0
  // Centre the covariates: the partial likelihood is invariant, Newton is better conditioned.
  const means = new Float64Array(p)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) means[j] = (means[j] ?? 0) + (data.x.values[i * p + j] ?? 0) / n
  const x = new Float64Array(n * p)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) x[i * p + j] = (data.x.values[i * p + j] ?? 0) - (means[j] ?? 0)
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (data.durations[b] ?? 0) - (data.durations[a] ?? 0) || a - b
  )
  const evaluate = (beta: Float64Array): CoxSums => {
    const sums = partialLikelihood(x, p, order, data.durations, data.events, data.weights, beta, ties)
    if (l2 === 0) return sums
    let penalty = 0
    for (let j = 0; j < p; j++) {
      penalty += (beta[j] ?? 0) * (beta[j] ?? 0)
      sums.gradient[j] = (sums.gradient[j] ?? 0) - l2 * (beta[j] ?? 0)
      sums.hessian[j * p + j] = (sums.hessian[j * p + j] ?? 0) - l2
    }
    return { ...sums, logLik: sums.logLik - 0.5 * l2 * penalty }
  }
  let beta = new Float64Array(p)
  let current = evaluate(beta)
  const nullLogLik = current.logLik
  let iterations = 0
  let converged = false
  const maxIterations = options.maxIterations ?? 50
  for (; iterations < maxIterations; iterations++) {
    const information = current.hessian.map((v) => -v)
    const step = solveSpd(information, p, current.gradient)
    if (step === undefined) break
    let scale = 1
    let next: CoxSums | undefined
    let candidate = beta
    for (let halving = 0; halving < 30; halving++, scale *= 0.5) {
      candidate = beta.map((b, j) => b + scale * (step[j] ?? 0))
      const value = evaluate(candidate)
      if (value.logLik >= current.logLik - 1e-12 * Math.abs(current.logLik)) {
        next = value
        break
      }
    }
    if (next === undefined) {
      converged = true
      break
    }
    const largest = step.reduce((m, v) => Math.max(m, Math.abs(scale * v)), 0)
    beta = candidate
    current = next
    if (largest < 1e-9) {
      converged = true
      iterations += 1
      break
    }
  }
  const covariance = invertSpd(
    current.hessian.map((v) => -v),
    p
  )
  const standardErrors = Float64Array.from({ length: p }, (_, j) => Math.sqrt(covariance?.[j * p + j] ?? Number.NaN))
  // Separable data has no maximum-likelihood estimate: β runs off while the steps and the information shrink,
  // so the stopping tests are met at a β that is no estimate and whose standard errors are not finite.
  // statsmodels warns there; here the fit says it did not converge.
  if (standardErrors.some((se) => !Number.isFinite(se) || se <= 0)) converged = false
  // Breslow baseline on uncentred covariates: H₀(t) = Σ_{tⱼ ≤ t} dⱼ / Σ_{i ∈ R(tⱼ)} wᵢ·exp(xᵢβ).
  const riskScore = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let eta = 0
    for (let j = 0; j < p; j++) eta += (data.x.values[i * p + j] ?? 0) * (beta[j] ?? 0)
    riskScore[i] = (data.weights === undefined ? 1 : (data.weights[i] ?? 0)) * Math.exp(eta)
  }
  const ascending = [...order].reverse()
  const times: Array<number> = []
  const increments: Array<number> = []
  let atRisk = riskScore.reduce((s, v) => s + v, 0)
  let k = 0
  while (k < n) {
    const t = data.durations[ascending[k] ?? 0] ?? 0
    let deaths = 0
    let leaving = 0
    let end = k
    while (end < n && (data.durations[ascending[end] ?? 0] ?? 0) === t) {
      const i = ascending[end] ?? 0
      if (data.events[i] === 1) deaths += data.weights === undefined ? 1 : (data.weights[i] ?? 0)
      leaving += riskScore[i] ?? 0
      end++
    }
    if (deaths > 0) {
      times.push(t)
      increments.push(deaths / atRisk)
    }
    atRisk -= leaving
    k = end
  }
  const baselineTimes = Float64Array.from(times)
  const baselineCumulativeHazard = new Float64Array(increments.length)
  let cumulative = 0
  increments.forEach((v, i) => {
    cumulative += v
    baselineCumulativeHazard[i] = cumulative
  })
  const predictLogPartialHazard = (z: Matrix): Float64Array => {
    const out = new Float64Array(z.rows)
    for (let i = 0; i < z.rows; i++) {
      let eta = 0
      for (let j = 0; j < p; j++) eta += (z.values[i * z.cols + j] ?? 0) * (beta[j] ?? 0)
      out[i] = eta
    }
    return out
  }
  const cumulativeAt = (t: number): number => {
    let value = 0
    for (let i = 0; i < baselineTimes.length && (baselineTimes[i] ?? 0) <= t; i++)
      value = baselineCumulativeHazard[i] ?? 0
    return value
  }
  return {
    coefficients: beta,
    standardErrors,
    logPartialLikelihood: current.logLik,
    nullLogPartialLikelihood: nullLogLik,
    iterations,
    converged,
    baselineTimes,
    baselineCumulativeHazard,
    predictLogPartialHazard,
    predictSurvival: (z, at) => {
      const eta = predictLogPartialHazard(z)
      const hazards = Array.from(at, (t) => cumulativeAt(t))
      return Array.from(eta, (e) => Float64Array.from(hazards, (h) => Math.exp(-h * Math.exp(e))))
    }
  }
}

/**
 * Fits a Cox proportional-hazards model.
 *
 * @example
 * const cox = yield* fitCox({ x, durations: week, events: arrest })   // Efron ties, as lifelines
 */
export const fitCox = (data: SurvivalData, options: CoxOptions = {}): Effect.Effect<CoxModel, CausalInputError> =>
  guarded(checkSurvival(data), () => fitCoxKernel(data, options))
