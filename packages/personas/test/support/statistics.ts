// Test statistics: the one-sample Kolmogorov–Smirnov distance and its 1 % critical value, and normal-scores
// correlation, for checking sampled marginals and copula correlations at fixed seeds.
import { normalScores, pearson } from "../../src/priors/fit-distributions.ts"

/** sup |F_n(x) − F(x)| of a sample against a CDF. */
export const ksDistance = (values: ReadonlyArray<number>, cdf: (x: number) => number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  let distance = 0
  sorted.forEach((x, i) => {
    const f = cdf(x)
    distance = Math.max(distance, Math.abs((i + 1) / n - f), Math.abs(f - i / n))
  })
  return distance
}

/** Asymptotic 1 % critical value of the KS distance for n draws (1.628 / √n, Smirnov's table). */
export const ksCritical = (n: number): number => 1.628 / Math.sqrt(n)

/** Correlation of normal scores: what the Gaussian copula's matrix entry means. */
export const normalScoreCorrelation = (x: ReadonlyArray<number>, y: ReadonlyArray<number>): number =>
  pearson(normalScores(x), normalScores(y))

export const mean = (values: ReadonlyArray<number>): number => values.reduce((sum, v) => sum + v, 0) / values.length

export const sd = (values: ReadonlyArray<number>): number => {
  const m = mean(values)
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1))
}

export const weightedMean = (values: ReadonlyArray<number>, weights: ReadonlyArray<number>): number => {
  let total = 0
  let sum = 0
  values.forEach((value, i) => {
    total += weights[i] as number
    sum += value * (weights[i] as number)
  })
  return sum / total
}
