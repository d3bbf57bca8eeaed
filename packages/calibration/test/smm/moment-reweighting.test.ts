// Entropy-balancing persona weights hit target moments or say they cannot.

import { SeededRandom } from "@preflight/numeric"
import { describe, expect, it } from "vitest"
import { TargetMomentsUnreachable } from "../../src/errors.ts"
import { reweightToMoments } from "../../src/smm/moment-reweighting.ts"
import { failure, ok } from "../support/result.ts"

describe("reweightToMoments (entropy balancing)", () => {
  it("re-weights personas to a target mean and variance exactly", () => {
    const random = new SeededRandom(21)
    // Simulated intent of 500 personas: too compressed (sd 0.1) around 0.2; the target spread is 0.15 at 0.25.
    const intents = Array.from({ length: 500 }, () => 0.2 + 0.1 * random.normal())
    const targetMean = 0.25
    const targetSd = 0.15
    const result = ok(
      reweightToMoments({
        features: intents.map((x) => [x, x * x]),
        targets: [targetMean, targetSd ** 2 + targetMean ** 2]
      })
    )
    const weights = result.weights
    let mean = 0
    for (let i = 0; i < intents.length; i++) mean += (weights[i] as number) * (intents[i] as number)
    let variance = 0
    for (let i = 0; i < intents.length; i++) variance += (weights[i] as number) * ((intents[i] as number) - mean) ** 2
    expect(mean).toBeCloseTo(targetMean, 10)
    expect(Math.sqrt(variance)).toBeCloseTo(targetSd, 10)
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    expect(weights.every((w) => w > 0)).toBe(true)
    expect(result.effectiveSampleSize).toBeLessThan(500)
    expect(result.effectiveSampleSize).toBeGreaterThan(50)
  })

  it("leaves base weights alone when they already match, and respects them otherwise", () => {
    const features = [[0], [1], [2], [3]]
    const same = ok(reweightToMoments({ features, targets: [1.5] }))
    Array.from(same.weights).forEach((w) => {
      expect(w).toBeCloseTo(0.25, 12)
    })
    const tilted = ok(reweightToMoments({ features, targets: [1.5], baseWeights: [4, 1, 1, 4] }))
    expect(tilted.weights[0]).toBeCloseTo(0.4, 12)
  })

  it("says when the targets lie outside what the units can reach", () => {
    const error = failure(reweightToMoments({ features: [[0], [1], [2]], targets: [2.5] }))
    expect(error).toBeInstanceOf(TargetMomentsUnreachable)
    expect(failure(reweightToMoments({ features: [[0, 1], [1]], targets: [0.5, 0.5] }))).toMatchObject({
      field: "features",
      index: 1
    })
  })
})
