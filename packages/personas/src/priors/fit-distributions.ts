// Fitting the trait families to samples: beta by the method of moments (with the posterior variance of
// shrunk estimates added back, the law of total variance), truncated normal by matching truncated moments,
// lognormal by maximum likelihood, categorical by shares, Dirichlet by moments, and normal-scores (van der
// Waerden) correlations corrected for the attenuation that noisy, shrunk estimates cause (Spearman 1904).
import { normalCdf, normalQuantile } from "@preflight/numeric"
import type {
  BetaDistribution,
  DirichletDistribution,
  LognormalDistribution,
  TruncatedNormalDistribution
} from "./distributions.ts"

/** Mean and variance of a list. */
export const moments = (values: ArrayLike<number>): { mean: number; variance: number } => {
  let mean = 0
  for (let i = 0; i < values.length; i++) mean += values[i] as number
  mean /= Math.max(1, values.length)
  let variance = 0
  for (let i = 0; i < values.length; i++) variance += ((values[i] as number) - mean) ** 2
  variance /= Math.max(1, values.length - 1)
  return { mean, variance }
}

/** Beta with the given mean and variance; the strength α + β is kept in [0.5, 1000]. */
export const betaFromMoments = (mean: number, variance: number): BetaDistribution => {
  const m = Math.min(0.999, Math.max(0.001, mean))
  const strength = variance > 0 ? Math.min(1000, Math.max(0.5, (m * (1 - m)) / variance - 1)) : 1000
  return { type: "beta", alpha: m * strength, beta: (1 - m) * strength }
}

const density = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)

/** Mean and variance of N(mu, sigma²) truncated to [lower, upper]. */
export const truncatedMoments = (
  mu: number,
  sigma: number,
  lower: number,
  upper: number
): { mean: number; variance: number } => {
  const a = (lower - mu) / sigma
  const b = (upper - mu) / sigma
  const mass = Math.max(1e-300, normalCdf(b) - normalCdf(a))
  const shift = (density(a) - density(b)) / mass
  const spread = (a * density(a) - (Number.isFinite(b) ? b * density(b) : 0)) / mass
  return { mean: mu + sigma * shift, variance: sigma * sigma * Math.max(1e-12, 1 + spread - shift * shift) }
}

/** A truncated normal on [lower, upper] whose truncated mean and variance match the sample's. */
export const truncatedNormalFromSample = (
  values: ArrayLike<number>,
  lower: number,
  upper: number
): TruncatedNormalDistribution => {
  const target = moments(values)
  let mu = target.mean
  let sigma = Math.sqrt(Math.max(target.variance, 1e-12))
  for (let iteration = 0; iteration < 200; iteration++) {
    const current = truncatedMoments(mu, sigma, lower, upper)
    const nextMu = mu + (target.mean - current.mean)
    const nextSigma = sigma * Math.sqrt(target.variance / current.variance)
    const change = Math.abs(nextMu - mu) + Math.abs(nextSigma - sigma)
    mu = nextMu
    // Matching a variance near the uniform's on [lower, upper] would send sigma to infinity; cap it.
    sigma = Math.min(nextSigma, 100 * (upper - lower))
    if (change < 1e-9 * (1 + Math.abs(mu))) break
  }
  return { type: "truncated_normal", mean: mu, sd: sigma, lower, upper }
}

/** Lognormal by maximum likelihood (mean and standard deviation of the logs). */
export const lognormalFromSample = (values: ArrayLike<number>): LognormalDistribution => {
  const logs = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) logs[i] = Math.log(values[i] as number)
  const { mean, variance } = moments(logs)
  return { type: "lognormal", mu: mean, sigma: Math.max(1e-6, Math.sqrt(variance)) }
}

/** Dirichlet by moments: mean shares, and a concentration from each component's variance (median over components). */
export const dirichletFromShares = (
  categories: ReadonlyArray<string>,
  shareVectors: ReadonlyArray<ArrayLike<number>>
): DirichletDistribution => {
  const k = categories.length
  const means = new Float64Array(k)
  const variances = new Float64Array(k)
  for (let c = 0; c < k; c++) {
    const column = shareVectors.map((vector) => vector[c] as number)
    const { mean, variance } = moments(column)
    means[c] = Math.max(1e-3, mean)
    variances[c] = variance
  }
  let total = 0
  for (const mean of means) total += mean
  const estimates: number[] = []
  for (let c = 0; c < k; c++) {
    const m = (means[c] as number) / total
    if ((variances[c] as number) > 0) estimates.push((m * (1 - m)) / (variances[c] as number) - 1)
  }
  estimates.sort((a, b) => a - b)
  const concentration = Math.min(1000, Math.max(0.5, estimates[Math.floor(estimates.length / 2)] ?? 1000))
  return {
    type: "dirichlet",
    categories: [...categories],
    concentration: Array.from(means, (mean) => (mean / total) * concentration)
  }
}

/** Van der Waerden normal scores Φ⁻¹(rank / (n + 1)), ties sharing their average rank. */
export const normalScores = (values: ArrayLike<number>): Float64Array => {
  const n = values.length
  const sortable = Float64Array.from(values)
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (sortable[a] as number) - (sortable[b] as number)
  )
  const scores = new Float64Array(n)
  let start = 0
  while (start < n) {
    let end = start
    while (end + 1 < n && values[order[end + 1] as number] === values[order[start] as number]) end++
    const rank = (start + end) / 2 + 1
    const score = normalQuantile(rank / (n + 1))
    for (let i = start; i <= end; i++) scores[order[i] as number] = score
    start = end + 1
  }
  return scores
}

/** Pearson correlation of two equal-length arrays. */
export const pearson = (x: ArrayLike<number>, y: ArrayLike<number>): number => {
  const n = x.length
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += x[i] as number
    my += y[i] as number
  }
  mx /= n
  my /= n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx
    const dy = (y[i] as number) - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0
}
