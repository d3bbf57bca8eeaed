// Persona weights raked to the segment's margins: a sample that over-represents a lifecycle stage is weighted
// back to the population's shares; categories the sample lacks are left out; equal weights when nothing varies.
import { describe, expect, it } from "vitest"
import type { StoredFit } from "../../src/persistence/fit-store.ts"
import { rakedWeights } from "../../src/simulation/grounded-personas.ts"

const NAMES = ["lifecycle=active", "lifecycle=lapsed", "value_tier=high", "value_tier=low", "tenure"]

/** A fit with only what raking reads: the customer columns' names and values. */
const fitOf = (rows: ReadonlyArray<ReadonlyArray<number>>): StoredFit =>
  ({
    backbone: {
      layout: { names: NAMES, customerCols: NAMES.length },
      states: { values: Float64Array.from(rows.flat()) }
    }
  }) as unknown as StoredFit

// 100 customers: 80 active (half high value), 20 lapsed (all low value).
const rows = Array.from({ length: 100 }, (_, index) =>
  index < 80 ? [1, 0, index % 2 === 0 ? 1 : 0, index % 2 === 0 ? 0 : 1, 3] : [0, 1, 0, 1, 1]
)
const population = rows.map((_, index) => index)

describe("rakedWeights", () => {
  it("weights a 5 + 5 sample back to the population's 80/20 lifecycle split, summing to the population", () => {
    const sample = [0, 1, 2, 3, 4, 80, 81, 82, 83, 84]
    const weights = rakedWeights(fitOf(rows), sample, population)
    const active = weights.slice(0, 5).reduce((sum, weight) => sum + weight, 0)
    const lapsed = weights.slice(5).reduce((sum, weight) => sum + weight, 0)
    expect(active + lapsed).toBeCloseTo(100, 6)
    expect(active / 100).toBeCloseTo(0.8, 4)
    // Value tier too: among all 100, 40 are high value; the sample's high-value members (0, 2, 4) carry 40.
    expect((weights[0] as number) + (weights[2] as number) + (weights[4] as number)).toBeCloseTo(40, 3)
  })

  it("gives equal weights when the sample has one category of everything", () => {
    const weights = rakedWeights(fitOf(rows), [80, 81, 82, 83], population)
    expect(weights).toEqual([25, 25, 25, 25])
  })
})
