// Top-box share difference: the KPI a matched mean hides.
import { describe, expect, it } from "vitest"
import { momentMatchingScore } from "../../src/moments/moment-matching.ts"
import { topBoxShareDifference } from "../../src/moments/top-box.ts"
import { ok } from "../support/result.ts"

describe("topBoxShareDifference", () => {
  it("sees the top-2-box gap a matched mean hides", () => {
    // Same mean (3), different spread: a quarter of humans answer 4–5, no simulated persona does.
    const humans = [1, 1, 2, 3, 3, 3, 4, 4, 5, 5, 2, 3]
    const simulated = [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]
    const result = ok(topBoxShareDifference(humans, simulated, { cut: 4 }))
    expect(result.actualShare).toBeCloseTo(4 / 12, 15)
    expect(result.simulatedShare).toBe(0)
    expect(result.difference).toBeCloseTo(-4 / 12, 15)
    expect(ok(momentMatchingScore(humans, simulated)).relativeErrors.mean).toBe(0)
  })
})
