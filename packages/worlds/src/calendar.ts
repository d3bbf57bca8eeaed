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

// ISO text is built in one buffer and turned into a string at once (a world writes half a million
// timestamps; concatenated parts stay in memory as trees of fragments).
const isoCharacters = new Uint16Array(24)
const ZERO = "0".charCodeAt(0)
let cachedDayStartMs = Number.NaN

const putDigits = (value: number, at: number, digits: number): void => {
  let rest = value
  for (let digit = digits - 1; digit >= 0; digit--) {
    isoCharacters[at + digit] = ZERO + (rest % 10)
    rest = Math.floor(rest / 10)
  }
}

/**
 * ISO 8601 text in UTC (`2024-05-01T09:30:00.000Z`) of a whole number of milliseconds, as the storage import
 * reads it; equal to `Date.prototype.toISOString` for years 0–9999.
 */
export const isoOf = (timeMs: number): string => {
  const dayStartMs = Math.floor(timeMs / DAY_MS) * DAY_MS
  if (dayStartMs !== cachedDayStartMs) {
    cachedDayStartMs = dayStartMs
    const day = new Date(dayStartMs).toISOString()
    for (let index = 0; index < 11; index++) isoCharacters[index] = day.charCodeAt(index)
    isoCharacters[13] = isoCharacters[16] = ":".charCodeAt(0)
    isoCharacters[19] = ".".charCodeAt(0)
    isoCharacters[23] = "Z".charCodeAt(0)
  }
  const msOfDay = timeMs - dayStartMs
  putDigits(Math.floor(msOfDay / HOUR_MS), 11, 2)
  putDigits(Math.floor((msOfDay % HOUR_MS) / MINUTE_MS), 14, 2)
  putDigits(Math.floor((msOfDay % MINUTE_MS) / 1000), 17, 2)
  putDigits(msOfDay % 1000, 20, 3)
  return String.fromCharCode.apply(null, isoCharacters as unknown as Array<number>)
}
