// Selection-based quantiles equal sort-based ones.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { quantileSorted } from "../../src/moments/descriptive.ts"
import { quantilesInPlace } from "../../src/moments/select.ts"

describe("quantilesInPlace", () => {
  it("returns exactly what sorting and numpy's linear rule return", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), {
          minLength: 1,
          maxLength: 300
        }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
        (values, probabilities) => {
          const sorted = Float64Array.from(values).sort()
          const selected = quantilesInPlace(Float64Array.from(values), probabilities)
          return probabilities.every((p, i) => selected[i] === quantileSorted(sorted, p))
        }
      ),
      { numRuns: 500, seed: 4 }
    )
  })

  it("handles long runs of ties (Likert-style answers) past the insertion-sort cutoff", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 17, maxLength: 3000 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        (values, probabilities) => {
          const sorted = Float64Array.from(values).sort()
          const selected = quantilesInPlace(Float64Array.from(values), probabilities)
          return probabilities.every((p, i) => selected[i] === quantileSorted(sorted, p))
        }
      ),
      { numRuns: 200, seed: 5 }
    )
  })

  it("copes with adversarial orders (sorted, reversed, all equal, organ pipe, sawtooth)", () => {
    const n = 5001
    const ascending = Float64Array.from({ length: n }, (_, i) => i)
    const organPipe = Float64Array.from({ length: n }, (_, i) => Math.min(i, n - 1 - i))
    expect(Array.from(quantilesInPlace(organPipe, [0.5, 0.9]))).toEqual([1250, 2250])
    const sawtooth = Float64Array.from({ length: n }, (_, i) => i % 100)
    expect(Array.from(quantilesInPlace(sawtooth, [0.5, 0.9]))).toEqual([49, 89])
    expect(Array.from(quantilesInPlace(Float64Array.from(ascending), [0.5, 0.9]))).toEqual([2500, 4500])
    expect(Array.from(quantilesInPlace(Float64Array.from(ascending).reverse(), [0.5]))).toEqual([2500])
    expect(Array.from(quantilesInPlace(new Float64Array(n).fill(3), [0.1, 0.99]))).toEqual([3, 3])
  })
})
