// The seeds' normalized ranking accuracy (tau + 1) / 2.
import { describe, expect, it } from "vitest"
import { rankingAccuracy } from "../../src/ranking/ranking-accuracy.ts"
import { ok } from "../support/result.ts"

// The Spearman test's ties example; tau-b 0.8944836555806989 is scipy 1.17.1 stats.kendalltau (offline).
const x1 = [1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10]
const y1 = [2, 1, 3, 3, 5, 4, 4, 6, 6, 8, 7, 7, 10, 9, 10]

describe("rankingAccuracy", () => {
  it("is (tau + 1)/2 as in the seeds", () => {
    const result = ok(rankingAccuracy(x1, y1))
    expect(result.score).toBeCloseTo((0.8944836555806989 + 1) / 2, 12)
    expect(ok(rankingAccuracy([1, 2, 3], [3, 2, 1])).score).toBeCloseTo(0, 15)
    expect(ok(rankingAccuracy([1, 2, 3], [1, 2, 3])).score).toBeCloseTo(1, 15)
    expect(ok(rankingAccuracy([1, 2, 3, 4], [2, 1, 4, 3])).score).toBeCloseTo((1 / 3 + 1) / 2, 15)
  })
})
