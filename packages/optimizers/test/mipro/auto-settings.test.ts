import { describe, expect, it } from "@effect/vitest"
import { gepaAutoBudget } from "../../src/gepa/gepa.ts"
import { MIPRO_AUTO_SETTINGS, miproCandidateCounts, miproTrialCount } from "../../src/mipro/auto-settings.ts"

describe("MIPROv2 presets and DSPy's trial formula", () => {
  it("int(max(2·V·log2(n), 1.5·n)) with V doubled when demos are optimized", () => {
    expect(miproTrialCount(1, 6, true)).toBe(10) // 2·2·log2 6 = 10.34 > 9
    expect(miproTrialCount(1, 6, false)).toBe(9) // 2·1·log2 6 = 5.17 < 9
    expect(miproTrialCount(3, 12, true)).toBe(43) // 2·6·log2 12 = 43.02
    expect(miproTrialCount(2, 18, false)).toBe(27) // 16.68 < 27
  })

  it("light / medium / heavy: n and validation size; instructions halved when demos are optimized", () => {
    expect(MIPRO_AUTO_SETTINGS).toEqual({
      light: { n: 6, valSize: 100 },
      medium: { n: 12, valSize: 300 },
      heavy: { n: 18, valSize: 1000 }
    })
    expect(miproCandidateCounts("medium", true)).toEqual({ instructions: 6, demoSets: 12 })
    expect(miproCandidateCounts("medium", false)).toEqual({ instructions: 12, demoSets: 12 })
  })

  it("GEPA's auto budget (DSPy 3.3.1 auto_budget)", () => {
    // P = 1, n = 6, V = 24: N = int(max(4·log2 6, 9)) = 10; 24 + 30 + 350 + (⌊11/5⌋ + 1)·24 = 476.
    expect(gepaAutoBudget(1, 6, 24)).toBe(476)
    // N = 4 < 5 adds one more full evaluation: P = 1, n = 2 → N = int(max(4, 3)) = 4; 10 + 10 + 140 + (1 + 1 + 1)·10.
    expect(gepaAutoBudget(1, 2, 10)).toBe(190)
  })
})
