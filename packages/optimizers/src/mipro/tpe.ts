// A Tree-structured Parzen Estimator over categorical parameters, as MIPROv2 uses Optuna's
// `TPESampler(seed, multivariate=True)`: the first `nStartupTrials` suggestions are uniform; afterwards the
// observations are split into the best γ(n) = min(⌈0.1·n⌉, 25) ("good") and the rest, a Parzen mixture is
// built over each group (one product kernel per observation plus a uniform prior kernel), `nEiCandidates`
// points are drawn from the good mixture, and the one maximising log l(x) − log g(x) is suggested.
// Defaults and kernels follow Optuna 3–4 (`optuna/samplers/_tpe/sampler.py`, `parzen_estimator.py`):
// categorical kernel = prior_weight / n_kernels on every choice plus 1 on the observed one, row-normalised;
// mixture weights = 1 per observation (ramped down for the oldest when n ≥ 25) plus `priorWeight`.
import type { SeededRandom } from "@preflight/numeric"

/** A categorical parameter: `choices` options numbered 0..choices−1. */
export interface CategoricalParameter {
  readonly name: string
  readonly choices: number
}

/** A completed trial: the chosen option of each parameter and the (maximised) objective value. */
export interface TpeObservation {
  readonly params: Readonly<Record<string, number>>
  readonly value: number
}

/** Optuna's TPESampler settings. */
export interface TpeOptions {
  /** Uniform suggestions before the model is used (Optuna default 10). */
  readonly nStartupTrials?: number
  /** Candidates drawn from the good mixture per suggestion (Optuna default 24). */
  readonly nEiCandidates?: number
  /** Weight of the uniform prior kernel (Optuna default 1). */
  readonly priorWeight?: number
}

/** Optuna's `default_gamma`: how many observations count as good. */
export const defaultGamma = (n: number): number => Math.min(Math.ceil(0.1 * n), 25)

/** Optuna's `default_weights`: equal weights, ramped from 1/n for the oldest observations beyond the last 25. */
export const defaultWeights = (n: number): Float64Array => {
  const weights = new Float64Array(n).fill(1)
  if (n < 25) return weights
  const rampLength = n - 25
  for (let index = 0; index < rampLength; index++) {
    // np.linspace(1 / n, 1.0, num=n - 25)
    weights[index] = rampLength === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * index) / (rampLength - 1)
  }
  return weights
}

/**
 * Splits observations (in trial order) into the `count` best and the rest, each kept in trial order.
 * Ties are broken by trial order (earlier counts as better), as a stable sort does.
 */
export const splitObservations = (
  observations: ReadonlyArray<TpeObservation>,
  count: number
): { readonly good: TpeObservation[]; readonly bad: TpeObservation[] } => {
  const order = observations
    .map((_, index) => index)
    .sort((left, right) => {
      const byValue = (observations[right]?.value ?? 0) - (observations[left]?.value ?? 0)
      return byValue !== 0 ? byValue : left - right
    })
  const goodIndices = new Set(order.slice(0, count))
  const good: TpeObservation[] = []
  const bad: TpeObservation[] = []
  observations.forEach((observation, index) => {
    ;(goodIndices.has(index) ? good : bad).push(observation)
  })
  return { good, bad }
}

/** A Parzen mixture over the categorical space: mixture weights and, per parameter, one row of choice probabilities per kernel. */
export interface ParzenEstimator {
  readonly mixture: Float64Array
  readonly kernels: ReadonlyArray<Float64Array>
  readonly space: ReadonlyArray<CategoricalParameter>
}

/** Builds the Parzen estimator of `observations` (in trial order). The last kernel is the uniform prior. */
export const parzenEstimator = (
  observations: ReadonlyArray<TpeObservation>,
  space: ReadonlyArray<CategoricalParameter>,
  priorWeight: number
): ParzenEstimator => {
  const n = observations.length
  const kernelCount = n + 1
  const mixture = new Float64Array(kernelCount)
  mixture.set(defaultWeights(n))
  mixture[n] = priorWeight
  let total = 0
  for (const weight of mixture) total += weight
  for (let index = 0; index < kernelCount; index++) mixture[index] = (mixture[index] ?? 0) / total
  const kernels = space.map((parameter) => {
    const rows = new Float64Array(kernelCount * parameter.choices)
    // Optuna: with no observation, only the prior (uniform) kernel; otherwise prior_weight / n_kernels everywhere.
    const fill = n === 0 ? 1 : priorWeight / kernelCount
    rows.fill(fill)
    observations.forEach((observation, kernel) => {
      const chosen = observation.params[parameter.name] ?? 0
      const at = kernel * parameter.choices + chosen
      rows[at] = (rows[at] ?? 0) + 1
    })
    for (let kernel = 0; kernel < kernelCount; kernel++) {
      let sum = 0
      for (let choice = 0; choice < parameter.choices; choice++) sum += rows[kernel * parameter.choices + choice] ?? 0
      for (let choice = 0; choice < parameter.choices; choice++) {
        const at = kernel * parameter.choices + choice
        rows[at] = (rows[at] ?? 0) / sum
      }
    }
    return rows
  })
  return { mixture, kernels, space }
}

/** log p(params) under the mixture (log-sum-exp over kernels of the product of per-parameter probabilities). */
export const logDensity = (estimator: ParzenEstimator, params: Readonly<Record<string, number>>): number => {
  const kernelCount = estimator.mixture.length
  const logTerms = new Float64Array(kernelCount)
  let maxTerm = Number.NEGATIVE_INFINITY
  for (let kernel = 0; kernel < kernelCount; kernel++) {
    let term = Math.log(estimator.mixture[kernel] ?? 0)
    estimator.space.forEach((parameter, index) => {
      const rows = estimator.kernels[index]
      const choice = params[parameter.name] ?? 0
      term += Math.log(rows?.[kernel * parameter.choices + choice] ?? 0)
    })
    logTerms[kernel] = term
    if (term > maxTerm) maxTerm = term
  }
  if (maxTerm === Number.NEGATIVE_INFINITY) return maxTerm
  let sum = 0
  for (const term of logTerms) sum += Math.exp(term - maxTerm)
  return maxTerm + Math.log(sum)
}

/** One draw from the mixture: a kernel by weight, then each parameter's choice from that kernel's row. */
export const sampleEstimator = (estimator: ParzenEstimator, random: SeededRandom): Record<string, number> => {
  const kernel = random.weightedIndex(estimator.mixture)
  const params: Record<string, number> = {}
  estimator.space.forEach((parameter, index) => {
    const rows = estimator.kernels[index] ?? new Float64Array(0)
    params[parameter.name] = random.weightedIndex(
      rows.subarray(kernel * parameter.choices, (kernel + 1) * parameter.choices)
    )
  })
  return params
}

/** A seeded TPE sampler over a categorical space (maximisation). */
export class TpeSampler {
  readonly space: ReadonlyArray<CategoricalParameter>
  readonly observations: TpeObservation[] = []
  private readonly random: SeededRandom
  private readonly nStartupTrials: number
  private readonly nEiCandidates: number
  private readonly priorWeight: number

  constructor(space: ReadonlyArray<CategoricalParameter>, random: SeededRandom, options: TpeOptions = {}) {
    this.space = space
    this.random = random
    this.nStartupTrials = options.nStartupTrials ?? 10
    this.nEiCandidates = options.nEiCandidates ?? 24
    this.priorWeight = options.priorWeight ?? 1
  }

  /** Adds a completed trial (Optuna's `study.add_trial` or a finished `objective`). */
  observe(params: Readonly<Record<string, number>>, value: number): void {
    this.observations.push({ params: { ...params }, value })
  }

  /** The next parameters to try. */
  suggest(): Record<string, number> {
    if (this.observations.length < this.nStartupTrials) {
      const params: Record<string, number> = {}
      for (const parameter of this.space) params[parameter.name] = this.random.int(parameter.choices)
      return params
    }
    const { good, bad } = splitObservations(this.observations, defaultGamma(this.observations.length))
    const below = parzenEstimator(good, this.space, this.priorWeight)
    const above = parzenEstimator(bad, this.space, this.priorWeight)
    let best: Record<string, number> | undefined
    let bestScore = Number.NEGATIVE_INFINITY
    for (let draw = 0; draw < this.nEiCandidates; draw++) {
      const candidate = sampleEstimator(below, this.random)
      const score = logDensity(below, candidate) - logDensity(above, candidate)
      if (best === undefined || score > bestScore) {
        best = candidate
        bestScore = score
      }
    }
    return best ?? sampleEstimator(below, this.random)
  }
}
