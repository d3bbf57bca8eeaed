import { describe, expect, it } from "vitest"
import { accuracyFigures, type VariantComparison, withinCampaignTau } from "../../src/evaluation/accuracy.ts"

const row = (campaign: string, variant: string, predicted: number, actual: number): VariantComparison => ({
  campaign,
  variant,
  predicted,
  actual,
  predictedUplift: predicted - 0.02,
  actualUplift: actual - 0.02,
  interval: [predicted * 0.9, predicted * 1.1]
})

describe("accuracy figures", () => {
  it("ranks within campaigns only, and scores a forecast that ranks nothing 0", () => {
    const rows = [
      row("a", "1", 0.03, 0.031),
      row("a", "2", 0.04, 0.041),
      row("b", "1", 0.05, 0.02),
      row("b", "2", 0.06, 0.03)
    ]
    expect(withinCampaignTau(rows)).toBe(1) // across campaigns the order would disagree; within them it agrees
    expect(withinCampaignTau([row("a", "1", 0.03, 0.04), row("a", "2", 0.03, 0.05)])).toBe(0)
    expect(withinCampaignTau([row("a", "1", 0.04, 0.03), row("a", "2", 0.03, 0.05)])).toBe(-1)
    expect(withinCampaignTau([row("a", "1", 0.04, 0.03)])).toBeNaN()
  })

  it("counts within 10% relative, uplift error and interval coverage", () => {
    const figures = accuracyFigures([row("a", "1", 0.03, 0.0305), row("a", "2", 0.03, 0.04)])
    expect(figures.within10Percent).toBe(0.5)
    expect(figures.upliftMae).toBeCloseTo((0.0005 + 0.01) / 2, 12)
    expect(figures.intervalCoverage).toBe(0.5)
    expect(figures.campaigns).toBe(1)
  })
})
