// The special functions against values from SciPy (scipy.special.betainc / betaincinv, gammaln, digamma).
import { describe, expect, it } from "vitest"
import { betaQuantile, digamma, logGamma, regularizedBeta } from "../../src/internal/special-functions.ts"

describe("special functions", () => {
  it("log-gamma and digamma", () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247001, 9)
    expect(logGamma(10)).toBeCloseTo(12.801827480081469, 9)
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 9)
    expect(digamma(0.3)).toBeCloseTo(-3.502524222200133, 9)
  })

  it("the regularized incomplete beta and its inverse", () => {
    expect(regularizedBeta(0.3, 2, 5)).toBeCloseTo(0.579825, 6)
    expect(regularizedBeta(0.9, 0.5, 0.5)).toBeCloseTo(0.7951672353008665, 9)
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
})
