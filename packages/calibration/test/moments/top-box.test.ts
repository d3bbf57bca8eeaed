// Top-box share difference: the KPI a matched mean hides.
import { describe, expect, it } from "vitest"
import { momentMatchingScore } from "../../src/moments/moment-matching.ts"
import { topBoxShareDifference } from "../../src/moments/top-box.ts"
import { ok } from "../support/result.ts"

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits
const _v = range(101).map((i) => round(Math.exp(0.8 * Math.sin(1.1 * i) + 0.5 * Math.cos(0.3 * i)), 6))
const _w = range(60).map((i) => round(0.5 + Math.sin(0.9 * i) ** 2, 6))

// numpy 2.4.6 / scipy 1.17.1 on the same vectors, computed offline.

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
