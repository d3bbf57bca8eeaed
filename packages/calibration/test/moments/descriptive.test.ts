// Descriptive moments against numpy and scipy with the conventions stated.
import { describe, expect, it } from "vitest"
import { mean, median, quantile, skewness, standardDeviation } from "../../src/moments/descriptive.ts"
import { closeTo, failure, ok } from "../support/result.ts"

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits
const v = range(101).map((i) => round(Math.exp(0.8 * Math.sin(1.1 * i) + 0.5 * Math.cos(0.3 * i)), 6))

// numpy 2.4.6 / scipy 1.17.1 on the same vectors, computed offline.

describe("descriptive moments", () => {
  it("match numpy and scipy, with the conventions stated", () => {
    expect(closeTo(ok(mean(v)), 1.2411309504950494, 1e-14)).toBe(true)
    expect(closeTo(ok(standardDeviation(v)), 0.8214786170721667, 1e-14)).toBe(true)
    expect(closeTo(ok(standardDeviation(v, { ddof: 1 })), 0.8255757926985672, 1e-14)).toBe(true)
    expect(closeTo(ok(skewness(v)), 1.0409754619938218, 1e-13)).toBe(true)
    expect(closeTo(ok(skewness(v, { convention: "sample" })), 1.0567347391592692, 1e-13)).toBe(true)
    expect(ok(median(v))).toBe(1.021561)
    expect(ok(quantile(v, 0.9))).toBe(2.633425)
    expect(ok(quantile(v, 0.37))).toBe(0.795349)
    expect(ok(quantile(v, 0))).toBe(0.273901)
  })

  it("interpolates quantiles linearly between order statistics (numpy's default)", () => {
    expect(ok(quantile([1, 2, 3, 4], 0.5))).toBe(2.5)
    expect(ok(quantile([10, 0], 0.25))).toBe(2.5)
  })

  it("calls data constant by scipy's rule m₂ ≤ (eps·mean)², eps = 2⁻⁵², not by a 1e-15 resolution", () => {
    // scipy 1.17.1: stats.skew([1, 1, 1 + 4 * eps]) = 1.186893108788849 (m₂ ≈ 3.7 (eps·mean)², which the
    // 1e-15 rule would call constant), stats.skew([1, 1, 1, 1 + 8 * eps]) = 1.1547005383792515, and
    // stats.skew([1, 1, 1 + eps]) = nan, with eps = np.finfo(float).eps.
    const eps = Number.EPSILON
    expect(ok(skewness([1, 1, 1 + 4 * eps]))).toBe(1.186893108788849)
    expect(ok(skewness([1, 1, 1, 1 + 8 * eps]))).toBe(1.1547005383792515)
    expect(failure(skewness([1, 1, 1 + eps])).field).toBe("values")
  })

  it("refuses constant data for skewness and bad probabilities for quantiles", () => {
    expect(failure(skewness([2, 2, 2])).field).toBe("values")
    expect(failure(quantile([1, 2], 1.5)).field).toBe("probability")
    expect(failure(mean([])).reason).toContain("at least 1")
  })
})
