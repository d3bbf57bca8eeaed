// Wasserstein-1 against scipy.
import { describe, expect, it } from "vitest"
import { wasserstein1 } from "../../src/moments/wasserstein.ts"
import { closeTo, ok } from "../support/result.ts"

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits
const v = range(101).map((i) => round(Math.exp(0.8 * Math.sin(1.1 * i) + 0.5 * Math.cos(0.3 * i)), 6))
const w = range(60).map((i) => round(0.5 + Math.sin(0.9 * i) ** 2, 6))

// numpy 2.4.6 / scipy 1.17.1 on the same vectors, computed offline.

describe("wasserstein1", () => {
  it("matches scipy.stats.wasserstein_distance, weighted and unweighted", () => {
    expect(closeTo(ok(wasserstein1(v, w)), 0.32311032079207924, 1e-13)).toBe(true)
    const weighted = ok(
      wasserstein1(v.slice(0, 60), w, {
        uWeights: range(60).map((i) => 1 + (i % 3)),
        vWeights: range(60).map((i) => 2 + (i % 5))
      })
    )
    expect(closeTo(weighted, 0.3440666458333333, 1e-13)).toBe(true)
  })

  it("is the shift between a distribution and its translate", () => {
    expect(ok(wasserstein1([0, 1, 3], [5, 6, 8]))).toBe(5)
    expect(ok(wasserstein1(v, v))).toBe(0)
  })
})
