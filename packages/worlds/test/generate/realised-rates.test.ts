// The realised history agrees with the true model's expectations: measured with DESIGN.md's attribution rule
// on the rows, each campaign's variants and control convert, unsubscribe and earn what the expected values
// say, within sampling noise (at fixed seeds).
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { type ExposureRecord, generateWorld, type Industry } from "../../src/index.ts"
import { attributeOutcomes } from "../support/attribution.ts"

interface Realised {
  recipients: number
  conversions: number
  unsubscribes: number
  revenue: number
}

const measure = async (industry: Industry, seed: number) => {
  const world = await Effect.runPromise(generateWorld({ industry, seed, size: "demo" }))
  const { exposures, outcomes } = world.tables
  const attributed = attributeOutcomes(exposures, outcomes)
  const perRow = exposures.map(() => ({ converted: false, unsubscribed: false, revenue: 0 }))
  outcomes.forEach((outcome, index) => {
    const row = perRow[attributed[index] as number]
    if (row === undefined) return
    if (outcome.outcome_type === "purchase") {
      row.converted = true
      row.revenue += outcome.outcome_value ?? 0
    }
    if (outcome.outcome_type === "unsubscribe") row.unsubscribed = true
  })
  const groups = new Map<string, Realised>()
  exposures.forEach((exposure: ExposureRecord, index) => {
    const key = exposure.channel === "holdout" ? `control:${exposure.intervention_id}` : exposure.intervention_id
    const group = groups.get(key) ?? { recipients: 0, conversions: 0, unsubscribes: 0, revenue: 0 }
    const row = perRow[index]
    group.recipients += 1
    if (row?.converted) group.conversions += 1
    if (row?.unsubscribed) group.unsubscribes += 1
    group.revenue += row?.revenue ?? 0
    groups.set(key, group)
  })
  const comparisons = world.historyTruth.flatMap((campaign) => [
    ...campaign.variants.map((variant) => ({ expected: variant, realised: groups.get(variant.variant_id) })),
    { expected: campaign.control, realised: groups.get(`control:${campaign.campaign_id}`) }
  ])
  return comparisons
}

/** z of a count of independent Bernoulli draws against its expectation (binomial variance, conservative). */
const zScore = (observed: number, recipients: number, rate: number) =>
  (observed - recipients * rate) / Math.sqrt(Math.max(1e-9, recipients * rate * (1 - rate)))

describe.each([
  ["retail", 21],
  ["healthcare", 22]
] as const)("realised %s history (seed %i) against the expected rates", (industry, seed) => {
  const comparisons = measure(industry, seed)

  it("has the truth's recipients in every group, and conversions within sampling noise of the expectation", async () => {
    const groups = await comparisons
    expect(groups.length).toBeGreaterThan(80)
    const zs: Array<number> = []
    for (const { expected, realised } of groups) {
      expect(realised?.recipients).toBe(expected.recipients)
      zs.push(zScore(realised?.conversions ?? 0, expected.recipients, expected.conversion_rate))
    }
    const mean = zs.reduce((sum, z) => sum + z, 0) / zs.length
    const meanSquare = zs.reduce((sum, z) => sum + z * z, 0) / zs.length
    expect(Math.max(...zs.map(Math.abs))).toBeLessThan(4.5)
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(zs.length))
    // Binomial variance bounds the variance of a sum of unequal Bernoullis, so the mean square is at most ~1.
    expect(meanSquare).toBeLessThan(1.4)
    expect(meanSquare).toBeGreaterThan(0.5)
  })

  it("pools unsubscribes and revenue close to their expectations", async () => {
    const groups = await comparisons
    let unsubscribes = 0
    let expectedUnsubscribes = 0
    let revenue = 0
    let expectedRevenue = 0
    for (const { expected, realised } of groups) {
      unsubscribes += realised?.unsubscribes ?? 0
      expectedUnsubscribes += expected.recipients * expected.unsubscribe_rate
      revenue += realised?.revenue ?? 0
      expectedRevenue += expected.recipients * expected.revenue_per_recipient
    }
    expect(expectedUnsubscribes).toBeGreaterThan(100)
    expect(Math.abs(unsubscribes - expectedUnsubscribes) / Math.sqrt(expectedUnsubscribes)).toBeLessThan(4)
    expect(Math.abs(revenue / expectedRevenue - 1)).toBeLessThan(0.05)
  })

  it("shows treated rates above control on average, up to about 2–3× for the best variants", async () => {
    const groups = await comparisons
    const control = groups.filter(({ expected }) => !("variant_id" in expected))
    const treated = groups.filter(({ expected }) => "variant_id" in expected)
    const rate = (list: typeof groups) =>
      list.reduce((sum, { expected }) => sum + expected.conversion_rate * expected.recipients, 0) /
      list.reduce((sum, { expected }) => sum + expected.recipients, 0)
    expect(rate(treated)).toBeGreaterThan(rate(control) * 1.15)
    const controlRates = control.map(({ expected }) => expected.conversion_rate)
    expect(Math.min(...controlRates)).toBeGreaterThan(0.004)
    expect(Math.max(...controlRates)).toBeLessThan(0.08)
  })
})
