import { describe, expect, it } from "@effect/vitest"
import { finalCandidateIndices, percentile, roundHalfEven } from "../../src/simba/simba.ts"

describe("SIMBA helpers", () => {
  it("numpy's linear percentile", () => {
    expect(percentile([1, 2, 3, 4], 10)).toBeCloseTo(1.3, 12)
    expect(percentile([4, 1, 3, 2], 90)).toBeCloseTo(3.7, 12)
    expect(percentile([0, 0, 1], 50)).toBe(0)
    expect(percentile([], 50)).toBe(0)
  })

  it("Python's round (half to even) and the evenly spaced final candidates", () => {
    expect([0.5, 1.5, 2.5, 2.4, 2.6, 3.5].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3, 4])
    expect(finalCandidateIndices(9, 7)).toEqual([0, 1, 3, 4, 5, 7, 8])
    expect(finalCandidateIndices(4, 7)).toEqual([0, 1, 2, 3])
    expect(finalCandidateIndices(1, 7)).toEqual([0])
  })
})
