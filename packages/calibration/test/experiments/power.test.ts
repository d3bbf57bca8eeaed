// Power and sample size against statsmodels.
import { describe, expect, it } from "vitest"
import { powerTwoProportions, sampleSizeTwoMeans, sampleSizeTwoProportions } from "../../src/experiments/power.ts"
import { ok } from "../support/result.ts"

// Expected values from statsmodels 0.15.0 and scipy 1.17.1, computed offline.

describe("power and sample size", () => {
  it("matches statsmodels' power_proportions_2indep and samplesize_proportions_2indep_onetail", () => {
    expect(ok(powerTwoProportions({ controlRate: 0.1, treatmentRate: 0.12, controlSize: 3000 }))).toBeCloseTo(
      0.6970498434409916,
      12
    )
    expect(ok(sampleSizeTwoProportions({ controlRate: 0.1, treatmentRate: 0.12, power: 0.8 }))).toBe(
      Math.ceil(3840.8474824362734)
    )
    expect(
      ok(sampleSizeTwoProportions({ controlRate: 0.08, treatmentRate: 0.05, power: 0.9, alpha: 0.01, ratio: 2 }))
    ).toBe(Math.ceil(1467.0538283011524))
    // NormalIndPower(d = 0.25) gives 251.16 (it also counts the far tail, which changes nothing here).
    expect(ok(sampleSizeTwoMeans({ difference: 0.25, standardDeviation: 1 }))).toBe(252)
  })

  it("power at the computed sample size reaches the target", () => {
    const n = ok(sampleSizeTwoProportions({ controlRate: 0.05, treatmentRate: 0.06, power: 0.9 }))
    expect(ok(powerTwoProportions({ controlRate: 0.05, treatmentRate: 0.06, controlSize: n }))).toBeGreaterThanOrEqual(
      0.9
    )
    expect(ok(powerTwoProportions({ controlRate: 0.05, treatmentRate: 0.06, controlSize: n - 5 }))).toBeLessThan(0.9)
  })
})
