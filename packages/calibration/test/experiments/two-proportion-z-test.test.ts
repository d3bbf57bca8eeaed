// Two-proportion z-test against statsmodels.
import { describe, expect, it } from "vitest"
import { twoProportionZTest } from "../../src/experiments/two-proportion-z-test.ts"
import { failure, ok, relativelyClose } from "../support/result.ts"

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits
const _control = range(30).map((i) => round(10 + 3 * Math.sin(0.7 * i) + (i % 5) * 0.4, 4))
const _treatment = range(23).map((i) => round(11 + 4.5 * Math.cos(0.5 * i) + (i % 3) * 0.6, 4))

// Expected values from statsmodels 0.15.0 and scipy 1.17.1, computed offline.

describe("twoProportionZTest", () => {
  it("matches statsmodels' proportions_ztest (pooled)", () => {
    const result = ok(twoProportionZTest({ successes: 120, trials: 1000 }, { successes: 150, trials: 1000 }))
    expect(result.z).toBeCloseTo(1.963049807622355, 12)
    expect(relativelyClose(result.pValue, 0.04964038686536878, 1e-12)).toBe(true)
    const other = ok(twoProportionZTest({ successes: 52, trials: 389 }, { successes: 37, trials: 412 }))
    expect(other.z).toBeCloseTo(-1.9745809698488255, 12)
    expect(relativelyClose(other.pValue, 0.04831572041206298, 1e-12)).toBe(true)
    expect(result.confidenceInterval[0]).toBeLessThan(result.difference)
  })

  it("names impossible counts", () => {
    expect(failure(twoProportionZTest({ successes: 5, trials: 3 }, { successes: 1, trials: 3 })).field).toBe(
      "control.successes"
    )
  })
})
