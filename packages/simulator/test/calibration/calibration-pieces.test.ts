// The pieces of `calibrate` on synthetic data: the campaign/time split, the SMM fit of κ, and the cell composite.
import { SeededRandom } from "@preflight/numeric"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { cellComposite } from "../../src/calibration/cell-composite.ts"
import { estimateSensitivity, MAX_KAPPA, type ResidualCell } from "../../src/calibration/estimate-sensitivity.ts"
import { type HistoryCell, splitCells } from "../../src/calibration/history-cells.ts"
import { intentScale } from "../../src/calibration/persona-training.ts"

const DAY = 86_400_000

const cell = (campaign: number, variant: number, segment: string, conversions = 20): HistoryCell => ({
  key: `c${campaign}/v${variant}/${segment}`,
  campaign: `c${campaign}`,
  sendMs: campaign * 7 * DAY,
  channel: "email",
  variant: `v${variant}`,
  text: `offer ${variant}`,
  segment,
  recipients: 1000,
  conversions,
  controlRecipients: 200,
  controlConversions: 3
})

describe("splitCells", () => {
  it("keeps every cell of a campaign on one side and trains only on campaigns sent before the first validation campaign", () => {
    const cells = [1, 2, 3, 4, 5, 6].flatMap((campaign) =>
      [0, 1].flatMap((variant) => ["a", "b"].map((segment) => cell(campaign, variant, segment)))
    )
    // Campaign 6 is a validation campaign, 4 is one too; 5 was sent between them and must not train.
    const { train, val } = splitCells(cells, new Set(["c4", "c6"]))
    const trainCampaigns = new Set(train.map((entry) => entry.campaign))
    const valCampaigns = new Set(val.map((entry) => entry.campaign))
    expect([...valCampaigns].sort()).toEqual(["c4", "c6"])
    expect([...trainCampaigns].sort()).toEqual(["c1", "c2", "c3"])
    for (const campaign of trainCampaigns) expect(valCampaigns.has(campaign)).toBe(false)
    expect(Math.max(...train.map((entry) => entry.sendMs))).toBeLessThan(Math.min(...val.map((entry) => entry.sendMs)))
    expect(val).toHaveLength(8)
  })
})

/** Groups of 3 variants sharing a level error; intents centred within each group. */
const syntheticResiduals = (kappa: number, seed: number, groups = 40): ReadonlyArray<ResidualCell> => {
  const random = new SeededRandom(seed)
  return Array.from({ length: groups }, (_, group) => {
    const levelError = 0.3 * random.normal()
    const raw = [0, 1, 2].map(() => random.uniform(-0.4, 0.4))
    const mean = raw.reduce((sum, value) => sum + value, 0) / raw.length
    return raw.map((value) => {
      const intent = value - mean
      const forecast = 0.03
      const recipients = 4000
      const logit = Math.log(forecast / (1 - forecast)) + levelError + kappa * intent + 0.05 * random.normal()
      const p = 1 / (1 + Math.exp(-logit))
      return { group: `g${group}`, forecast, intent, recipients, conversions: random.binomial(recipients, p) }
    })
  }).flat()
}

const VAGUE = { kappa: 0, standardDeviation: 100 }

describe("estimateSensitivity (SMM within groups, with a prior)", () => {
  it("recovers κ despite large level errors shared within groups, with a standard error that covers it", () => {
    const fitted = estimateSensitivity(syntheticResiduals(1.5, 7), 1, VAGUE)
    expect(Math.abs(fitted.kappaEstimate - 1.5)).toBeLessThan(3 * fitted.kappaEstimateStandardError + 0.05)
    expect(fitted.kappa).toBeGreaterThan(1)
    expect(fitted.kappaClipped).toBe(false)
  })

  it("combines the estimate with the prior by precision", () => {
    const cells = syntheticResiduals(1.5, 7)
    const vague = estimateSensitivity(cells, 1, VAGUE)
    const prior = { kappa: 0.25, standardDeviation: 0.25 }
    const combined = estimateSensitivity(cells, 1, prior)
    const se = vague.kappaEstimateStandardError
    const expected = (vague.kappaEstimate / se ** 2 + 0.25 / 0.25 ** 2) / (1 / se ** 2 + 1 / 0.25 ** 2)
    expect(combined.kappa).toBeCloseTo(expected, 6)
    expect(combined.kappa).toBeGreaterThan(0.25)
    expect(combined.kappa).toBeLessThan(vague.kappaEstimate)
  })

  it("keeps κ at 0 when the intents move against the outcomes, and is deterministic", () => {
    const against = syntheticResiduals(-1.5, 8)
    const fitted = estimateSensitivity(against, 1, VAGUE)
    expect(fitted.kappa).toBe(0)
    expect(fitted.kappaClipped).toBe(true)
    expect(estimateSensitivity(against, 1, VAGUE)).toEqual(fitted)
  })

  it("never exceeds MAX_KAPPA, and returns the prior when intents have no spread", () => {
    expect(estimateSensitivity(syntheticResiduals(40, 9), 1, VAGUE).kappa).toBeLessThanOrEqual(MAX_KAPPA)
    const flat = syntheticResiduals(1, 10).map((entry) => ({ ...entry, intent: 0 }))
    const fitted = estimateSensitivity(flat, 1, { kappa: 0.3, standardDeviation: 0.2 })
    expect(fitted.kappa).toBe(0.3)
    expect(fitted.kappaStandardError).toBe(0.2)
    expect(Number.isNaN(fitted.kappaEstimate)).toBe(true)
  })
})

describe("cellComposite", () => {
  it("scores forecasts at the truth above forecasts that are off in level and order", () => {
    const random = new SeededRandom(3)
    const truth = Array.from({ length: 40 }, (_, index) => 0.01 + 0.002 * index)
    const cells = truth.map((p) => ({ p, conversions: random.binomial(5000, p), recipients: 5000 }))
    const right = cellComposite(
      cells.map((entry, index) => ({
        group: `g${Math.floor(index / 4)}`,
        predicted: entry.p,
        conversions: entry.conversions,
        recipients: entry.recipients
      }))
    )
    const wrong = cellComposite(
      cells.map((entry, index) => ({
        group: `g${Math.floor(index / 4)}`,
        predicted: 0.5 * (truth[truth.length - 1 - index] as number),
        conversions: entry.conversions,
        recipients: entry.recipients
      }))
    )
    expect(Result.isSuccess(right) && Result.isSuccess(wrong)).toBe(true)
    if (!Result.isSuccess(right) || !Result.isSuccess(wrong)) return
    expect(right.success.total).toBeGreaterThan(0.9)
    expect(wrong.success.total).toBeLessThan(right.success.total - 0.2)
    expect(right.success.parts.map((part) => part.name)).toEqual(["ranking", "moments", "calibration"])
  })
})

describe("intentScale", () => {
  it("is the 90th percentile of |logit uplift| (never below the floor)", () => {
    const cells = [5, 10, 20, 40].map((conversions, index) => cell(index, 0, "a", conversions))
    const scale = intentScale(cells)
    expect(scale).toBeGreaterThan(1)
    expect(intentScale(cells.map((entry) => ({ ...entry, conversions: 15, controlConversions: 3 })))).toBeGreaterThan(0)
  })
})
