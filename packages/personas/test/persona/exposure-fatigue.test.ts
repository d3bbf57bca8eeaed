// Exposure decay, caps and fatigue levels: more and more recent touches mean more fatigue, touches on other
// channels count half, a week-old touch counts half, tolerance raises the capacity.
import { describe, expect, it } from "vitest"
import {
  ageHistory,
  capsReached,
  countTouches,
  exposureLoad,
  fatigueLevelOfPressure,
  fatiguePressure,
  withTouch
} from "../../src/persona/exposure-fatigue.ts"
import { FATIGUE_LEVELS, type Touch } from "../../src/persona/persona.ts"

const history = (touches: ReadonlyArray<Touch>) => ({ touches: [...touches] })
const daily = (channel: string, days: number) =>
  history(Array.from({ length: days }, (_, d) => ({ channel, daysAgo: d })))

describe("exposure history and fatigue", () => {
  it("decays a touch by half per week and counts other channels half", () => {
    expect(exposureLoad(history([{ channel: "email", daysAgo: 7 }]), "email")).toBeCloseTo(0.5, 12)
    expect(exposureLoad(history([{ channel: "sms", daysAgo: 0 }]), "email")).toBeCloseTo(0.5, 12)
    expect(exposureLoad(history([{ channel: "email", daysAgo: 31 }]), "email")).toBe(0)
  })

  it("more recent touches give a higher fatigue level, never a lower one", () => {
    const levels = [0, 1, 3, 7, 14, 30].map((days) =>
      FATIGUE_LEVELS.indexOf(fatigueLevelOfPressure(fatiguePressure(daily("email", days), "email", 0.5)))
    )
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeGreaterThanOrEqual(levels[i - 1] as number)
    expect(levels[0]).toBe(0)
    expect(levels.at(-1)).toBe(4)
  })

  it("a tolerant persona tires later than an intolerant one", () => {
    const week = daily("email", 7)
    expect(fatiguePressure(week, "email", 0.9)).toBeLessThan(fatiguePressure(week, "email", 0.1))
  })

  it("counts touches against frequency caps per channel and overall", () => {
    const h = history([
      { channel: "email", daysAgo: 1 },
      { channel: "email", daysAgo: 3 },
      { channel: "sms", daysAgo: 2 },
      { channel: "email", daysAgo: 10 }
    ])
    expect(countTouches(h, 7, "email")).toBe(2)
    expect(capsReached(h, "email", [{ channel: "email", maxTouches: 2, windowDays: 7 }])).toHaveLength(1)
    expect(capsReached(h, "email", [{ channel: "email", maxTouches: 3, windowDays: 7 }])).toHaveLength(0)
    expect(capsReached(h, "push", [{ maxTouches: 3, windowDays: 7 }])).toHaveLength(1)
    expect(capsReached(h, "push", [{ channel: "email", maxTouches: 1, windowDays: 7 }])).toHaveLength(0)
  })

  it("ages and extends a history", () => {
    const h = withTouch(history([{ channel: "email", daysAgo: 25 }]), { channel: "sms" })
    expect(h.touches[0]).toEqual({ channel: "sms", daysAgo: 0 })
    expect(ageHistory(h, 10).touches).toEqual([{ channel: "sms", daysAgo: 10 }])
  })
})
