// Bayesian marketing-mix model: adstock → saturation per channel, linear trend, Fourier seasonality,
// controls and events, Normal likelihood, pymc-marketing's default priors; fitted by the posterior mode
// (L-BFGS) followed by NUTS chains with exact gradients. Returns posterior draws, summaries with
// intervals, R-hat/ESS, fit diagnostics and per-channel contribution, ROI and marginal ROI.

import { type LbfgsResult, minimizeLbfgs, SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { type CausalInputError, guarded } from "../errors.ts"
import { quantile } from "../internal/order.ts"
import { drain, giveEventLoopBack, runInSlices } from "../internal/time-slices.ts"
import {
  checkFinite,
  checkLength,
  checkNonNegativeInteger,
  checkPositiveInteger,
  checkRange,
  firstIssue,
  issue
} from "../internal/validate.ts"
import { type AdstockSpec, adstockWeights, convolve } from "./adstock.ts"
import { effectiveSampleSize, splitRhat } from "./mcmc-diagnostics.ts"
import { buildPosterior, type ChannelDesign, type LinearTerm, type MmmPosterior } from "./mmm-posterior.ts"
import { type NutsChain, nutsIterations } from "./nuts.ts"
import { type Prior, unconstrain } from "./priors.ts"
import { type SaturationKind, saturationAt } from "./saturation.ts"

export interface MmmChannelInput {
  readonly name: string
  /** Spend (or exposure) per period, ≥ 0. */
  readonly spend: ArrayLike<number>
  /** Default: geometric, l_max 8, normalised (pymc-marketing's example). */
  readonly adstock?: AdstockSpec
  /** Default: logistic. */
  readonly saturation?: SaturationKind
  readonly priors?: {
    readonly beta?: Prior
    readonly adstock?: ReadonlyArray<Prior>
    readonly saturation?: ReadonlyArray<Prior>
  }
}

export interface MmmControlInput {
  readonly name: string
  readonly values: ArrayLike<number>
  readonly prior?: Prior
}

export interface MmmInput {
  /** KPI per period (sales, conversions…). */
  readonly target: ArrayLike<number>
  readonly channels: ReadonlyArray<MmmChannelInput>
  /** Controls and events (0/1 columns), entered linearly and unscaled. */
  readonly controls?: ReadonlyArray<MmmControlInput>
  /** Yearly Fourier seasonality from each period's day of year (order 2, period 365.25 by default). */
  readonly seasonality?: { readonly dayOfYear: ArrayLike<number>; readonly order?: number; readonly period?: number }
  /** Linear trend on t/(n − 1) (default true). */
  readonly trend?: boolean
}

export interface MmmOptions {
  /** The target is divided by this (default max |target|, pymc-marketing's MaxAbsScaler). */
  readonly targetScale?: number
  /** `max-abs` divides each channel by its largest spend (default); `none` keeps raw spend. */
  readonly channelScaling?: "max-abs" | "none"
  readonly chains?: number
  readonly warmup?: number
  readonly draws?: number
  readonly seed?: number
  readonly maxTreeDepth?: number
  readonly targetAccept?: number
  readonly priors?: {
    readonly intercept?: Prior
    readonly trend?: Prior
    readonly fourier?: Prior
    readonly sigma?: Prior
  }
  /** Interval level for summaries (default 0.94, ArviZ's HDI default mass; equal-tailed here). */
  readonly intervalMass?: number
}

export interface PosteriorSummary {
  readonly mean: number
  readonly sd: number
  readonly lower: number
  readonly upper: number
}

export interface ParameterSummary extends PosteriorSummary {
  readonly name: string
  readonly rhat: number
  readonly ess: number
}

export interface ChannelResult {
  readonly name: string
  /** Total contribution over the fitted periods, target units. */
  readonly contribution: PosteriorSummary
  /** Share of the summed channel contributions (posterior mean). */
  readonly contributionShare: number
  readonly spendShare: number
  /** Contribution / spend. */
  readonly roi: PosteriorSummary
  /** Extra contribution per extra unit of spend when every period's spend rises 1 %. */
  readonly marginalRoi: PosteriorSummary
  /** Contribution per period (posterior mean), target units. */
  readonly contributionSeries: Float64Array
}

export interface MmmDiagnostics {
  readonly r2: number
  /** sqrt(mean residual²)/(max y − min y) (Robyn). */
  readonly nrmse: number
  /**
   * mean |y − ŷ|/|y| over the periods with y ≠ 0: a zero target has no percentage error, so it is skipped
   * rather than making the MAPE infinite (sklearn floors |y| at machine ε instead, so one zero target adds |ŷ|/2.2e-16);
   * NaN when every target is 0.
   */
  readonly mape: number
  /** sqrt(Σ_channels (effect share − spend share)²) (Robyn DECOMP.RSSD). */
  readonly decompRssd: number
  readonly divergences: number
  readonly maxRhat: number
  readonly minEss: number
  readonly stepSizes: ReadonlyArray<number>
  readonly gradientEvaluations: number
}

export interface MmmFit {
  readonly parameterNames: ReadonlyArray<string>
  /** Draws of every parameter (model scale), chains concatenated. */
  readonly draws: ReadonlyMap<string, Float64Array>
  readonly parameters: ReadonlyArray<ParameterSummary>
  readonly channels: ReadonlyArray<ChannelResult>
  readonly diagnostics: MmmDiagnostics
  /** Posterior mean of the fitted target per period (target units). */
  readonly fitted: Float64Array
  readonly targetScale: number
  readonly channelScales: ReadonlyArray<number>
  /** Posterior mode (model scale) found before sampling. */
  readonly mode: ReadonlyMap<string, number>
  /**
   * Steady-state contribution per period of a constant spend per period (target units), summarised over
   * the posterior draws: the response curve of `channel`. Fails on an unknown channel or a negative or
   * non-finite spend.
   */
  readonly responseCurve: (
    channel: string,
    spendPerPeriod: ReadonlyArray<number>
  ) => Effect.Effect<ReadonlyArray<PosteriorSummary>, CausalInputError>
  /**
   * Contribution of a spend plan (spend per period, original units, periods following each other) on one
   * channel: the posterior summary of its total and the posterior mean per period (target units).
   */
  readonly planContribution: (
    channel: string,
    spend: ArrayLike<number>
  ) => { readonly total: PosteriorSummary; readonly perPeriod: Float64Array } | undefined
  /**
   * Per-draw steady-state response function of `channel` (draw in [0, drawCount), unchecked: a kernel for
   * the budget optimizer). Fails on an unknown channel.
   */
  readonly responseDraws: (
    channel: string
  ) => Effect.Effect<(spendPerPeriod: number, draw: number) => number, CausalInputError>
  readonly drawCount: number
}

const DEFAULT_ADSTOCK: AdstockSpec = { kind: "geometric", lMax: 8, normalize: true }

/** pymc-marketing defaults where it has one (adstock α ~ Beta(1,3), logistic λ ~ Gamma(3,1), β ~ HalfNormal(2)). */
const defaultAdstockPriors = (spec: AdstockSpec): ReadonlyArray<Prior> =>
  spec.kind === "geometric"
    ? [{ kind: "beta", a: 1, b: 3 }]
    : spec.kind === "delayed"
      ? [
          { kind: "beta", a: 1, b: 3 },
          { kind: "beta", a: 1, b: 1 }
        ]
      : [
          { kind: "gamma", shape: 2, rate: 0.5 },
          { kind: "gamma", shape: 3, rate: 2 }
        ]

const defaultSaturationPriors = (kind: SaturationKind): ReadonlyArray<Prior> =>
  kind === "logistic"
    ? [{ kind: "gamma", shape: 3, rate: 1 }]
    : kind === "hill"
      ? [
          { kind: "gamma", shape: 2, rate: 2 },
          { kind: "gamma", shape: 3, rate: 2 }
        ]
      : [{ kind: "gamma", shape: 2, rate: 2 }]

const summarize = (values: Float64Array, mass: number): PosteriorSummary => {
  let mean = 0
  for (const v of values) mean += v / values.length
  let variance = 0
  for (const v of values) variance += (v - mean) ** 2 / Math.max(1, values.length - 1)
  return {
    mean,
    sd: Math.sqrt(variance),
    lower: quantile(values, (1 - mass) / 2),
    upper: quantile(values, 1 - (1 - mass) / 2)
  }
}

const checkInput = (input: MmmInput, options: MmmOptions): CausalInputError | undefined => {
  const n = input.target.length
  return firstIssue(
    n < 8 ? issue("target", `has ${n} periods; at least 8 are needed`) : undefined,
    () => checkFinite("target", input.target),
    () => (input.channels.length === 0 ? issue("channels", "at least one channel is needed") : undefined),
    ...input.channels.map(
      (channel, c) => () =>
        firstIssue(
          checkLength(`channels[${c}].spend`, channel.spend, n),
          () => checkFinite(`channels[${c}].spend`, channel.spend),
          () => {
            for (let t = 0; t < n; t++)
              if ((channel.spend[t] ?? 0) < 0)
                return issue(`channels[${c}].spend`, `value ${channel.spend[t]} at row ${t} is negative`, t)
            let total = 0
            for (let t = 0; t < n; t++) total += channel.spend[t] ?? 0
            return total > 0 ? undefined : issue(`channels[${c}].spend`, "is zero in every period")
          },
          () =>
            channel.adstock?.lMax === undefined
              ? undefined
              : checkPositiveInteger(`channels[${c}].adstock.lMax`, channel.adstock.lMax)
        )
    ),
    ...(input.controls ?? []).map(
      (control, j) => () =>
        firstIssue(checkLength(`controls[${j}].values`, control.values, n), () =>
          checkFinite(`controls[${j}].values`, control.values)
        )
    ),
    () =>
      input.seasonality === undefined
        ? undefined
        : firstIssue(checkLength("seasonality.dayOfYear", input.seasonality.dayOfYear, n), () =>
            checkFinite("seasonality.dayOfYear", input.seasonality?.dayOfYear ?? [])
          ),
    () =>
      input.seasonality === undefined
        ? undefined
        : firstIssue(
            input.seasonality.order === undefined
              ? undefined
              : checkPositiveInteger("seasonality.order", input.seasonality.order),
            () =>
              input.seasonality?.period === undefined
                ? undefined
                : checkRange("seasonality.period", input.seasonality.period, 0, Number.POSITIVE_INFINITY, "open")
          ),
    () => checkPositiveInteger("chains", options.chains ?? 4),
    () => checkNonNegativeInteger("warmup", options.warmup ?? 500),
    () => checkPositiveInteger("draws", options.draws ?? 500),
    () => checkRange("intervalMass", options.intervalMass ?? 0.94, 0, 1, "open"),
    () => (options.maxTreeDepth === undefined ? undefined : checkPositiveInteger("maxTreeDepth", options.maxTreeDepth)),
    () =>
      options.targetAccept === undefined ? undefined : checkRange("targetAccept", options.targetAccept, 0, 1, "open"),
    () =>
      options.targetScale === undefined || (Number.isFinite(options.targetScale) && options.targetScale > 0)
        ? undefined
        : issue("targetScale", "must be a finite number > 0")
  )
}

/** Stage 1, the design: scaled target and spend, linear terms, channel designs and the posterior they define. */
export interface MmmDesign {
  readonly n: number
  readonly y: Float64Array
  readonly targetScale: number
  readonly linear: ReadonlyArray<LinearTerm>
  readonly channels: ReadonlyArray<ChannelDesign>
  readonly channelScales: ReadonlyArray<number>
  readonly posterior: MmmPosterior
  readonly dimension: number
}

export const buildMmmDesign = (input: MmmInput, options: MmmOptions): MmmDesign => {
  const n = input.target.length
  let maxAbs = 0
  for (let t = 0; t < n; t++) maxAbs = Math.max(maxAbs, Math.abs(input.target[t] ?? 0))
  const targetScale = options.targetScale ?? (maxAbs > 0 ? maxAbs : 1)
  const y = Float64Array.from(input.target, (v) => v / targetScale)
  const priors = options.priors ?? {}
  const linear: Array<LinearTerm> = [
    {
      name: "intercept",
      column: new Float64Array(n).fill(1),
      prior: priors.intercept ?? { kind: "normal", mu: 0, sigma: 2 }
    }
  ]
  if (input.trend ?? true)
    linear.push({
      name: "trend",
      column: Float64Array.from({ length: n }, (_, t) => t / Math.max(1, n - 1)),
      prior: priors.trend ?? { kind: "normal", mu: 0, sigma: 2 }
    })
  if (input.seasonality !== undefined) {
    const order = input.seasonality.order ?? 2
    const period = input.seasonality.period ?? 365.25
    const day = input.seasonality.dayOfYear
    // pymc-marketing fourier features: sin then cos of 2π·k·dayofyear/365.25, k = 1..order; Laplace(0, 1) priors.
    for (const fn of ["sin", "cos"] as const)
      for (let k = 1; k <= order; k++)
        linear.push({
          name: `${fn}_order_${k}`,
          column: Float64Array.from({ length: n }, (_, t) => {
            const angle = (2 * Math.PI * k * (day[t] ?? 0)) / period
            return fn === "sin" ? Math.sin(angle) : Math.cos(angle)
          }),
          prior: priors.fourier ?? { kind: "laplace", mu: 0, scale: 1 }
        })
  }
  for (const control of input.controls ?? [])
    linear.push({
      name: control.name,
      column: Float64Array.from(control.values),
      prior: control.prior ?? { kind: "normal", mu: 0, sigma: 2 }
    })
  const channelScales = input.channels.map((channel) => {
    if (options.channelScaling === "none") return 1
    let m = 0
    for (let t = 0; t < n; t++) m = Math.max(m, Math.abs(channel.spend[t] ?? 0))
    return m > 0 ? m : 1
  })
  const channels: Array<ChannelDesign> = input.channels.map((channel, c) => {
    const adstock = channel.adstock ?? DEFAULT_ADSTOCK
    const saturation = channel.saturation ?? "logistic"
    return {
      name: channel.name,
      x: Float64Array.from(channel.spend, (v) => v / (channelScales[c] ?? 1)),
      adstock,
      saturation,
      priors: {
        beta: channel.priors?.beta ?? { kind: "half-normal", sigma: 2 },
        adstock: channel.priors?.adstock ?? defaultAdstockPriors(adstock),
        saturation: channel.priors?.saturation ?? defaultSaturationPriors(saturation)
      }
    }
  })
  const posterior: MmmPosterior = buildPosterior({
    y,
    linear,
    channels,
    sigmaPrior: priors.sigma ?? { kind: "half-normal", sigma: 2 }
  })
  const dimension = posterior.slots.length
  return { n, y, targetScale, linear, channels, channelScales, posterior, dimension }
}

/** Stage 2, the posterior mode: L-BFGS from a few starts (spread adstock/saturation guesses); the best starts NUTS. */
export const findPosteriorMode = (design: MmmDesign): LbfgsResult => {
  const { n, y, posterior, dimension } = design
  let yMean = 0
  for (const v of y) yMean += v / n
  let ySd = 0
  for (const v of y) ySd += (v - yMean) ** 2 / n
  ySd = Math.sqrt(ySd)
  const negative = (u: Float64Array, gradient: Float64Array): number => {
    const value = posterior.logDensity(u, gradient)
    for (let j = 0; j < dimension; j++) gradient[j] = -(gradient[j] ?? 0)
    return Number.isFinite(value) ? -value : Number.POSITIVE_INFINITY
  }
  const startFrom = (shape: number): Float64Array =>
    Float64Array.from(posterior.slots, (slot, j) => {
      if (j === posterior.sigmaIndex) return Math.log(Math.max(1e-3, ySd))
      if (slot.name === "intercept") return yMean
      if (slot.support.kind === "real") return 0
      if (slot.support.kind === "interval") {
        const width = slot.support.high - slot.support.low
        return unconstrain(slot.support, slot.support.low + width * (0.2 + 0.3 * shape))
      }
      if (slot.name.endsWith(".beta")) return Math.log(Math.max(1e-3, ySd))
      return Math.log(0.5 + 2 * shape)
    })
  let best = minimizeLbfgs(negative, startFrom(0))
  for (const shape of [0.5, 1]) {
    const candidate = minimizeLbfgs(negative, startFrom(shape))
    if (candidate.value < best.value) best = candidate
  }
  return best
}

/**
 * Stage 3, the samplers: one NUTS chain per seed fork, each started near the mode, as generators that yield
 * after every iteration so the caller decides when to give the event loop back.
 */
export const mmmChainSamplers = (
  design: MmmDesign,
  mode: LbfgsResult,
  options: MmmOptions
): Array<Generator<void, NutsChain>> => {
  const { posterior } = design
  const best = mode
  const seed = options.seed ?? 0
  const chainCount = options.chains ?? 4
  const drawsPerChain = options.draws ?? 500
  const random = new SeededRandom(seed)
  return Array.from({ length: chainCount }, (_, k) => {
    const jitter = random.fork(`chain-start-${k}`)
    const start = best.x.map((v) => v + 0.1 * jitter.normal())
    return nutsIterations(posterior.logDensity, start, {
      warmup: options.warmup ?? 500,
      draws: drawsPerChain,
      random: random.fork(`chain-${k}`),
      ...(options.maxTreeDepth === undefined ? {} : { maxTreeDepth: options.maxTreeDepth }),
      ...(options.targetAccept === undefined ? {} : { targetAccept: options.targetAccept })
    })
  })
}

/** Stage 4, the fit: constrained draws, summaries and diagnostics, derived channel quantities, response functions. */
export const assembleMmmFit = (
  input: MmmInput,
  options: MmmOptions,
  design: MmmDesign,
  mode: LbfgsResult,
  chains: ReadonlyArray<NutsChain>
): MmmFit => {
  const { n, targetScale, linear, channels, channelScales, posterior, dimension } = design
  const best = mode
  const chainCount = chains.length
  const drawsPerChain = options.draws ?? 500
  // Constrained draws, per parameter and chain.
  const total = chainCount * drawsPerChain
  const constrainedDraws = new Float64Array(total * dimension)
  chains.forEach((chain, k) => {
    for (let i = 0; i < drawsPerChain; i++) {
      const theta = posterior.toConstrained(chain.samples.subarray(i * dimension, (i + 1) * dimension))
      constrainedDraws.set(theta, (k * drawsPerChain + i) * dimension)
    }
  })
  const mass = options.intervalMass ?? 0.94
  const parameterNames = posterior.slots.map((slot) => slot.name)
  const draws = new Map<string, Float64Array>()
  const parameters: Array<ParameterSummary> = parameterNames.map((name, j) => {
    const all = Float64Array.from({ length: total }, (_, i) => constrainedDraws[i * dimension + j] ?? 0)
    draws.set(name, all)
    const perChain = chains.map((_, k) => all.subarray(k * drawsPerChain, (k + 1) * drawsPerChain))
    return { name, ...summarize(all, mass), rhat: splitRhat(perChain), ess: effectiveSampleSize(perChain) }
  })
  // Derived quantities per draw.
  const channelCount = channels.length
  const contributionDraws = channels.map(() => new Float64Array(total))
  const marginalDraws = channels.map(() => new Float64Array(total))
  const contributionSeries = channels.map(() => new Float64Array(n))
  const fitted = new Float64Array(n)
  const spendTotals = input.channels.map((channel) => {
    let s = 0
    for (let t = 0; t < n; t++) s += channel.spend[t] ?? 0
    return s
  })
  const paramAt = (i: number, j: number): number => constrainedDraws[i * dimension + j] ?? 0
  /** Contribution series (target units) of model-scale spend `x` on channel c under draw i. */
  const contributionOf = (c: number, i: number, x: Float64Array): Float64Array => {
    const layout = posterior.channelLayout[c]
    const channel = channels[c]
    if (layout === undefined || channel === undefined) return new Float64Array(x.length)
    const weights = adstockWeights(
      channel.adstock,
      layout.adstock.map((j) => paramAt(i, j))
    ).weights
    const saturationParams = layout.saturation.map((j) => paramAt(i, j))
    const beta = paramAt(i, layout.beta)
    return convolve(x, weights).map(
      (a) => beta * saturationAt(channel.saturation, a, saturationParams).value * targetScale
    )
  }
  const channelContribution = (c: number, i: number, factor: number): Float64Array => {
    const x = channels[c]?.x ?? new Float64Array(n)
    return contributionOf(c, i, factor === 1 ? x : x.map((v) => v * factor))
  }
  for (let i = 0; i < total; i++) {
    for (let t = 0; t < n; t++) {
      let m = 0
      linear.forEach((term, j) => {
        m += paramAt(i, j) * (term.column[t] ?? 0)
      })
      fitted[t] = (fitted[t] ?? 0) + (m * targetScale) / total
    }
    for (let c = 0; c < channelCount; c++) {
      const series = channelContribution(c, i, 1)
      const raised = channelContribution(c, i, 1.01)
      let sum = 0
      let sumRaised = 0
      for (let t = 0; t < n; t++) {
        sum += series[t] ?? 0
        sumRaised += raised[t] ?? 0
        const target = contributionSeries[c]
        if (target !== undefined) target[t] = (target[t] ?? 0) + (series[t] ?? 0) / total
        fitted[t] = (fitted[t] ?? 0) + (series[t] ?? 0) / total
      }
      const draw = contributionDraws[c]
      if (draw !== undefined) draw[i] = sum
      const marginal = marginalDraws[c]
      if (marginal !== undefined) marginal[i] = (sumRaised - sum) / (0.01 * (spendTotals[c] ?? 1))
    }
  }
  const contributionMeans = contributionDraws.map((d) => d.reduce((s, v) => s + v, 0) / total)
  const contributionSum = contributionMeans.reduce((s, v) => s + Math.max(0, v), 0)
  const spendSum = spendTotals.reduce((s, v) => s + v, 0)
  const channelResults: Array<ChannelResult> = channels.map((channel, c) => ({
    name: channel.name,
    contribution: summarize(contributionDraws[c] ?? new Float64Array(0), mass),
    contributionShare: (contributionMeans[c] ?? 0) / contributionSum,
    spendShare: (spendTotals[c] ?? 0) / spendSum,
    roi: summarize(
      (contributionDraws[c] ?? new Float64Array(0)).map((v) => v / (spendTotals[c] ?? 1)),
      mass
    ),
    marginalRoi: summarize(marginalDraws[c] ?? new Float64Array(0), mass),
    contributionSeries: contributionSeries[c] ?? new Float64Array(n)
  }))
  let ssRes = 0
  let ssTot = 0
  let absPct = 0
  let nonZeroTargets = 0
  let yMin = Number.POSITIVE_INFINITY
  let yMax = Number.NEGATIVE_INFINITY
  let targetMean = 0
  for (let t = 0; t < n; t++) targetMean += (input.target[t] ?? 0) / n
  for (let t = 0; t < n; t++) {
    const actual = input.target[t] ?? 0
    const r = actual - (fitted[t] ?? 0)
    ssRes += r * r
    ssTot += (actual - targetMean) ** 2
    if (actual !== 0) {
      absPct += Math.abs(r / actual)
      nonZeroTargets += 1
    }
    yMin = Math.min(yMin, actual)
    yMax = Math.max(yMax, actual)
  }
  const decompRssd = Math.sqrt(channelResults.reduce((s, ch) => s + (ch.contributionShare - ch.spendShare) ** 2, 0))
  const unknownChannel = (name: string): CausalInputError =>
    issue("channel", `unknown channel ${name}; the model has ${channels.map((channel) => channel.name).join(", ")}`)
  /** Steady-state response of channel c under draw i to a constant spend per period (original units). */
  const steadyResponse = (c: number, spend: number, i: number): number => {
    const layout = posterior.channelLayout[c]
    const channel = channels[c]
    if (layout === undefined || channel === undefined) return Number.NaN
    const { weights } = adstockWeights(
      channel.adstock,
      layout.adstock.map((j) => paramAt(i, j))
    )
    const steady = (spend / (channelScales[c] ?? 1)) * weights.reduce((s, w) => s + w, 0)
    return (
      paramAt(i, layout.beta) *
      saturationAt(
        channel.saturation,
        steady,
        layout.saturation.map((j) => paramAt(i, j))
      ).value *
      targetScale
    )
  }
  const responseDraws = (
    name: string
  ): Effect.Effect<(spendPerPeriod: number, draw: number) => number, CausalInputError> => {
    const c = channels.findIndex((channel) => channel.name === name)
    return c < 0
      ? Effect.fail(unknownChannel(name))
      : Effect.succeed((spend: number, i: number) => steadyResponse(c, spend, i))
  }
  return {
    parameterNames,
    draws,
    parameters,
    channels: channelResults,
    diagnostics: {
      r2: 1 - ssRes / ssTot,
      nrmse: Math.sqrt(ssRes / n) / (yMax - yMin),
      mape: nonZeroTargets > 0 ? absPct / nonZeroTargets : Number.NaN,
      decompRssd,
      divergences: chains.reduce((s, chain) => s + chain.divergences, 0),
      maxRhat: parameters.reduce((m, p) => Math.max(m, Number.isNaN(p.rhat) ? 0 : p.rhat), 0),
      minEss: parameters.reduce(
        (m, p) => Math.min(m, Number.isNaN(p.ess) ? Number.POSITIVE_INFINITY : p.ess),
        Number.POSITIVE_INFINITY
      ),
      stepSizes: chains.map((chain) => chain.stepSize),
      gradientEvaluations: chains.reduce((s, chain) => s + chain.gradientEvaluations, 0)
    },
    fitted,
    targetScale,
    channelScales,
    mode: new Map(parameterNames.map((name, j) => [name, posterior.toConstrained(best.x)[j] ?? Number.NaN])),
    responseCurve: (name, spendLevels) => {
      const c = channels.findIndex((channel) => channel.name === name)
      const problem = firstIssue(
        c < 0 ? unknownChannel(name) : undefined,
        () => checkFinite("spendPerPeriod", spendLevels),
        () => {
          const negative = spendLevels.findIndex((spend) => spend < 0)
          return negative < 0
            ? undefined
            : issue("spendPerPeriod", `value ${spendLevels[negative]} at row ${negative} is negative`, negative)
        }
      )
      return guarded(problem, () =>
        spendLevels.map((spend) =>
          summarize(
            Float64Array.from({ length: total }, (_, i) => steadyResponse(c, spend, i)),
            mass
          )
        )
      )
    },
    responseDraws,
    planContribution: (name, spend) => {
      const c = channels.findIndex((channel) => channel.name === name)
      if (c < 0) return undefined
      const x = Float64Array.from(spend, (v) => v / (channelScales[c] ?? 1))
      const totals = new Float64Array(total)
      const perPeriod = new Float64Array(x.length)
      for (let i = 0; i < total; i++) {
        const series = contributionOf(c, i, x)
        let sum = 0
        for (let t = 0; t < series.length; t++) {
          sum += series[t] ?? 0
          perPeriod[t] = (perPeriod[t] ?? 0) + (series[t] ?? 0) / total
        }
        totals[i] = sum
      }
      return { total: summarize(totals, mass), perPeriod }
    },
    drawCount: total
  }
}

/** The whole fit at once, without giving the event loop back (the worker thread runs it this way). */
export const fitMmmKernel = (input: MmmInput, options: MmmOptions): MmmFit => {
  const design = buildMmmDesign(input, options)
  const mode = findPosteriorMode(design)
  return assembleMmmFit(input, options, design, mode, mmmChainSamplers(design, mode, options).map(drain))
}

/**
 * Fits a Bayesian MMM by NUTS (see README for why NUTS with analytic gradients rather than ADVI). The fit runs
 * on the calling thread but gives the event loop back after every 10 ms of NUTS iterations, so a server stays
 * responsive and interrupting the fiber stops the fit there; `fitMmmInWorker` runs the sampling in a
 * worker thread instead.
 *
 * @example
 * const fit = yield* fitMmm(
 *   { target: sales, channels: [{ name: "tv", spend: tv }], seasonality: { dayOfYear } },
 *   { chains: 4, warmup: 500, draws: 500, seed: 1 }
 * )
 * fit.channels[0].roi // { mean, sd, lower, upper }
 */
export const fitMmm = (input: MmmInput, options: MmmOptions = {}): Effect.Effect<MmmFit, CausalInputError> =>
  Effect.gen(function* () {
    const problem = checkInput(input, options)
    if (problem !== undefined) return yield* Effect.fail(problem)
    const design = buildMmmDesign(input, options)
    const mode = findPosteriorMode(design)
    yield* giveEventLoopBack
    const chains: Array<NutsChain> = []
    for (const sampler of mmmChainSamplers(design, mode, options)) chains.push(yield* runInSlices(sampler))
    yield* giveEventLoopBack
    return assembleMmmFit(input, options, design, mode, chains)
  })

/** The checks `fitMmm` makes, for callers that run the fit elsewhere (a worker thread). */
export const checkMmmInput = (input: MmmInput, options: MmmOptions = {}): CausalInputError | undefined =>
  checkInput(input, options)
