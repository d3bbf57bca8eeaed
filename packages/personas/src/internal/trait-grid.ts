// Bayesian inference for a trait t ∈ (0, 1) on a fixed grid: each customer's data give a likelihood over the
// grid, the segment's Beta(α, β) prior gives weights, the posterior mean and variance follow by quadrature,
// and the segment prior itself is fitted by maximising the marginal likelihood of all customers (empirical
// Bayes; Efron & Morris 1975). A grid of 100 midpoints keeps the posterior mean within 1e-3 of the exact one
// for priors with α, β ≥ 0.5.
import { nelderMead } from "@preflight/numeric"

export const GRID_SIZE = 100

/** Grid midpoints (i + 0.5) / 100. */
export const GRID: Float64Array = Float64Array.from({ length: GRID_SIZE }, (_, i) => (i + 0.5) / GRID_SIZE)

/** The odds t / (1 − t) at each grid point. */
export const GRID_ODDS: Float64Array = GRID.map((t) => t / (1 - t))

/** Beta(α, β) weights on the grid, normalised to sum to 1. */
export const betaGridWeights = (alpha: number, beta: number): Float64Array => {
  const weights = new Float64Array(GRID_SIZE)
  let max = Number.NEGATIVE_INFINITY
  for (let g = 0; g < GRID_SIZE; g++) {
    const t = GRID[g] as number
    const log = (alpha - 1) * Math.log(t) + (beta - 1) * Math.log1p(-t)
    weights[g] = log
    if (log > max) max = log
  }
  let total = 0
  for (let g = 0; g < GRID_SIZE; g++) {
    const value = Math.exp((weights[g] as number) - max)
    weights[g] = value
    total += value
  }
  for (let g = 0; g < GRID_SIZE; g++) weights[g] = (weights[g] as number) / total
  return weights
}

/** Turns log-likelihoods into likelihoods scaled to a maximum of 1 (in place) and returns them. */
export const scaleLikelihood = (logLikelihood: Float64Array): Float64Array => {
  let max = Number.NEGATIVE_INFINITY
  for (const value of logLikelihood) if (value > max) max = value
  for (let g = 0; g < GRID_SIZE; g++) logLikelihood[g] = Math.exp((logLikelihood[g] as number) - max)
  return logLikelihood
}

/** Posterior mean and variance of t given a (scaled) likelihood and prior weights. */
export const gridPosterior = (likelihood: Float64Array, weights: Float64Array): { mean: number; variance: number } => {
  let mass = 0
  let first = 0
  let second = 0
  for (let g = 0; g < GRID_SIZE; g++) {
    const w = (likelihood[g] as number) * (weights[g] as number)
    const t = GRID[g] as number
    mass += w
    first += w * t
    second += w * t * t
  }
  if (!(mass > 0)) return { mean: Number.NaN, variance: Number.NaN }
  const mean = first / mass
  return { mean, variance: Math.max(0, second / mass - mean * mean) }
}

/** Mean and variance of a Beta(α, β). */
export const betaMoments = (alpha: number, beta: number): { mean: number; variance: number } => {
  const s = alpha + beta
  return { mean: alpha / s, variance: (alpha * beta) / (s * s * (s + 1)) }
}

/** Bounds on fitted Beta parameters: below 0.3 the grid cannot resolve the density's spike at an edge. */
export const MIN_SHAPE = 0.3
export const MAX_SHAPE = 500

/**
 * Fits Beta(α, β) to customers' likelihoods by maximum marginal likelihood. `likelihoods` are scaled
 * likelihood vectors, `multiplicity` how many customers share each (identical data give identical vectors).
 */
export const fitBetaOnGrid = (
  likelihoods: ReadonlyArray<Float64Array>,
  multiplicity: ReadonlyArray<number>
): { alpha: number; beta: number } => {
  const objective = (point: Float64Array): number => {
    const alpha = Math.min(MAX_SHAPE, Math.max(MIN_SHAPE, Math.exp(point[0] as number)))
    const beta = Math.min(MAX_SHAPE, Math.max(MIN_SHAPE, Math.exp(point[1] as number)))
    const weights = betaGridWeights(alpha, beta)
    let total = 0
    for (let i = 0; i < likelihoods.length; i++) {
      const likelihood = likelihoods[i] as Float64Array
      let marginal = 0
      for (let g = 0; g < GRID_SIZE; g++) marginal += (likelihood[g] as number) * (weights[g] as number)
      total += (multiplicity[i] as number) * Math.log(Math.max(marginal, 1e-300))
    }
    return -total
  }
  // Start from the moments of the maximum-likelihood points (a rough, always-available guess).
  let sum = 0
  let squares = 0
  let count = 0
  likelihoods.forEach((likelihood, i) => {
    let best = 0
    for (let g = 1; g < GRID_SIZE; g++) if ((likelihood[g] as number) > (likelihood[best] as number)) best = g
    const t = GRID[best] as number
    const m = multiplicity[i] as number
    sum += m * t
    squares += m * t * t
    count += m
  })
  const mean = Math.min(0.95, Math.max(0.05, sum / Math.max(1, count)))
  const variance = Math.max(1e-3, squares / Math.max(1, count) - (sum / Math.max(1, count)) ** 2)
  const strength = Math.min(100, Math.max(1, (mean * (1 - mean)) / variance - 1))
  // Log-parameters to 1e-6 (a relative 1e-6 on α and β), the log-likelihood to 1e-8.
  const best = nelderMead(objective, [Math.log(mean * strength), Math.log((1 - mean) * strength)], {
    xatol: 1e-6,
    fatol: 1e-8,
    maxIterations: 600
  }).x
  return {
    alpha: Math.min(MAX_SHAPE, Math.max(MIN_SHAPE, Math.exp(best[0] as number))),
    beta: Math.min(MAX_SHAPE, Math.max(MIN_SHAPE, Math.exp(best[1] as number)))
  }
}
