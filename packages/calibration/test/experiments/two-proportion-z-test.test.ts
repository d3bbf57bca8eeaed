// Two-proportion z-test against statsmodels.
import { describe, expect, it } from "vitest"
import { twoProportionZTest } from "../../src/experiments/two-proportion-z-test.ts"
import { failure, ok, relativelyClose } from "../support/result.ts"

// Expected values from statsmodels 0.15.0 and scipy 1.17.1, computed offline.

describe("twoProportionZTest", () => {
  it("matches statsmodels' proportions_ztest (pooled)", () => {
    const result = ok(
      twoProportionZTest({ control: { successes: 120, trials: 1000 }, treatment: { successes: 150, trials: 1000 } })
    )
    expect(result.z).toBeCloseTo(1.963049807622355, 12)
    expect(relativelyClose(result.pValue, 0.04964038686536878, 1e-12)).toBe(true)
    const other = ok(
      twoProportionZTest({ control: { successes: 52, trials: 389 }, treatment: { successes: 37, trials: 412 } })
    )
    expect(other.z).toBeCloseTo(-1.9745809698488255, 12)
    expect(relativelyClose(other.pValue, 0.04831572041206298, 1e-12)).toBe(true)
    expect(result.confidenceInterval[0]).toBeLessThan(result.difference)
  })

  it("gives statsmodels' one-sided p-values ('greater' is statsmodels' 'larger', 'less' its 'smaller')", () => {
    // statsmodels 0.15.0 proportions_ztest([150, 120], [1000, 1000], alternative="larger" | "smaller") and
    // proportions_ztest([37, 52], [412, 389], ...): count and nobs list the treatment arm first.
    const lift = { control: { successes: 120, trials: 1000 }, treatment: { successes: 150, trials: 1000 } }
    const greater = ok(twoProportionZTest(lift, { alternative: "greater" }))
    expect(greater.z).toBeCloseTo(1.963049807622355, 12)
    expect(relativelyClose(greater.pValue, 0.02482019343268439, 1e-12)).toBe(true)
    const less = ok(twoProportionZTest(lift, { alternative: "less" }))
    expect(relativelyClose(less.pValue, 0.9751798065673156, 1e-12)).toBe(true)
    const drop = { control: { successes: 52, trials: 389 }, treatment: { successes: 37, trials: 412 } }
    const dropGreater = ok(twoProportionZTest(drop, { alternative: "greater" }))
    expect(relativelyClose(dropGreater.pValue, 0.9758421397939685, 1e-12)).toBe(true)
    const dropLess = ok(twoProportionZTest(drop, { alternative: "less" }))
    expect(relativelyClose(dropLess.pValue, 0.02415786020603149, 1e-12)).toBe(true)
  })

  it("names impossible counts", () => {
    expect(
      failure(twoProportionZTest({ control: { successes: 5, trials: 3 }, treatment: { successes: 1, trials: 3 } }))
        .field
    ).toBe("control.successes")
  })
})
