// The seeded factory: reproducible, proportional, marginals and copula correlations as specified (tested at
// fixed seeds with KS distances and normal-score correlations), weights that stand for the segment, typed
// errors that name the trait, and tail over-sampling whose weights keep weighted means unbiased.
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import type { Persona } from "../../src/persona/persona.ts"
import { continuousCdf, type TraitDistribution } from "../../src/priors/distributions.ts"
import { makePersonaFactory, samplePersonas } from "../../src/priors/persona-factory.ts"
import type { SegmentPriors } from "../../src/priors/segment-priors.ts"
import { knownPriors } from "../support/priors.ts"
import { ksCritical, ksDistance, mean, normalScoreCorrelation, weightedMean } from "../support/statistics.ts"

const sample = (priors: unknown, count: number, seed: number, extra: object = {}): ReadonlyArray<Persona> => {
  const result = samplePersonas(priors, { count, seed, ...extra })
  if (Result.isFailure(result)) throw new Error(result.failure.message)
  return result.success
}

const invalid = (priors: unknown) => {
  const result = makePersonaFactory(priors)
  if (Result.isSuccess(result)) throw new Error("expected InvalidPriors")
  return result.failure
}

const withTrait = (trait: string, distribution: unknown): unknown => ({
  ...knownPriors,
  traits: { ...knownPriors.traits, [trait]: distribution }
})

describe("persona factory", () => {
  const population = sample(knownPriors, 6000, 11)

  it("gives the same population for the same seed and another for another seed", () => {
    expect(sample(knownPriors, 50, 11)).toEqual(population.slice(0, 50).map((p) => ({ ...p, weight: 200_000 / 50 })))
    const other = sample(knownPriors, 50, 12)
    expect(other[0]?.traits.priceSensitivity).not.toBe(population[0]?.traits.priceSensitivity)
  })

  it("weights sum to the segment size: a sample of 200 stands for 200,000", () => {
    const small = sample(knownPriors, 200, 3)
    expect(small.reduce((sum, p) => sum + p.weight, 0)).toBeCloseTo(200_000, 6)
    expect(new Set(small.map((p) => p.weight)).size).toBe(1)
    expect(small.every((p) => p.source === "sampled" && p.segmentId === "s1")).toBe(true)
  })

  it("samples each continuous marginal from its prior (KS distance below the 1 % critical value)", () => {
    const read: Record<string, (p: Persona) => number | undefined> = {
      priceSensitivity: (p) => p.traits.priceSensitivity,
      urgencyResponsiveness: (p) => p.traits.urgencyResponsiveness,
      brandLoyalty: (p) => p.traits.brandLoyalty,
      fatigueTolerance: (p) => p.traits.fatigueTolerance,
      "channelAffinity.email": (p) => p.traits.channelAffinity.email,
      tenureDays: (p) => p.tenureDays,
      averageOrderValue: (p) => p.purchaseHistory.averageOrderValue
    }
    for (const [trait, get] of Object.entries(read)) {
      const distribution = knownPriors.traits[trait] as TraitDistribution
      if (distribution.type === "categorical" || distribution.type === "dirichlet") throw new Error(trait)
      const values = population.map(get).filter((v): v is number => v !== undefined)
      // tenure and order value are rounded when sampled; compare on the rounding grid's scale.
      const distance = ksDistance(values, (x) => continuousCdf(distribution, x))
      expect(distance, trait).toBeLessThan(ksCritical(values.length) + (trait === "tenureDays" ? 0.005 : 0))
    }
  })

  it("samples age from its truncated normal within its bounds (rounded to years)", () => {
    const ages = population.map((p) => p.demographics.age ?? Number.NaN)
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(18)
    expect(Math.max(...ages)).toBeLessThanOrEqual(90)
    const distribution = knownPriors.traits.age as TraitDistribution & { type: "truncated_normal" }
    // Rounding to whole years: the share of ages ≤ k is F(k + 0.5).
    let distance = 0
    for (let k = 18; k <= 90; k++) {
      const observed = ages.filter((a) => a <= k).length / ages.length
      distance = Math.max(distance, Math.abs(observed - continuousCdf(distribution, k + 0.5)))
    }
    expect(distance).toBeLessThan(ksCritical(ages.length))
  })

  it("samples categorical shares within four standard errors", () => {
    const tiers = ["low", "medium", "high", "vip"]
    const shares = [0.4, 0.35, 0.2, 0.05]
    tiers.forEach((tier, i) => {
      const observed = population.filter((p) => p.valueTier === tier).length / population.length
      const p = shares[i] as number
      expect(Math.abs(observed - p), tier).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / population.length))
    })
    const firstInterests = population.filter((p) => p.traits.contentInterests.length >= 1)
    expect(firstInterests.length).toBe(population.length)
    expect(population.every((p) => p.traits.contentInterests.length <= 2)).toBe(true)
    expect(population.every((p) => p.traits.preferredContactTimes.length >= 1)).toBe(true)
  })

  it("reproduces the copula correlations (normal scores, within 0.05)", () => {
    const columns: Record<string, number[]> = {
      age: population.map((p) => p.demographics.age ?? 0),
      priceSensitivity: population.map((p) => p.traits.priceSensitivity),
      brandLoyalty: population.map((p) => p.traits.brandLoyalty),
      "channelAffinity.email": population.map((p) => p.traits.channelAffinity.email ?? 0)
    }
    const correlation = knownPriors.correlation
    if (correlation === undefined) throw new Error("no correlation")
    correlation.traits.forEach((a, i) => {
      correlation.traits.forEach((b, j) => {
        if (j <= i) return
        const observed = normalScoreCorrelation(columns[a] as number[], columns[b] as number[])
        expect(Math.abs(observed - (correlation.matrix[i]?.[j] as number)), `${a} × ${b}`).toBeLessThan(0.05)
      })
    })
  })

  it("keeps persona i the same whatever the sample size", () => {
    const ten = sample(knownPriors, 10, 99)
    const hundred = sample(knownPriors, 100, 99)
    expect(ten.map((p) => p.traits)).toEqual(hundred.slice(0, 10).map((p) => p.traits))
  })

  it("over-samples tails only when asked, and its weights keep weighted means unbiased", () => {
    const proportional = population.map((p) => p.traits.priceSensitivity)
    const tailed = sample(knownPriors, 6000, 11, { tails: { share: 0.5, scale: 1.6 } })
    const values = tailed.map((p) => p.traits.priceSensitivity)
    const extreme = (xs: ReadonlyArray<number>) => xs.filter((x) => x > 0.9 || x < 0.25).length / xs.length
    expect(extreme(values)).toBeGreaterThan(1.5 * extreme(proportional))
    expect(Math.abs(mean(values) - 0.6)).toBeLessThan(0.02)
    expect(
      Math.abs(
        weightedMean(
          values,
          tailed.map((p) => p.weight)
        ) - 0.6
      )
    ).toBeLessThan(0.01)
    const weightedTail = weightedMean(
      values.map((x) => (x > 0.9 || x < 0.25 ? 1 : 0)),
      tailed.map((p) => p.weight)
    )
    expect(Math.abs(weightedTail - extreme(proportional))).toBeLessThan(0.015)
    expect(tailed.reduce((sum, p) => sum + p.weight, 0)).toBeCloseTo(200_000, 4)
  })

  it("draws recent touches from contact rates", () => {
    const touched = sample(knownPriors, 2000, 5, { contactRates: { email: 8, sms: 2 } })
    const emails = touched.map((p) => p.exposures.touches.filter((t) => t.channel === "email").length)
    expect(Math.abs(mean(emails) - 8)).toBeLessThan(0.3)
    expect(touched.every((p) => p.exposures.touches.every((t) => t.daysAgo >= 0 && t.daysAgo <= 30))).toBe(true)
  })
})

describe("invalid priors are typed errors that name the trait", () => {
  it("a beta with a non-positive parameter", () => {
    const error = invalid(withTrait("priceSensitivity", { type: "beta", alpha: 0, beta: 2 }))
    expect(error._tag).toBe("InvalidPriors")
    expect(error.trait).toBe("priceSensitivity")
    expect(error.message).toContain("alpha must be positive")
  })

  it("shares that do not sum to 1", () => {
    const error = invalid(
      withTrait("valueTier", { type: "categorical", categories: ["low", "high"], shares: [0.5, 0.4] })
    )
    expect(error.trait).toBe("valueTier")
    expect(error.reason).toContain("sum to 0.9")
  })

  it("a correlation matrix that is not positive definite names the trait whose correlations contradict", () => {
    const priors: SegmentPriors = {
      ...knownPriors,
      correlation: {
        traits: ["priceSensitivity", "brandLoyalty", "fatigueTolerance"],
        matrix: [
          [1, 0.9, 0.9],
          [0.9, 1, -0.9],
          [0.9, -0.9, 1]
        ]
      }
    }
    const error = invalid(priors)
    expect(error.trait).toBe("fatigueTolerance")
    expect(error.reason).toContain("not positive definite")
  })

  it("an asymmetric matrix, a unit diagonal, an unknown trait, a trait of the wrong family, a Dirichlet in the copula", () => {
    const base = knownPriors.correlation as NonNullable<SegmentPriors["correlation"]>
    expect(
      invalid({
        ...knownPriors,
        correlation: { ...base, matrix: base.matrix.map((row, i) => row.map((v, j) => (i === 0 && j === 1 ? 0.1 : v))) }
      }).reason
    ).toContain("not symmetric")
    expect(
      invalid({
        ...knownPriors,
        correlation: {
          traits: ["age", "brandLoyalty"],
          matrix: [
            [1, 0],
            [0, 0.9]
          ]
        }
      }).trait
    ).toBe("brandLoyalty")
    expect(invalid(withTrait("shoeSize", { type: "beta", alpha: 1, beta: 1 })).trait).toBe("shoeSize")
    expect(invalid(withTrait("priceSensitivity", { type: "lognormal", mu: 0, sigma: 1 })).trait).toBe(
      "priceSensitivity"
    )
    expect(invalid({ ...knownPriors, correlation: { traits: ["preferredContactTimes"], matrix: [[1]] } }).trait).toBe(
      "preferredContactTimes"
    )
    expect(invalid(withTrait("priceSensitivity", { type: "beta", alpha: "two", beta: 1 })).trait).toBe(
      "priceSensitivity"
    )
  })

  it("bad sample options are typed errors too", () => {
    const result = samplePersonas(knownPriors, { count: -1, seed: 1 })
    expect(Result.isFailure(result) && result.failure._tag).toBe("PersonaInputError")
  })
})
