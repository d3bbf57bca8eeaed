// The seeds' normalized ranking accuracy (tau + 1) / 2.
import { describe, expect, it } from "vitest"
import { rankingAccuracy } from "../../src/ranking/ranking-accuracy.ts"
import { ok } from "../support/result.ts"

// scipy 1.17.1 stats.spearmanr, computed offline.
const x1 = [1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10]
const y1 = [2, 1, 3, 3, 5, 4, 4, 6, 6, 8, 7, 7, 10, 9, 10]
const _x2 = [
  3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5, 0, 2, 8, 8, 4, 1, 9, 7
]
const _y2 = [
  2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5, 2, 3, 5, 3, 6, 0, 2, 8, 7, 4, 7, 1, 3, 5, 2, 6, 6, 2, 4, 9, 7, 7, 5, 7
]

describe("rankingAccuracy", () => {
  it("is (tau + 1)/2 as in the seeds", () => {
    const result = ok(rankingAccuracy(x1, y1))
    expect(result.score).toBeCloseTo((0.8944836555806989 + 1) / 2, 12)
    expect(ok(rankingAccuracy([1, 2, 3], [3, 2, 1])).score).toBeCloseTo(0, 15)
    expect(ok(rankingAccuracy([1, 2, 3], [1, 2, 3])).score).toBeCloseTo(1, 15)
    expect(ok(rankingAccuracy([1, 2, 3, 4], [2, 1, 4, 3])).score).toBeCloseTo((1 / 3 + 1) / 2, 15)
  })
})
