// Seeded random numbers and matrix construction.
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { normalQuantile } from "../../src/internal/normal.ts"
import { createRng, sampleSortedIndices } from "../../src/internal/random.ts"
import { matrixFromRows } from "../../src/matrix.ts"

describe("seeded random numbers", () => {
  it("repeat for a seed, differ across seeds, and look uniform and normal", () => {
    const a = createRng(42)
    const b = createRng(42)
    const c = createRng(43)
    const first = Array.from({ length: 5 }, () => a.uniform())
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(first)
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(first)
    const rng = createRng(7)
    let sum = 0
    let sumSquares = 0
    const n = 200000
    for (let i = 0; i < n; i++) {
      const z = rng.normal()
      sum += z
      sumSquares += z * z
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01)
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(0.02)
    const buckets = new Array<number>(10).fill(0)
    for (let i = 0; i < n; i++) {
      const k = Math.floor(rng.uniform() * 10)
      buckets[k] = (buckets[k] ?? 0) + 1
    }
    for (const count of buckets) expect(Math.abs(count - n / 10)).toBeLessThan(600)
  })
  it("selection sampling returns exactly `count` sorted distinct indices", () => {
    const picked = sampleSortedIndices(1000, 137, createRng(1))
    expect(picked.length).toBe(137)
    for (let i = 1; i < picked.length; i++) expect(picked[i] ?? 0).toBeGreaterThan(picked[i - 1] ?? 0)
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

describe("normal quantile", () => {
  it("matches tabulated values (Acklam, |relative error| < 1.2e-9)", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8)
    expect(normalQuantile(0.5)).toBe(0)
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 8)
    expect(normalQuantile(1 - 1e-10)).toBeCloseTo(6.361340902404056, 7)
  })
})
