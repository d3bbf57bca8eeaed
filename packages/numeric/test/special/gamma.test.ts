// Log-gamma, log-beta and the incomplete beta against scipy and mpmath.
import { describe, expect, it } from "vitest"
import { logBeta, logGamma, regularizedBeta } from "../../src/special/gamma.ts"

/** |actual − expected| ≤ tolerance·max(1, |expected|): relative for large values, absolute near zero. */
const closeTo = (actual: number, expected: number, tolerance: number): boolean =>
  Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected))

/** Relative closeness (for tiny values). */
const relativelyClose = (actual: number, expected: number, tolerance: number): boolean =>
  expected === 0 ? Math.abs(actual) <= tolerance : Math.abs(actual - expected) / Math.abs(expected) <= tolerance

// scipy 1.17.1 special.gammaln / betaln / betainc, and mpmath at 40 digits where scipy is less accurate.
describe("log-gamma, log-beta and the incomplete beta", () => {
  it("log-gamma and the incomplete beta match scipy", () => {
    const gammas: Array<[number, number]> = [
      [0.1, 2.252712651734206],
      [0.7, 0.2608672465316665],
      [2.5, 0.2846828704729192],
      [9.99, 12.779315214350195],
      [10, 12.801827480081469],
      [150.3, 601.5119608335364],
      [1e5, 1051287.7089736569],
      [1e-8, 18.42068073818021]
    ]
    for (const [x, expected] of gammas) expect(closeTo(logGamma(x), expected, 1e-14)).toBe(true)
    expect(logGamma(1)).toBeCloseTo(0, 15)
    const betas: Array<[number, number, number, number]> = [
      [0.3, 2, 3, 0.34829999999999994],
      [0.999, 50, 0.5, 0.7523690199653766],
      [0.01, 0.5, 0.5, 0.06376856085851985],
      [0.5, 200, 300, 0.9999964565197356],
      [0.2, 1e-3, 5, 0.9997834456464277]
    ]
    for (const [x, a, b, expected] of betas)
      expect(relativelyClose(regularizedBeta(x, a, b), expected, 1e-13)).toBe(true)
  })

  it("log-beta avoids the cancellation of large log-gammas (mpmath values)", () => {
    expect(relativelyClose(logBeta(3, 20000), -29.017465470798815, 1e-15)).toBe(true)
    expect(relativelyClose(logBeta(0.5, 5000), -3.68620665278346, 1e-14)).toBe(true)
  })
})
