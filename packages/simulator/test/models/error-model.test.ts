import { SeededRandom } from "@preflight/numeric"
import { describe, expect, it } from "vitest"
import { DEFAULT_ERROR_MODEL, fitErrorModel } from "../../src/models/error-model.ts"

const logit = (p: number) => Math.log(p / (1 - p))
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

/** Backtest arms whose true rates deviate from the predictions by known campaign and arm errors. */
const simulateArms = (campaignSd: number, armSd: number, seed: number) => {
  const random = new SeededRandom(seed)
  const arms = []
  for (let campaign = 0; campaign < 200; campaign++) {
    const shared = campaignSd * random.normal()
    for (let arm = 0; arm < 4; arm++) {
      const predicted = 0.02 + 0.03 * random.next()
      const truth = sigmoid(logit(predicted) + shared + armSd * random.normal())
      const recipients = 4000
      arms.push({ campaign, predicted, recipients, conversions: random.binomial(recipients, truth) })
    }
  }
  return arms
}

describe("fitErrorModel", () => {
  it("recovers the campaign and arm error after removing binomial noise", () => {
    const model = fitErrorModel(simulateArms(0.15, 0.1, 3))
    expect(model.campaignSd).toBeGreaterThan(0.11)
    expect(model.campaignSd).toBeLessThan(0.19)
    expect(model.armSd).toBeGreaterThan(0.06)
    expect(model.armSd).toBeLessThan(0.14)
  })

  it("does not mistake sampling noise for model error", () => {
    const model = fitErrorModel(simulateArms(0, 0, 4))
    // The floor (8%) and a prior worth 4 campaigns that 200 campaigns outweigh.
    expect(model.campaignSd).toBeLessThan(0.09)
    expect(model.armSd).toBeLessThan(0.09)
  })

  it("pools a small backtest with the default model instead of trusting a near-zero spread", () => {
    const small = fitErrorModel(simulateArms(0, 0, 6).slice(0, 16))
    expect(small.campaigns).toBe(4)
    expect(small.campaignSd).toBeGreaterThan(0.12)
    expect(small.armSd).toBeGreaterThan(0.08)
  })

  it("falls back to the documented default with too few campaigns", () => {
    expect(fitErrorModel(simulateArms(0.1, 0.1, 5).slice(0, 8))).toEqual(DEFAULT_ERROR_MODEL)
  })
})
