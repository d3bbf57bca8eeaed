// Student's t survival function and quantile against scipy.
import { describe, expect, it } from "vitest"
import { studentTCdf, studentTQuantile, studentTSf } from "../../src/special/student-t.ts"
import { relativelyClose } from "../support/result.ts"

// scipy 1.17.1 (stats.t, special.gammaln, special.betainc), computed offline.
describe("Student's t and its building blocks", () => {
  it("survival function matches scipy (fractional degrees of freedom included)", () => {
    const cases: Array<[number, number, number]> = [
      [0.5, 3, 0.3257239824240755],
      [2.1, 7.5, 0.035618535729039044],
      [10, 4, 0.0002810018113579955],
      [-1.3, 20, 0.8958077522433066],
      [3.2, 1000.7, 0.0007087538855475359],
      [0.01, 2, 0.4964645544791005],
      [40, 60, 2.8777402433136926e-45],
      [7.5, 2.5, 0.004476028287466082]
    ]
    for (const [t, v, expected] of cases) expect(relativelyClose(studentTSf(t, v), expected, 1e-12)).toBe(true)
    expect(studentTCdf(1.3, 20)).toBeCloseTo(0.8958077522433066, 14)
  })

  it("quantile matches scipy", () => {
    const cases: Array<[number, number, number]> = [
      [0.975, 3, 3.1824463052837078],
      [0.9, 12.5, 1.3530668727547326],
      [0.001, 40, -3.3068777140858225],
      [0.999999, 5, 24.771029720372493],
      [0.6, 1.5, 0.30074539256979543]
    ]
    for (const [p, v, expected] of cases) expect(relativelyClose(studentTQuantile(p, v), expected, 1e-12)).toBe(true)
  })
})
