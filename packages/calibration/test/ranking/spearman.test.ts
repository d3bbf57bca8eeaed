// Spearman's rho and p-value against scipy.
import { describe, expect, it } from "vitest"
import { spearman } from "../../src/ranking/spearman.ts"
import { failure, ok, relativelyClose } from "../support/result.ts"

// scipy 1.17.1 stats.spearmanr, computed offline.
const x1 = [1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10]
const y1 = [2, 1, 3, 3, 5, 4, 4, 6, 6, 8, 7, 7, 10, 9, 10]
const x2 = [
  3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5, 0, 2, 8, 8, 4, 1, 9, 7
]
const y2 = [
  2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5, 2, 3, 5, 3, 6, 0, 2, 8, 7, 4, 7, 1, 3, 5, 2, 6, 6, 2, 4, 9, 7, 7, 5, 7
]

describe("spearman", () => {
  it("equals scipy's rho and p-value with ties", () => {
    const first = ok(spearman(x1, y1))
    expect(Math.abs(first.rho - 0.9720232441841351)).toBeLessThanOrEqual(1e-12)
    expect(relativelyClose(first.pValue, 1.4736093672007984e-9, 1e-9)).toBe(true)
    const second = ok(spearman(x2, y2))
    expect(Math.abs(second.rho - 0.17300281684699836)).toBeLessThanOrEqual(1e-12)
    expect(relativelyClose(second.pValue, 0.2857256788623631, 1e-10)).toBe(true)
  })

  it("gives scipy's one-sided p-values for the greater and less alternatives", () => {
    // scipy 1.17.1 stats.spearmanr(x1, y1, alternative="greater" | "less") and the same for (x2, y2).
    expect(relativelyClose(ok(spearman(x1, y1, { alternative: "greater" })).pValue, 7.368046836003992e-10, 1e-9)).toBe(
      true
    )
    expect(relativelyClose(ok(spearman(x1, y1, { alternative: "less" })).pValue, 0.9999999992631953, 1e-12)).toBe(true)
    const greater = ok(spearman(x2, y2, { alternative: "greater" }))
    expect(relativelyClose(greater.pValue, 0.14286283943118155, 1e-10)).toBe(true)
    expect(Math.abs(greater.rho - 0.17300281684699836)).toBeLessThanOrEqual(1e-12)
    expect(relativelyClose(ok(spearman(x2, y2, { alternative: "less" })).pValue, 0.8571371605688185, 1e-10)).toBe(true)
  })

  it("refuses constant input", () => {
    expect(failure(spearman([2, 2, 2, 2], [1, 2, 3, 4])).field).toBe("x")
  })
})
