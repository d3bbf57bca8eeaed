// Welch's t-test against scipy.
import { describe, expect, it } from "vitest"
import { welchTTest } from "../../src/experiments/welch-t-test.ts"
import { ok, relativelyClose } from "../support/result.ts"

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits
const control = range(30).map((i) => round(10 + 3 * Math.sin(0.7 * i) + (i % 5) * 0.4, 4))
const treatment = range(23).map((i) => round(11 + 4.5 * Math.cos(0.5 * i) + (i % 3) * 0.6, 4))

// Expected values from statsmodels 0.15.0 and scipy 1.17.1, computed offline.

describe("welchTTest", () => {
  it("matches scipy's ttest_ind(treatment, control, equal_var=False), interval included", () => {
    const result = ok(welchTTest({ control, treatment }))
    expect(result.t).toBeCloseTo(0.4007617192417834, 12)
    expect(result.degreesOfFreedom).toBeCloseTo(37.73075595021384, 10)
    expect(relativelyClose(result.pValue, 0.6908560176299974, 1e-11)).toBe(true)
    expect(result.confidenceInterval[0]).toBeCloseTo(-1.2922724812433397, 10)
    expect(result.confidenceInterval[1]).toBeCloseTo(1.9300301624027572, 10)
  })
})
