// The logit-shift mapping from a persona intent delta to a probability.
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { intentsToProbabilities, intentToProbability, probabilityToIntentKernel } from "../src/intent-to-probability.ts"

describe("intentToProbability", () => {
  it("is the logit shift σ(logit(p₀) + bias + sensitivity·δ)", () => {
    const p = Effect.runSync(intentToProbability(0.4, 0.05, { sensitivity: 1.3, bias: -0.1 }))
    const expected = 1 / (1 + Math.exp(-(Math.log(0.05 / 0.95) - 0.1 + 1.3 * 0.4)))
    expect(p).toBeCloseTo(expected, 15)
    expect(Effect.runSync(intentToProbability(0, 0.2))).toBeCloseTo(0.2, 15)
  })
  it("is monotone in δ, stays in (0, 1) and inverts", () => {
    let previous = 0
    for (let delta = -1; delta <= 1; delta += 0.25) {
      const p = Effect.runSync(intentToProbability(delta, 0.3, { sensitivity: 2 }))
      expect(p).toBeGreaterThan(previous)
      previous = p
      expect(probabilityToIntentKernel(p, 0.3, { sensitivity: 2, bias: 0, epsilon: 1e-6 })).toBeCloseTo(delta, 10)
    }
    expect(Effect.runSync(intentToProbability(1, 1))).toBeLessThan(1)
  })
  it("rejects out-of-range deltas and baselines with the row", () => {
    expect(Effect.runSync(Effect.flip(intentToProbability(1.5, 0.2))).field).toBe("delta")
    const failure = Effect.runSync(Effect.flip(intentsToProbabilities([0, 0.5], [0.2, 1.2])))
    expect(failure.field).toBe("baselines")
    expect(failure.row).toBe(1)
  })
})
