// The Beta quantile inverts @preflight/numeric's regularized incomplete beta to 1e-9, shapes below and above 1.
import { regularizedBeta } from "@preflight/numeric"
import { describe, expect, it } from "vitest"
import { betaQuantile } from "../../src/internal/beta-quantile.ts"

describe("betaQuantile", () => {
  it("inverts the regularized incomplete beta", () => {
    for (const [a, b] of [
      [6, 4],
      [0.5, 0.5],
      [0.4, 3],
      [30, 2]
    ] as const) {
      for (const p of [1e-6, 0.01, 0.3, 0.5, 0.9, 0.999]) {
        expect(regularizedBeta(betaQuantile(p, a, b), a, b), `${a},${b},${p}`).toBeCloseTo(p, 9)
      }
    }
  })
  it("matches SciPy's betaincinv at a few points", () => {
    // scipy.special.betaincinv(2, 5, 0.579825) ≈ 0.3; betaincinv(0.5, 0.5, 0.5) = 0.5.
    expect(betaQuantile(0.579825, 2, 5)).toBeCloseTo(0.3, 5)
    expect(betaQuantile(0.5, 0.5, 0.5)).toBeCloseTo(0.5, 9)
  })
})
