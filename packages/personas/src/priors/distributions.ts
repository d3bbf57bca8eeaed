// The distributions a segment trait can follow (zod schemas) and their inverse CDFs, so a Gaussian copula
// can turn correlated uniforms into trait values: beta, truncated normal, lognormal, categorical (ordered
// as listed; optionally several distinct draws, for interests) and Dirichlet (a share vector, sampled
// outside the copula).
import { normalCdf, normalQuantile, regularizedBeta, type SeededRandom } from "@preflight/numeric"
import { z } from "zod"
import { betaQuantile } from "../internal/beta-quantile.ts"

export const BetaDistribution = z.object({ type: z.literal("beta"), alpha: z.number(), beta: z.number() })
export const TruncatedNormalDistribution = z.object({
  type: z.literal("truncated_normal"),
  mean: z.number(),
  sd: z.number(),
  lower: z.number(),
  upper: z.number()
})
/** ln X ~ Normal(mu, sigma). */
export const LognormalDistribution = z.object({ type: z.literal("lognormal"), mu: z.number(), sigma: z.number() })
export const CategoricalDistribution = z.object({
  type: z.literal("categorical"),
  categories: z.array(z.string()),
  shares: z.array(z.number()),
  /** Distinct categories drawn per persona (default exactly 1); for multi-valued traits such as interests. */
  draws: z.object({ min: z.number().int(), max: z.number().int() }).optional()
})
export const DirichletDistribution = z.object({
  type: z.literal("dirichlet"),
  categories: z.array(z.string()),
  concentration: z.array(z.number())
})

export const TraitDistribution = z.discriminatedUnion("type", [
  BetaDistribution,
  TruncatedNormalDistribution,
  LognormalDistribution,
  CategoricalDistribution,
  DirichletDistribution
])
export type TraitDistribution = z.infer<typeof TraitDistribution>
export type BetaDistribution = z.infer<typeof BetaDistribution>
export type TruncatedNormalDistribution = z.infer<typeof TruncatedNormalDistribution>
export type LognormalDistribution = z.infer<typeof LognormalDistribution>
export type CategoricalDistribution = z.infer<typeof CategoricalDistribution>
export type DirichletDistribution = z.infer<typeof DirichletDistribution>

/** Whether a distribution gives one value per persona from one uniform (and so can join the copula). */
export const isScalarDistribution = (distribution: TraitDistribution): boolean =>
  distribution.type !== "dirichlet" &&
  !(distribution.type === "categorical" && distribution.draws !== undefined && distribution.draws.max > 1)

/** Inverse CDF of a scalar continuous distribution at u ∈ (0, 1). */
export const continuousQuantile = (
  distribution: BetaDistribution | TruncatedNormalDistribution | LognormalDistribution,
  u: number
): number => {
  switch (distribution.type) {
    case "beta":
      return betaQuantile(u, distribution.alpha, distribution.beta)
    case "lognormal":
      return Math.exp(distribution.mu + distribution.sigma * normalQuantile(u))
    case "truncated_normal": {
      const low = normalCdf((distribution.lower - distribution.mean) / distribution.sd)
      const high = normalCdf((distribution.upper - distribution.mean) / distribution.sd)
      const value = distribution.mean + distribution.sd * normalQuantile(low + u * (high - low))
      return Math.min(distribution.upper, Math.max(distribution.lower, value))
    }
  }
}

/** CDF of a scalar continuous distribution (used by the goodness-of-fit tests). */
export const continuousCdf = (
  distribution: BetaDistribution | TruncatedNormalDistribution | LognormalDistribution,
  x: number
): number => {
  switch (distribution.type) {
    case "beta":
      return regularizedBeta(x, distribution.alpha, distribution.beta)
    case "lognormal":
      return x <= 0 ? 0 : normalCdf((Math.log(x) - distribution.mu) / distribution.sigma)
    case "truncated_normal": {
      if (x <= distribution.lower) return 0
      if (x >= distribution.upper) return 1
      const low = normalCdf((distribution.lower - distribution.mean) / distribution.sd)
      const high = normalCdf((distribution.upper - distribution.mean) / distribution.sd)
      return (normalCdf((x - distribution.mean) / distribution.sd) - low) / (high - low)
    }
  }
}

/** The category whose cumulative share first exceeds u (categories in listed order, so the copula sees an ordinal). */
export const categoricalIndex = (shares: ReadonlyArray<number>, u: number): number => {
  let cumulative = 0
  for (let index = 0; index < shares.length; index++) {
    cumulative += shares[index] as number
    if (u < cumulative) return index
  }
  return shares.length - 1
}

/** Several distinct categories, the first chosen by `u`, the rest by weighted draws without replacement. */
export const categoricalDraws = (
  distribution: CategoricalDistribution,
  u: number,
  random: SeededRandom
): ReadonlyArray<string> => {
  const range = distribution.draws ?? { min: 1, max: 1 }
  const count = Math.min(distribution.categories.length, range.min + random.int(range.max - range.min + 1))
  if (count <= 0) return []
  const weights = [...distribution.shares]
  const first = categoricalIndex(weights, u)
  const chosen = [distribution.categories[first] as string]
  weights[first] = 0
  while (chosen.length < count) {
    const index = random.weightedIndex(weights)
    if (!((weights[index] as number) > 0)) break
    chosen.push(distribution.categories[index] as string)
    weights[index] = 0
  }
  return chosen
}

/** A Dirichlet draw by normalised Gamma(α_k) draws. */
export const dirichletDraw = (distribution: DirichletDistribution, random: SeededRandom): Float64Array => {
  const draws = new Float64Array(distribution.concentration.length)
  let total = 0
  for (let k = 0; k < draws.length; k++) {
    const value = random.gamma(distribution.concentration[k] as number)
    draws[k] = value
    total += value
  }
  for (let k = 0; k < draws.length; k++) draws[k] = (draws[k] as number) / total
  return draws
}

/** Mean of a continuous distribution (for reports and tests). */
export const continuousMean = (
  distribution: BetaDistribution | TruncatedNormalDistribution | LognormalDistribution
): number => {
  switch (distribution.type) {
    case "beta":
      return distribution.alpha / (distribution.alpha + distribution.beta)
    case "lognormal":
      return Math.exp(distribution.mu + (distribution.sigma * distribution.sigma) / 2)
    case "truncated_normal": {
      const a = (distribution.lower - distribution.mean) / distribution.sd
      const b = (distribution.upper - distribution.mean) / distribution.sd
      const mass = normalCdf(b) - normalCdf(a)
      const density = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)
      return distribution.mean + (distribution.sd * (density(a) - density(b))) / mass
    }
  }
}
