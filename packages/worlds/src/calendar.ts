// Time in a world: milliseconds since the epoch (UTC), days of the year, and the seasonal bumps that raise
// natural purchase rates and campaign density around each season's peak.
import type { SeasonSpec } from "./templates/template-types.ts"

export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000
export const MINUTE_MS = 60_000
const YEAR_DAYS = 365.25

/** Day of the year, 1-based (1 January is 1). */
export const dayOfYear = (timeMs: number): number => {
  const date = new Date(timeMs)
  return Math.floor((timeMs - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS) + 1
}

/** Height in [0, 1] of a season's Gaussian bump on `day` (distance taken around the year). */
export const seasonBump = (season: SeasonSpec, day: number): number => {
  const raw = Math.abs(day - season.peakDay) % YEAR_DAYS
  const distance = Math.min(raw, YEAR_DAYS - raw)
  return Math.exp(-0.5 * (distance / season.widthDays) ** 2)
}

/** Logit-scale change of the natural purchase rate at `timeMs` (sum of the seasons' lifts). */
export const seasonLogitAt = (seasons: ReadonlyArray<SeasonSpec>, timeMs: number): number => {
  const day = dayOfYear(timeMs)
  let total = 0
  for (const season of seasons) total += season.conversionLift * seasonBump(season, day)
  return total
}

/** Relative campaign density at `timeMs` (1 outside seasons, never below 0.2). */
export const campaignDensityAt = (seasons: ReadonlyArray<SeasonSpec>, timeMs: number): number => {
  const day = dayOfYear(timeMs)
  let total = 1
  for (const season of seasons) total += season.campaignDensity * seasonBump(season, day)
  return Math.max(0.2, total)
}

const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value))
let cachedDayStartMs = Number.NaN
let cachedDayText = ""

/**
 * ISO 8601 text in UTC (`2024-05-01T09:30:00.000Z`), as the storage import reads it. Equal to
 * `Date.prototype.toISOString` for years 0–9999; the date part is cached because a world writes hundreds of
 * thousands of timestamps that mostly share a day with the previous one.
 */
export const isoOf = (timeMs: number): string => {
  const dayStartMs = Math.floor(timeMs / DAY_MS) * DAY_MS
  if (dayStartMs !== cachedDayStartMs) {
    cachedDayStartMs = dayStartMs
    cachedDayText = new Date(dayStartMs).toISOString().slice(0, 11)
  }
  const msOfDay = timeMs - dayStartMs
  const hours = Math.floor(msOfDay / HOUR_MS)
  const minutes = Math.floor((msOfDay % HOUR_MS) / MINUTE_MS)
  const seconds = Math.floor((msOfDay % MINUTE_MS) / 1000)
  const millis = msOfDay % 1000
  return `${cachedDayText}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z`
}
