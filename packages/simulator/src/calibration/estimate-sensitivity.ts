// The intent → probability mapping, fitted by simulated method of moments (@preflight/calibration) on the
// validation cells, where the causal forecast is out of sample (the fit's backtest). Per cell, the residual of
// the forecast on the logit scale is modelled as
//   r = μ + κ · x + √(τ² + v) · z,   z ~ N(0, 1),
// where x is the cell's centred persona intent (its mean intent minus the mean over the campaign's variants for
// that segment), v the binomial sampling variance of the cell's logit, μ the forecast's level bias and τ what
// neither explains. The moments are the recipient-weighted mean of r, of x·r and of r² (exactly identified).
// κ is the logit shift per unit of centred intent that `simulate` applies; it is kept in [0, MAX_KAPPA]: a
// program whose intents move against what happened must not be trusted with the opposite sign, and a few
// dozen noisy cells must not make a small intent difference worth more than a few logits. Within those bounds
// it is shrunk towards 0 by κ̂²/(κ̂² + se²), so a mapping the cells barely identify moves forecasts little.
import { simulatedMethodOfMoments } from "@preflight/calibration"
import { Result } from "effect"
import { smoothedLogit } from "./history-cells.ts"

export interface ResidualCell {
  /** The out-of-sample forecast of the cell's conversion rate. */
  readonly forecast: number
  /** Centred mean intent delta of the cell's personas. */
  readonly intent: number
  readonly conversions: number
  readonly recipients: number
}

export interface Sensitivity {
  /** Logit shift per unit of centred intent (≥ 0). */
  readonly kappa: number
  readonly kappaStandardError: number
  /** Logit level correction of the forecast. */
  readonly bias: number
  readonly biasStandardError: number
  /** Residual spread no parameter explains (logit). */
  readonly tau: number
  /** True when the unconstrained estimate of κ was outside [0, MAX_KAPPA] and was clipped to it. */
  readonly kappaClipped: boolean
  readonly cells: number
}

const logit = (p: number): number => Math.log(p / (1 - p))

/** The largest κ a calibration may keep (logit per unit of centred intent). */
export const MAX_KAPPA = 4

interface Prepared {
  readonly residual: Float64Array
  readonly intent: Float64Array
  readonly variance: Float64Array
  readonly weight: Float64Array
}

const prepare = (cells: ReadonlyArray<ResidualCell>): Prepared => {
  const total = cells.reduce((sum, cell) => sum + cell.recipients, 0)
  const residual = new Float64Array(cells.length)
  const intent = new Float64Array(cells.length)
  const variance = new Float64Array(cells.length)
  const weight = new Float64Array(cells.length)
  cells.forEach((cell, index) => {
    const forecast = Math.min(1 - 1e-6, Math.max(1e-6, cell.forecast))
    const p = (cell.conversions + 0.5) / (cell.recipients + 1)
    residual[index] = smoothedLogit(cell.conversions, cell.recipients) - logit(forecast)
    intent[index] = cell.intent
    variance[index] = 1 / ((cell.recipients + 1) * p * (1 - p))
    weight[index] = (cell.recipients * cells.length) / Math.max(1, total)
  })
  return { residual, intent, variance, weight }
}

const momentsOf = (prepared: Prepared, residual: ArrayLike<number>): Float64Array => {
  const n = prepared.weight.length
  let mean = 0
  let cross = 0
  let square = 0
  for (let index = 0; index < n; index++) {
    const w = prepared.weight[index] as number
    const r = residual[index] as number
    mean += w * r
    cross += w * r * (prepared.intent[index] as number)
    square += w * r * r
  }
  return Float64Array.of(mean / n, cross / n, square / n)
}

/** Closed-form weighted least squares: the starting point of the SMM search. */
const startingPoint = (prepared: Prepared): Float64Array => {
  const n = prepared.weight.length
  let sw = 0
  let sx = 0
  let sr = 0
  for (let index = 0; index < n; index++) {
    const w = prepared.weight[index] as number
    sw += w
    sx += w * (prepared.intent[index] as number)
    sr += w * (prepared.residual[index] as number)
  }
  const mx = sx / sw
  const mr = sr / sw
  let sxx = 0
  let sxr = 0
  let srr = 0
  let sv = 0
  for (let index = 0; index < n; index++) {
    const w = prepared.weight[index] as number
    const dx = (prepared.intent[index] as number) - mx
    const dr = (prepared.residual[index] as number) - mr
    sxx += w * dx * dx
    sxr += w * dx * dr
    srr += w * dr * dr
    sv += w * (prepared.variance[index] as number)
  }
  const kappa = sxx > 1e-12 ? sxr / sxx : 0
  const tauSquared = Math.max(1e-4, (srr - kappa * sxr) / sw - sv / sw)
  return Float64Array.of(kappa, mr - kappa * mx, Math.sqrt(tauSquared))
}

/**
 * Fits κ, μ and τ by SMM (50 simulated data sets with common random numbers, seeded). Fewer than 4 cells, or
 * intents without spread, identify nothing: κ is then 0 with an infinite standard error.
 */
export const estimateSensitivity = (cells: ReadonlyArray<ResidualCell>, seed: number): Sensitivity => {
  const prepared = prepare(cells)
  const spread = prepared.intent.some((x) => Math.abs(x) > 1e-9)
  if (cells.length < 4 || !spread) {
    const start = cells.length === 0 ? Float64Array.of(0, 0, 0) : startingPoint(prepared)
    return {
      kappa: 0,
      kappaStandardError: Number.POSITIVE_INFINITY,
      bias: start[1] as number,
      biasStandardError: Number.POSITIVE_INFINITY,
      tau: Math.abs(start[2] as number),
      kappaClipped: false,
      cells: cells.length
    }
  }
  const n = cells.length
  const start = startingPoint(prepared)
  const fitted = simulatedMethodOfMoments({
    observedMoments: momentsOf(prepared, prepared.residual),
    simulate: (theta, draws) => {
      const [kappa, bias, tau] = theta as unknown as [number, number, number]
      const simulated = new Float64Array(n)
      for (let index = 0; index < n; index++) {
        const sd = Math.sqrt(tau * tau + (prepared.variance[index] as number))
        simulated[index] = bias + kappa * (prepared.intent[index] as number) + sd * (draws[index] as number)
      }
      return simulated
    },
    moments: (simulated) => momentsOf(prepared, simulated),
    initial: start,
    drawsPerSimulation: n,
    seed,
    weighting: "identity"
  })
  const theta = Result.isSuccess(fitted) ? fitted.success.parameters : start
  const errors = Result.isSuccess(fitted)
    ? fitted.success.standardErrors
    : Float64Array.of(Infinity, Infinity, Infinity)
  const rawKappa = theta[0] as number
  // With κ clipped the level bias is refitted alone: the weighted mean residual at the kept κ.
  // Shrunk by its own precision, κ̂²/(κ̂² + se²): a κ the cells barely identify is worth less than its estimate.
  const se = errors[0] as number
  const shrink = Number.isFinite(se) ? (rawKappa * rawKappa) / (rawKappa * rawKappa + se * se) : 0
  const shrunk = rawKappa * shrink
  const kappa = Math.min(MAX_KAPPA, Math.max(0, shrunk))
  let bias = theta[1] as number
  if (kappa !== rawKappa) {
    let sum = 0
    let weight = 0
    for (let index = 0; index < n; index++) {
      const w = prepared.weight[index] as number
      sum += w * ((prepared.residual[index] as number) - kappa * (prepared.intent[index] as number))
      weight += w
    }
    bias = sum / weight
  }
  return {
    kappa,
    kappaStandardError: errors[0] as number,
    bias,
    biasStandardError: errors[1] as number,
    tau: Math.abs(theta[2] as number),
    kappaClipped: kappa !== shrunk,
    cells: n
  }
}
