// Kendall's tau-b against scipy (ties, exact and asymptotic p-values) and its properties.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { InvalidInput } from "../../src/errors.ts"
import { kendallExactPValue, kendallTau } from "../../src/ranking/kendall-tau.ts"
import { failure, ok, relativelyClose } from "../support/result.ts"

// Expected values computed offline with scipy 1.17.1 stats.kendalltau (variant "b", method "auto").
const x1 = [1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10]
const y1 = [2, 1, 3, 3, 5, 4, 4, 6, 6, 8, 7, 7, 10, 9, 10]
const x2 = [
  3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5, 0, 2, 8, 8, 4, 1, 9, 7
]
const y2 = [
  2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5, 2, 3, 5, 3, 6, 0, 2, 8, 7, 4, 7, 1, 3, 5, 2, 6, 6, 2, 4, 9, 7, 7, 5, 7
]
const x3 = [4.1, 2.2, 9.3, 1.4, 5.5, 7.6, 3.7, 8.8, 6.9, 0.5, 11.2, 10.1]
const y3 = [3.0, 1.5, 8.2, 2.1, 6.6, 5.9, 4.4, 9.9, 7.3, 0.2, 10.8, 12.5]
const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const x4 = range(50).map((i) => (i * 17) % 50)
const y4 = range(50).map((i) => Math.round(((x4[i] as number) + 15 * Math.sin(1.7 * i + 0.3)) * 1e6) / 1e6)
const x5 = range(300).map((i) => ((i * 7) % 5) + 1)
const y5 = range(300).map((i) =>
  Math.min(5, Math.max(1, (x5[i] as number) + ((i * 13) % 5) - 2 + (i % 11 === 0 ? 1 : 0)))
)
const x6 = range(5000).map((i) => ((i * 31) % 97) % 20)
const y6 = range(5000).map((i) => ((x6[i] as number) + ((i * 7) % 13)) % 20)

/** O(n²) tau-b straight from the definition, as an independent check of the merge-sort counting. */
const naiveTauB = (x: ReadonlyArray<number>, y: ReadonlyArray<number>): number => {
  let concordant = 0
  let discordant = 0
  let xTies = 0
  let yTies = 0
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < i; j++) {
      const dx = Math.sign((x[i] as number) - (x[j] as number))
      const dy = Math.sign((y[i] as number) - (y[j] as number))
      if (dx === 0) xTies++
      if (dy === 0) yTies++
      if (dx * dy > 0) concordant++
      if (dx * dy < 0) discordant++
    }
  }
  const total = (x.length * (x.length - 1)) / 2
  return (concordant - discordant) / Math.sqrt((total - xTies) * (total - yTies))
}

describe("kendallTau", () => {
  it("equals scipy's tau-b and p-value on vectors with ties (1e-12)", () => {
    const cases: Array<[ReadonlyArray<number>, ReadonlyArray<number>, number, number]> = [
      [x1, y1, 0.8944836555806989, 7.930564723352767e-6],
      [x2, y2, 0.13427565190617155, 0.26034250585642316],
      [x5, y5, 0.5523444510283306, 6.287653444639187e-28],
      [x6, y6, 0.02367098056754127, 0.01682599031879573]
    ]
    for (const [x, y, tau, p] of cases) {
      const result = ok(kendallTau(x, y))
      expect(result.method).toBe("asymptotic")
      expect(Math.abs(result.tau - tau)).toBeLessThanOrEqual(1e-12)
      expect(relativelyClose(result.pValue, p, 1e-10)).toBe(true)
    }
  })

  it("uses scipy's exact null distribution without ties and n ≤ 33", () => {
    const result = ok(kendallTau(x3, y3))
    expect(result.method).toBe("exact")
    expect(Math.abs(result.tau - 0.8181818181818181)).toBeLessThanOrEqual(1e-12)
    expect(relativelyClose(result.pValue, 4.4129288920955584e-5, 1e-12)).toBe(true)
    const less = ok(kendallTau(x3, y3, { alternative: "less" }))
    expect(relativelyClose(less.pValue, 0.9999918288373149, 1e-12)).toBe(true)
  })

  it("uses the asymptotic variance without ties above n = 33, and one-sided p-values", () => {
    const result = ok(kendallTau(x4, y4))
    expect(result.method).toBe("asymptotic")
    expect(Math.abs(result.tau - 0.6114285714285714)).toBeLessThanOrEqual(1e-12)
    expect(relativelyClose(result.pValue, 3.721597377428729e-10, 1e-10)).toBe(true)
    const greater = ok(kendallTau(x2, y2, { alternative: "greater" }))
    expect(relativelyClose(greater.pValue, 0.13017125292821158, 1e-10)).toBe(true)
  })

  it("exact p-values match the distribution's known small cases", () => {
    // n = 4: 24 permutations; P(C ≥ 6) = 1/24 so two-sided p for perfect agreement is 2/24.
    expect(kendallExactPValue(4, 6)).toBeCloseTo(2 / 24, 15)
    // One inversion among 4: 3 permutations have exactly 1 inversion → P(C ≥ 5) = 4/24, two-sided 8/24.
    expect(kendallExactPValue(4, 5)).toBeCloseTo(8 / 24, 15)
  })

  it("agrees with the O(n²) definition on random vectors with ties", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), {
          minLength: 3,
          maxLength: 60
        }),
        (pairs) => {
          const x = pairs.map((p) => p[0])
          const y = pairs.map((p) => p[1])
          const naive = naiveTauB(x, y)
          const result = kendallTau(x, y)
          if (!Number.isFinite(naive)) return result._tag === "Failure"
          return Math.abs(ok(result).tau - naive) <= 1e-12
        }
      ),
      { numRuns: 300, seed: 11 }
    )
  })

  it("is symmetric in its arguments and lies in [−1, 1]", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.double({ min: -5, max: 5, noNaN: true })), {
          minLength: 2,
          maxLength: 80
        }),
        (pairs) => {
          const x = pairs.map((p) => p[0])
          const y = pairs.map((p) => p[1])
          const forward = kendallTau(x, y)
          const backward = kendallTau(y, x)
          if (forward._tag === "Failure") return backward._tag === "Failure"
          const a = ok(forward)
          const b = ok(backward)
          return a.tau >= -1 && a.tau <= 1 && Math.abs(a.tau - b.tau) <= 1e-12 && Math.abs(a.pValue - b.pValue) <= 1e-12
        }
      ),
      { numRuns: 300, seed: 5 }
    )
  })

  it("is ±1 for identical and reversed orders (to the last bit scipy keeps: 0.9999999999999999)", () => {
    expect(ok(kendallTau([1, 2, 3, 4, 5], [10, 20, 30, 40, 50])).tau).toBe(0.9999999999999999)
    expect(ok(kendallTau([1, 2, 3, 4, 5], [5, 4, 3, 2, 1])).tau).toBe(-0.9999999999999999)
  })

  it("names the bad argument", () => {
    const constant = failure(kendallTau([1, 1, 1], [1, 2, 3]))
    expect(constant).toBeInstanceOf(InvalidInput)
    expect(constant.field).toBe("x")
    const nan = failure(kendallTau([1, Number.NaN, 3], [1, 2, 3]))
    expect(nan.field).toBe("x")
    expect(nan.index).toBe(1)
    expect(failure(kendallTau([1, 2, 3], [1, 2])).field).toBe("y")
  })
})
