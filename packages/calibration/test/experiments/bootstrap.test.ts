// Bootstrap intervals against scipy within Monte Carlo error, and their coverage.
import { describe, expect, it } from "vitest"
import { bootstrapConfidenceInterval } from "../../src/experiments/bootstrap.ts"
import { welchTTest } from "../../src/experiments/welch-t-test.ts"
import { failure, ok } from "../support/result.ts"

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits
const control = range(30).map((i) => round(10 + 3 * Math.sin(0.7 * i) + (i % 5) * 0.4, 4))
const treatment = range(23).map((i) => round(11 + 4.5 * Math.cos(0.5 * i) + (i % 3) * 0.6, 4))

// Expected values from statsmodels 0.15.0 and scipy 1.17.1, computed offline.

describe("bootstrapConfidenceInterval", () => {
  const data = range(40).map((i) => round(Math.exp(Math.sin(i * 1.3) * 0.9), 5))
  const mean = (values: Float64Array) => values.reduce((a, b) => a + b, 0) / values.length

  it("agrees with scipy.stats.bootstrap within Monte Carlo error (BCa and percentile)", () => {
    // scipy's own random stream differs, so the endpoints agree to resampling noise, not to the bit.
    const bca = ok(bootstrapConfidenceInterval({ samples: [data], statistic: mean, seed: 1 }))
    expect(Math.abs(bca.interval[0] - 1.0061317416652067)).toBeLessThan(0.015)
    expect(Math.abs(bca.interval[1] - 1.4473138352432136)).toBeLessThan(0.015)
    const percentile = ok(
      bootstrapConfidenceInterval({ samples: [data], statistic: mean, seed: 1, method: "percentile" })
    )
    expect(Math.abs(percentile.interval[0] - 0.9974232624999999)).toBeLessThan(0.015)
    expect(Math.abs(percentile.interval[1] - 1.4392644124999998)).toBeLessThan(0.015)
    // The skewed data make BCa shift right of the percentile interval, as in scipy.
    expect(bca.interval[0]).toBeGreaterThan(percentile.interval[0])
  })

  it("covers the true mean at about the nominal rate", () => {
    // 200 samples of n = 30 from an exponential(1); a 90 % BCa interval should miss about 10 % of the time.
    let state = 12345
    const uniform = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0
      return (state + 0.5) / 4294967296
    }
    let covered = 0
    for (let r = 0; r < 200; r++) {
      const sample = range(30).map(() => -Math.log(uniform()))
      const result = ok(
        bootstrapConfidenceInterval({ samples: [sample], statistic: mean, seed: r, resamples: 999, confidence: 0.9 })
      )
      if (result.interval[0] <= 1 && 1 <= result.interval[1]) covered++
    }
    expect(covered / 200).toBeGreaterThan(0.82)
    expect(covered / 200).toBeLessThan(0.96)
  })

  it("handles two samples and is reproducible for a seed", () => {
    const difference = (c: Float64Array, t: Float64Array) => mean(t) - mean(c)
    const first = ok(
      bootstrapConfidenceInterval({ samples: [control, treatment], statistic: difference, seed: 5, resamples: 2000 })
    )
    const again = ok(
      bootstrapConfidenceInterval({ samples: [control, treatment], statistic: difference, seed: 5, resamples: 2000 })
    )
    expect(again.interval).toEqual(first.interval)
    const welch = ok(welchTTest({ control, treatment }))
    expect(Math.abs(first.interval[0] - welch.confidenceInterval[0])).toBeLessThan(0.3)
    expect(failure(bootstrapConfidenceInterval({ samples: [[1]], statistic: mean, seed: 1 })).field).toBe("samples[0]")
  })
})
