import { describe, expect, it } from "vitest"
import { isIsoTimestamp, isoToDate } from "../../src/schema/iso-timestamp.ts"

describe("ISO 8601 timestamps", () => {
  it("accepts the forms history files use", () => {
    for (const text of [
      "2024-05-01",
      "2024-05-01T09:30",
      "2024-05-01T09:30:00",
      "2024-05-01 09:30:00",
      "2024-05-01T09:30:00.123456Z",
      "2024-05-01T09:30:00+02:00",
      "2024-05-01T09:30:00-0530",
      "2024-02-29T00:00:00Z"
    ]) {
      expect(isIsoTimestamp(text), text).toBe(true)
    }
  })

  it("rejects impossible dates and malformed text", () => {
    for (const text of [
      "2023-02-29",
      "2024-13-01",
      "2024-04-31",
      "0000-01-01",
      "2024-05-01T24:00",
      "2024-5-1",
      "yesterday",
      "2024-05-01T09:30:00+16:00",
      ""
    ]) {
      expect(isIsoTimestamp(text), text).toBe(false)
    }
  })

  it("reads zone-less values as UTC", () => {
    expect(isoToDate("2024-05-01T09:30:00").toISOString()).toBe("2024-05-01T09:30:00.000Z")
    expect(isoToDate("2024-05-01").toISOString()).toBe("2024-05-01T00:00:00.000Z")
    expect(isoToDate("2024-05-01T09:30:00+02:00").toISOString()).toBe("2024-05-01T07:30:00.000Z")
  })
})
