// Timestamps and ids as the files carry them: ISO text equal to Date's, valid version-4 UUIDs, seasons.
import { SeededRandom } from "@preflight/numeric"
import { describe, expect, it } from "vitest"
import { isoOf, seasonBump, seasonLogitAt } from "../src/calendar.ts"
import { uuidFrom } from "../src/generate/uuid.ts"
import { templateFor } from "../src/index.ts"

describe("calendar and ids", () => {
  it("writes ISO 8601 UTC text equal to Date.prototype.toISOString", () => {
    const times = [0, 999, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2025, 11, 31, 0, 0, 0, 1)]
    for (let time = Date.UTC(2023, 11, 30); time < Date.UTC(2026, 2, 1); time += 7_777_777) times.push(time)
    for (const time of times) expect(isoOf(time)).toBe(new Date(time).toISOString())
  })

  it("draws distinct, deterministic version-4 UUIDs", () => {
    const random = new SeededRandom(123)
    const ids = Array.from({ length: 2000 }, () => uuidFrom(random))
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(ids.length)
    expect(uuidFrom(new SeededRandom(123))).toBe(ids[0])
  })

  it("peaks each season at its day, wrapping around the new year", () => {
    const holiday = { name: "x", peakDay: 360, widthDays: 10, conversionLift: 0.4, campaignDensity: 2 }
    expect(seasonBump(holiday, 360)).toBe(1)
    expect(seasonBump(holiday, 5)).toBeCloseTo(seasonBump(holiday, 350), 1)
    expect(seasonBump(holiday, 5)).toBeGreaterThan(0.5)
    const retail = templateFor("retail").seasons
    expect(seasonLogitAt(retail, Date.UTC(2024, 11, 1))).toBeGreaterThan(0.35)
    expect(seasonLogitAt(retail, Date.UTC(2024, 9, 1))).toBeLessThan(0.05)
  })
})
