// The seeds' moment-matching score.
import { describe, expect, it } from "vitest"
import { momentMatchingScore } from "../../src/moments/moment-matching.ts"
import { closeTo, ok } from "../support/result.ts"

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits
const v = range(101).map((i) => round(Math.exp(0.8 * Math.sin(1.1 * i) + 0.5 * Math.cos(0.3 * i)), 6))
const w = range(60).map((i) => round(0.5 + Math.sin(0.9 * i) ** 2, 6))

// numpy 2.4.6 / scipy 1.17.1 on the same vectors, computed offline.

describe("momentMatchingScore (the seeds' formula)", () => {
  it("reproduces 1 − mean relative error of mean, std and skew", () => {
    const result = ok(momentMatchingScore(v, w))
    expect(closeTo(result.score, 0.41404117695355025, 1e-12)).toBe(true)
    expect(closeTo(result.relativeErrors.mean, 0.1988486803491035, 1e-12)).toBe(true)
    expect(closeTo(result.relativeErrors.std, 0.566887043110083, 1e-12)).toBe(true)
    expect(closeTo(result.relativeErrors.skew, 0.9921407456801629, 1e-12)).toBe(true)
    expect(ok(momentMatchingScore(v, v)).score).toBe(1)
  })
})

describe("momentMatchingScore with the bounded skew error", () => {
  it("scales the skew difference by 1 + |skew|, and leaves mean and std as the seeds' relative errors", () => {
    const seed = ok(momentMatchingScore(v, w))
    const bounded = ok(momentMatchingScore(v, w, { skewError: "bounded" }))
    expect(bounded.relativeErrors.mean).toBe(seed.relativeErrors.mean)
    expect(bounded.relativeErrors.std).toBe(seed.relativeErrors.std)
    const expected = Math.abs(seed.actual.skew - seed.simulated.skew) / (1 + Math.abs(seed.actual.skew))
    expect(closeTo(bounded.relativeErrors.skew, expected, 1e-15)).toBe(true)
  })

  it("does not turn a small skew difference of nearly symmetric outcomes into a negative score", () => {
    // Symmetric actual outcomes (skew 0) against the same values slightly skewed: mean and spread nearly match.
    const symmetric = range(41).map((i) => i + 30)
    const skewed = symmetric.map((x) => x + (x > 65 ? 3 : 0))
    expect(ok(momentMatchingScore(symmetric, skewed)).score).toBeLessThan(0)
    expect(ok(momentMatchingScore(symmetric, skewed, { skewError: "bounded" })).score).toBeGreaterThan(0.8)
  })
})
