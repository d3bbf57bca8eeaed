import { describe, expect, it } from "vitest"
import {
  armRateAt,
  type BlendArm,
  blendedUplift,
  chooseBlendWeight,
  MIN_MODEL_WEIGHT,
  MODEL_ONLY
} from "../../src/models/uplift-blend.ts"

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))
const logit = (p: number) => Math.log(p / (1 - p))

/** An arm of `n` identical members whose realised rate comes from a known true uplift. */
const arm = (modelUplift: number, historical: number, trueUplift: number, n = 1000): BlendArm => {
  const base = logit(0.03)
  return {
    recipients: n,
    realized: sigmoid(base + trueUplift),
    baselineLogit: new Float64Array(n).fill(base),
    modelUplift: new Float64Array(n).fill(modelUplift),
    historicalUplift: new Float64Array(n).fill(historical)
  }
}

describe("uplift blend", () => {
  it("mixes on the logit scale and falls back to the model where the history has no average", () => {
    const blend = { weight: 0.25, historical: { email: { loyal: 0.4 } } }
    expect(blendedUplift(blend, "email", "loyal", 0.8)).toBeCloseTo(0.25 * 0.8 + 0.75 * 0.4, 12)
    expect(blendedUplift(blend, "email", "new", 0.8)).toBe(0.8)
    expect(blendedUplift(MODEL_ONLY, "email", "loyal", 0.8)).toBe(0.8)
    expect(armRateAt(arm(0.8, 0.4, 0), 0.5)).toBeCloseTo(sigmoid(logit(0.03) + 0.6), 12)
  })

  it("keeps the model when it reads the creatives right, and the history when the model's spread is noise", () => {
    // True uplift varies by creative and the model tracks it: weight 1.
    const informative = [0.1, 0.3, 0.5, 0.7, 0.2, 0.6].map((truth) => arm(truth, 0.4, truth))
    expect(chooseBlendWeight(informative)).toBe(1)
    // The model's uplift is noise around a constant true uplift: the history's average wins, as far as the
    // floor lets it (the variants must stay apart).
    const noisy = [0.1, 0.7, 0.2, 0.6, 0.0, 0.8].map((model) => arm(model, 0.4, 0.4))
    expect(chooseBlendWeight(noisy)).toBe(MIN_MODEL_WEIGHT)
    // Half signal, half noise: somewhere between.
    const mixed = [0.1, 0.7, 0.2, 0.6, 0.0, 0.8].map((model) => arm(model, 0.4, 0.4 + (model - 0.4) / 2))
    expect(chooseBlendWeight(mixed)).toBeCloseTo(0.5, 1)
    // Too few arms to choose: the model alone.
    expect(chooseBlendWeight(noisy.slice(0, 3))).toBe(1)
  })
})
