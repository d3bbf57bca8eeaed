// Kish effective sample size and design effect.
import { describe, expect, it } from "vitest"
import { kishDesignEffect, kishEffectiveSampleSize } from "../../src/raking/kish.ts"

describe("Kish effective sample size", () => {
  it("is n for equal weights and (Σw)²/Σw² otherwise", () => {
    expect(kishEffectiveSampleSize([2, 2, 2, 2])).toBe(4)
    expect(kishEffectiveSampleSize([1, 3])).toBeCloseTo(16 / 10, 15)
    expect(kishDesignEffect([1, 3])).toBeCloseTo(2 / 1.6, 15)
    expect(kishEffectiveSampleSize([0, 0])).toBe(0)
  })
})
