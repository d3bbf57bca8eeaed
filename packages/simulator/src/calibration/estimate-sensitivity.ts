// The intent → probability mapping, fitted by simulated method of moments (@preflight/calibration) on the
// validation cells, where the causal forecast is out of sample (the fit's backtest). Per cell, the residual of
// the forecast on the logit scale is modelled as
//   r = μ_g + κ · x + √(τ² + v) · z,   z ~ N(0, 1),
// where x is the cell's centred persona intent (its mean intent minus the mean over the campaign's variants for
// that segment), v the binomial sampling variance of the cell's logit, μ_g the forecast's error shared by the
// variants of group g = (campaign, segment) (a misjudged level: personas are not asked about it) and τ what
// neither explains. Residuals are centred within their group, observed and simulated alike, which removes μ_g;
// the moments are the recipient-weighted means of x·r̃ and r̃² (exactly identified for κ and τ).
//
// κ is the logit shift per unit of centred intent that `simulate` applies. A few dozen noisy cells identify it
// loosely, so the SMM estimate κ̂ (with its sandwich standard error se) updates a prior rather than replacing
// it: κ ~ N(κ₀, s₀²) with κ₀ the uncalibrated sensitivity, giving the precision-weighted
//   κ = (κ̂/se² + κ₀/s₀²) / (1/se² + 1/s₀²),
// kept in [0, MAX_KAPPA]: a program whose intents move against what happened is not trusted with the opposite
// sign, and no small intent difference is worth more than a few logits.
import { simulatedMethodOfMoments } from "@preflight/calibration"
import { Result } from "effect"
import { smoothedLogit } from "./history-cells.ts"

export interface ResidualCell {
  /** Cells of one group (campaign and segment) share the forecast's level error. */
  readonly group: string
  /** The out-of-sample forecast of the cell's conversion rate. */
  readonly forecast: number
  /** Centred mean intent delta of the cell's personas. */
  readonly intent: number
  readonly conversions: number
  readonly recipients: number
}

export interface SensitivityPrior {
  readonly kappa: number
  readonly standardDeviation: number
}

export interface Sensitivity {
  /** Logit shift per unit of centred intent that simulations apply (the posterior, in [0, MAX_KAPPA]). */
  readonly kappa: number
  /** Its posterior standard deviation. */
  readonly kappaStandardError: number
  /** The SMM estimate alone and its standard error (NaN / Infinity when the cells identify nothing). */
  readonly kappaEstimate: number
  readonly kappaEstimateStandardError: number
  /** Recipient-weighted mean logit residual of the forecast (reported: the level is the causal models'). */
  readonly bias: number
  /** Residual spread within groups that κ does not explain (logit). */
  readonly tau: number
  /** True when the posterior fell outside [0, MAX_KAPPA] and was clipped to it. */
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
  /** Group index of each cell. */
  readonly group: Int32Array
  readonly groups: number
  /** Raw residuals' recipient-weighted mean. */
  readonly bias: number
}

/** Subtracts each group's weighted mean (in place on a copy). */
const centreWithinGroups = (values: ArrayLike<number>, prepared: Omit<Prepared, "residual" | "bias">) => {
  const sums = new Float64Array(prepared.groups)
  const weights = new Float64Array(prepared.groups)
  for (let index = 0; index < values.length; index++) {
    const group = prepared.group[index] as number
    const w = prepared.weight[index] as number
    sums[group] = (sums[group] as number) + w * (values[index] as number)
    weights[group] = (weights[group] as number) + w
  }
  return Float64Array.from(values, (value, index) => {
    const group = prepared.group[index] as number
    return value - (sums[group] as number) / (weights[group] as number)
  })
}

const prepare = (cells: ReadonlyArray<ResidualCell>): Prepared => {
  const total = cells.reduce((sum, cell) => sum + cell.recipients, 0)
  const groupIndex = new Map<string, number>()
  const raw = new Float64Array(cells.length)
  const base = {
    intent: new Float64Array(cells.length),
    variance: new Float64Array(cells.length),
    weight: new Float64Array(cells.length),
    group: new Int32Array(cells.length),
    groups: 0
  }
  cells.forEach((cell, index) => {
    const forecast = Math.min(1 - 1e-6, Math.max(1e-6, cell.forecast))
    const p = (cell.conversions + 0.5) / (cell.recipients + 1)
    raw[index] = smoothedLogit(cell.conversions, cell.recipients) - logit(forecast)
    base.intent[index] = cell.intent
    base.variance[index] = 1 / ((cell.recipients + 1) * p * (1 - p))
    base.weight[index] = (cell.recipients * cells.length) / Math.max(1, total)
    if (!groupIndex.has(cell.group)) groupIndex.set(cell.group, groupIndex.size)
    base.group[index] = groupIndex.get(cell.group) as number
  })
  const prepared = { ...base, groups: groupIndex.size }
  let bias = 0
  let weight = 0
  for (let index = 0; index < cells.length; index++) {
    bias += (base.weight[index] as number) * (raw[index] as number)
    weight += base.weight[index] as number
  }
  return { ...prepared, residual: centreWithinGroups(raw, prepared), bias: weight > 0 ? bias / weight : 0 }
}

const momentsOf = (prepared: Prepared, centred: ArrayLike<number>): Float64Array => {
  const n = prepared.weight.length
  let cross = 0
  let square = 0
  for (let index = 0; index < n; index++) {
    const w = prepared.weight[index] as number
    const r = centred[index] as number
    cross += w * r * (prepared.intent[index] as number)
    square += w * r * r
  }
  return Float64Array.of(cross / n, square / n)
}

/** Closed-form weighted least squares within groups: the starting point of the SMM search. */
const startingPoint = (prepared: Prepared): Float64Array => {
  let sxx = 0
  let sxr = 0
  let srr = 0
  let sv = 0
  let sw = 0
  for (let index = 0; index < prepared.weight.length; index++) {
    const w = prepared.weight[index] as number
    const x = prepared.intent[index] as number
    const r = prepared.residual[index] as number
    sxx += w * x * x
    sxr += w * x * r
    srr += w * r * r
    sv += w * (prepared.variance[index] as number)
    sw += w
  }
  const kappa = sxx > 1e-12 ? sxr / sxx : 0
  const tauSquared = Math.max(1e-4, (srr - kappa * sxr) / sw - sv / sw)
  return Float64Array.of(kappa, Math.sqrt(tauSquared))
}

const posterior = (estimate: number, se: number, prior: SensitivityPrior) => {
  if (!Number.isFinite(estimate) || !(se > 0) || !Number.isFinite(se)) {
    return { kappa: prior.kappa, sd: prior.standardDeviation }
  }
  const dataPrecision = 1 / (se * se)
  const priorPrecision = 1 / (prior.standardDeviation * prior.standardDeviation)
  const precision = dataPrecision + priorPrecision
  return { kappa: (estimate * dataPrecision + prior.kappa * priorPrecision) / precision, sd: Math.sqrt(1 / precision) }
}

/**
 * Fits κ and τ by SMM (50 simulated data sets with common random numbers, seeded) and combines κ̂ with the
 * prior. Fewer than 4 cells, or intents without spread, identify nothing: κ is then the prior's.
 */
export const estimateSensitivity = (
  cells: ReadonlyArray<ResidualCell>,
  seed: number,
  prior: SensitivityPrior
): Sensitivity => {
  const prepared = prepare(cells)
  const spread = prepared.intent.some((x) => Math.abs(x) > 1e-9)
  const finish = (estimate: number, se: number, tau: number): Sensitivity => {
    const combined = posterior(estimate, se, prior)
    const kappa = Math.min(MAX_KAPPA, Math.max(0, combined.kappa))
    return {
      kappa,
      kappaStandardError: combined.sd,
      kappaEstimate: estimate,
      kappaEstimateStandardError: se,
      bias: prepared.bias,
      tau,
      kappaClipped: kappa !== combined.kappa,
      cells: cells.length
    }
  }
  if (cells.length < 4 || !spread) {
    return finish(Number.NaN, Number.POSITIVE_INFINITY, cells.length === 0 ? 0 : (startingPoint(prepared)[1] as number))
  }
  const n = cells.length
  const start = startingPoint(prepared)
  const fitted = simulatedMethodOfMoments({
    observedMoments: momentsOf(prepared, prepared.residual),
    simulate: (theta, draws) => {
      const [kappa, tau] = theta as unknown as [number, number]
      const simulated = new Float64Array(n)
      for (let index = 0; index < n; index++) {
        const sd = Math.sqrt(tau * tau + (prepared.variance[index] as number))
        simulated[index] = kappa * (prepared.intent[index] as number) + sd * (draws[index] as number)
      }
      return centreWithinGroups(simulated, prepared)
    },
    moments: (simulated) => momentsOf(prepared, simulated),
    initial: start,
    drawsPerSimulation: n,
    seed,
    weighting: "identity"
  })
  if (Result.isFailure(fitted)) return finish(Number.NaN, Number.POSITIVE_INFINITY, Math.abs(start[1] as number))
  const theta = fitted.success.parameters
  return finish(theta[0] as number, fitted.success.standardErrors[0] as number, Math.abs(theta[1] as number))
}
