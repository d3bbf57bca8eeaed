// fitPriors recovers known priors from 10,000 customers generated from them (attributes directly, behaviour
// through the trait definitions), names the first bad row, and refuses a segment without rows.
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { betaMoments } from "../../src/internal/trait-grid.ts"
import type { TraitDistribution } from "../../src/priors/distributions.ts"
import { fitPriors } from "../../src/priors/fit-priors.ts"
import { samplePersonas } from "../../src/priors/persona-factory.ts"
import type { SegmentPriors } from "../../src/priors/segment-priors.ts"
import { knownPriors } from "../support/priors.ts"
import { syntheticEntities } from "../support/synthetic-entities.ts"

const personas = samplePersonas(knownPriors, { count: 10_000, seed: 5 })
if (Result.isFailure(personas)) throw new Error(personas.failure.message)
const rows = syntheticEntities(personas.success, 9)
const fitted = fitPriors(rows, { segmentId: "s1" })
if (Result.isFailure(fitted)) throw new Error(fitted.failure.message)
const priors: SegmentPriors = fitted.success

const beta = (distribution: TraitDistribution | undefined) => {
  if (distribution?.type !== "beta") throw new Error(`not a beta: ${JSON.stringify(distribution)}`)
  const { mean, variance } = betaMoments(distribution.alpha, distribution.beta)
  return { mean, sd: Math.sqrt(variance) }
}

const correlation = (a: string, b: string): number => {
  const c = priors.correlation
  if (c === undefined) throw new Error("no correlation")
  const i = c.traits.indexOf(a)
  const j = c.traits.indexOf(b)
  if (i < 0 || j < 0) throw new Error(`${a} or ${b} not correlated`)
  return c.matrix[i]?.[j] as number
}

describe("fitPriors on 10,000 customers generated from known priors", () => {
  it("recovers the attribute traits", () => {
    const age = priors.traits.age
    if (age?.type !== "truncated_normal") throw new Error("age")
    expect(Math.abs(age.mean - 42)).toBeLessThan(0.5)
    expect(Math.abs(age.sd - 14)).toBeLessThan(0.5)
    expect(age.lower).toBe(18)
    for (const [trait, mu, sigma] of [
      ["tenureDays", 6, 0.8],
      ["averageOrderValue", 3.8, 0.5]
    ] as const) {
      const distribution = priors.traits[trait]
      if (distribution?.type !== "lognormal") throw new Error(trait)
      expect(Math.abs(distribution.mu - mu), trait).toBeLessThan(0.03)
      expect(Math.abs(distribution.sigma - sigma), trait).toBeLessThan(0.03)
    }
    const tiers = priors.traits.valueTier
    if (tiers?.type !== "categorical") throw new Error("valueTier")
    const truth: Record<string, number> = { low: 0.4, medium: 0.35, high: 0.2, vip: 0.05 }
    for (const [i, tier] of tiers.categories.entries()) {
      expect(Math.abs((tiers.shares[i] as number) - (truth[tier] as number)), tier).toBeLessThan(0.015)
    }
    const interests = priors.traits.contentInterests
    if (interests?.type !== "categorical") throw new Error("interests")
    expect(interests.categories[0]).toBe("footwear")
    expect(interests.draws).toEqual({ min: 1, max: 2 })
  })

  it("recovers the behaviour traits from noisy counts (empirical Bayes, not the spread of noisy estimates)", () => {
    for (const trait of [
      "channelAffinity.email",
      "channelAffinity.sms",
      "fatigueTolerance",
      "priceSensitivity",
      "urgencyResponsiveness"
    ]) {
      const truth = beta(knownPriors.traits[trait])
      const estimate = beta(priors.traits[trait])
      expect(Math.abs(estimate.mean - truth.mean), `${trait} mean`).toBeLessThan(0.02)
      expect(Math.abs(estimate.sd / truth.sd - 1), `${trait} sd`).toBeLessThan(0.15)
    }
  })

  it("recovers the copula correlations it can see (attenuation of shrunk estimates corrected)", () => {
    expect(Math.abs(correlation("age", "priceSensitivity") - -0.4)).toBeLessThan(0.07)
    expect(Math.abs(correlation("age", "channelAffinity.email") - 0.2)).toBeLessThan(0.05)
    expect(Math.abs(correlation("priceSensitivity", "channelAffinity.email"))).toBeLessThan(0.07)
    expect(Math.abs(correlation("age", "tenureDays"))).toBeLessThan(0.05)
  })

  it("reports how many customers each estimate rests on, and the population references", () => {
    expect(priors.support?.age).toBe(10_000)
    expect(priors.support?.["channelAffinity.email"]).toBeGreaterThan(9_900)
    expect(priors.populationSize).toBe(10_000)
    expect(Math.abs((priors.grounding?.channelReference.email ?? 0) - 0.2)).toBeLessThan(0.01)
    expect(Math.abs((priors.grounding?.unsubscribeReference ?? 0) - 0.01)).toBeLessThan(0.001)
  })

  it("the fitted priors sample again (they are valid priors)", () => {
    const again = samplePersonas(priors, { count: 100, seed: 1 })
    expect(Result.isSuccess(again)).toBe(true)
  })
})

describe("fitPriors errors", () => {
  it("names the first bad row by index and entity", () => {
    const bad = [...rows.slice(0, 3), { ...rows[3], behaviour: { ...rows[3]?.behaviour, purchases: -2 } }]
    const result = fitPriors(bad, { segmentId: "s1" })
    if (Result.isSuccess(result)) throw new Error("expected an error")
    expect(result.failure._tag).toBe("PersonaInputError")
    expect(result.failure.message).toContain("row 3 (entity e3)")
    expect(result.failure.message).toContain("behaviour.purchases")
  })

  it("refuses a segment with no rows", () => {
    const result = fitPriors(rows.slice(0, 10), { segmentId: "nobody" })
    expect(Result.isFailure(result) && result.failure._tag).toBe("NoObservations")
  })
})
