// Mann–Whitney U against scipy (exact, asymptotic, ties).
import { describe, expect, it } from "vitest"
import { mannWhitneyU } from "../../src/experiments/mann-whitney-u.ts"
import { ok, relativelyClose } from "../support/result.ts"

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits
const control = range(30).map((i) => round(10 + 3 * Math.sin(0.7 * i) + (i % 5) * 0.4, 4))
const treatment = range(23).map((i) => round(11 + 4.5 * Math.cos(0.5 * i) + (i % 3) * 0.6, 4))

// Expected values from statsmodels 0.15.0 and scipy 1.17.1, computed offline.

describe("mannWhitneyU", () => {
  it("matches scipy: asymptotic with continuity, exact for small samples, tie-corrected", () => {
    const asymptotic = ok(mannWhitneyU(treatment, control))
    expect(asymptotic.method).toBe("asymptotic")
    expect(asymptotic.u).toBe(354)
    expect(relativelyClose(asymptotic.pValue, 0.8787598304426912, 1e-12)).toBe(true)
    const a = [1.1, 2.3, 3.7, 4.2, 5.9, 6.1]
    const b = [0.5, 2.0, 2.9, 3.3, 4.8, 7.7, 8.1]
    const exact = ok(mannWhitneyU(a, b))
    expect(exact.method).toBe("exact")
    expect(exact.u).toBe(21)
    expect(exact.pValue).toBe(1)
    expect(ok(mannWhitneyU(a, b, { alternative: "greater" })).pValue).toBeCloseTo(0.5273892773892773, 14)
    const ties = ok(mannWhitneyU([1, 2, 2, 3, 3, 3, 4, 5], [2, 3, 4, 4, 5, 5, 6, 6, 7]))
    expect(ties.method).toBe("asymptotic")
    expect(ties.u).toBe(13.5)
    expect(relativelyClose(ties.pValue, 0.03175895714806371, 1e-12)).toBe(true)
  })
})
