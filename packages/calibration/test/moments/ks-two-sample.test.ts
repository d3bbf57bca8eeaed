// Two-sample KS test against scipy and the reference's Hillstrom anchors.
import { describe, expect, it } from "vitest"
import { ksTwoSample } from "../../src/moments/ks-two-sample.ts"
import { failure, ok, relativelyClose } from "../support/result.ts"
import { hillstrom, itWithHillstrom } from "../support/shared-data.ts"

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const round = (value: number) => Math.round(value * 1e4) / 1e4
const vec = (n: number, a: number, b: number, c: number) =>
  range(n).map((i) => round(a * Math.sin(b * i + c) + 0.3 * Math.cos(0.37 * i)))

// scipy 1.17.1 stats.ks_2samp (method "auto"), computed offline on the same vectors.
describe("ksTwoSample", () => {
  it("exact p-value for equal sizes (closed form)", () => {
    const result = ok(
      ksTwoSample(
        vec(40, 1, 1.3, 0.2),
        vec(40, 1.1, 0.7, 1.1).map((x) => x + 0.35)
      )
    )
    expect(result.method).toBe("exact")
    expect(result.statistic).toBeCloseTo(0.275, 15)
    expect(relativelyClose(result.pValue, 0.09707484379785862, 1e-12)).toBe(true)
  })

  it("exact p-value for unequal sizes (lattice-path recursion)", () => {
    const small = ok(ksTwoSample(vec(37, 1, 1.9, 0.5), vec(55, 1.2, 0.4, 0)))
    expect(small.method).toBe("exact")
    expect(small.statistic).toBeCloseTo(0.228009828009828, 15)
    expect(relativelyClose(small.pValue, 0.17051200539948239, 1e-10)).toBe(true)
    const large = ok(
      ksTwoSample(
        vec(3000, 1, 0.77, 0.1),
        vec(2200, 1, 1.31, 0.4).map((x) => x * 1.05 + 0.02)
      )
    )
    expect(large.statistic).toBeCloseTo(0.04212121212121212, 15)
    expect(relativelyClose(large.pValue, 0.021404046872411063, 1e-9)).toBe(true)
  })

  it("handles ties across samples as scipy does", () => {
    const result = ok(
      ksTwoSample(
        range(30).map((i) => i % 7),
        range(45).map((i) => (i * 3) % 9)
      )
    )
    expect(result.statistic).toBeCloseTo(0.2, 15)
    expect(relativelyClose(result.pValue, 0.4315481889141385, 1e-10)).toBe(true)
  })

  it("switches to the finite-n Kolmogorov distribution above 10,000 values", () => {
    const result = ok(
      ksTwoSample(
        vec(12000, 1, 0.77, 0.1),
        vec(11000, 1, 1.31, 0.4).map((x) => x + 0.01)
      )
    )
    expect(result.method).toBe("asymptotic")
    expect(result.statistic).toBeCloseTo(0.008878787878787875, 15)
    expect(relativelyClose(result.pValue, 0.752659098798965, 1e-9)).toBe(true)
  })

  it("refuses empty or non-finite samples", () => {
    expect(failure(ksTwoSample([], [1, 2])).field).toBe("sample1")
    expect(failure(ksTwoSample([1, 2], [1, Number.POSITIVE_INFINITY])).index).toBe(1)
  })

  itWithHillstrom("reproduces the reference's Hillstrom drift anchors (ref_extra_out.txt C3)", () => {
    const rows = hillstrom()
    const history = (predicate: (row: (typeof rows)[number]) => boolean) =>
      rows.filter(predicate).map((row) => row.history)
    const newbie = ok(
      ksTwoSample(
        history((r) => r.newbie === 0),
        history((r) => r.newbie === 1)
      )
    )
    expect(Math.abs(newbie.statistic - 0.25131)).toBeLessThan(5e-6)
    expect(newbie.pValue).toBe(0)
    const randomized = ok(
      ksTwoSample(
        history((r) => r.segment === "No E-Mail"),
        history((r) => r.segment === "Womens E-Mail")
      )
    )
    expect(Math.abs(randomized.statistic - 0.00867)).toBeLessThan(5e-6)
    expect(Math.abs(randomized.pValue - 0.396)).toBeLessThan(5e-4)
    // Full precision from scipy 1.17.1 ks_2samp on the same data (asymptotic: kstwo.sf at n = 10,673).
    expect(Math.abs(randomized.statistic - 0.008670826848561963)).toBeLessThan(1e-15)
    expect(relativelyClose(randomized.pValue, 0.39633846772283987, 1e-12)).toBe(true)
    expect(Math.abs(newbie.statistic - 0.25130662020905925)).toBeLessThan(1e-15)
    const recency = ok(
      ksTwoSample(
        history((r) => r.recency <= 6),
        history((r) => r.recency > 6)
      )
    )
    expect(Math.abs(recency.statistic - 0.16498)).toBeLessThan(5e-6)
  })
})
