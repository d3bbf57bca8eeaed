// Sampling helpers over the shared generator, and matrix construction.

import { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { sampleSortedIndices } from "../../src/internal/random.ts"
import { matrixFromRows } from "../../src/matrix.ts"

describe("sampling helpers", () => {
  it("selection sampling returns exactly `count` sorted distinct indices, the same for a seed", () => {
    const picked = sampleSortedIndices(1000, 137, new SeededRandom(1))
    expect(picked.length).toBe(137)
    for (let i = 1; i < picked.length; i++) expect(picked[i] ?? 0).toBeGreaterThan(picked[i - 1] ?? 0)
    expect(sampleSortedIndices(1000, 137, new SeededRandom(1))).toEqual(picked)
    expect(sampleSortedIndices(1000, 137, new SeededRandom(2))).not.toEqual(picked)
  })
})

describe("matrix construction", () => {
  it("rejects ragged rows and non-finite values with their row", () => {
    expect(Effect.runSync(Effect.flip(matrixFromRows([[1, 2], [3]]))).row).toBe(1)
    expect(
      Effect.runSync(
        Effect.flip(
          matrixFromRows([
            [1, 2],
            [3, Number.NaN]
          ])
        )
      ).message
    ).toContain("column 1")
    expect(
      Effect.runSync(
        matrixFromRows([
          [1, 2],
          [3, 4]
        ])
      ).values
    ).toEqual(Float64Array.of(1, 2, 3, 4))
  })
})
