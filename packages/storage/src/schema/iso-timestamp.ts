// ISO 8601 timestamps as the history files carry them: `2024-05-01`, `2024-05-01T09:30:00`,
// `2024-05-01T09:30:00.123Z`, `2024-05-01T09:30:00+02:00` (a space may replace the T). Checked by
// hand, including days per month and leap years, because a bad date must be named in its row
// rather than fail inside Postgres, and because building Date objects costs ~1 µs a row.

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/

const daysInMonth = (year: number, month: number): number => {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** True for a well-formed ISO 8601 date or date-time with a real calendar date, years 0001–9999. */
export const isIsoTimestamp = (text: string): boolean => {
  const match = PATTERN.exec(text)
  if (match === null) return false
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false
  if (match[4] !== undefined && (Number(match[4]) > 23 || Number(match[5]) > 59)) return false
  if (match[6] !== undefined && Number(match[6]) > 59) return false
  const zone = match[7]
  if (zone !== undefined && zone.length > 1) {
    const hours = Number(zone.slice(1, 3))
    const minutes = zone.length > 3 ? Number(zone.slice(-2)) : 0
    if (hours > 15 || minutes > 59) return false
  }
  return true
}

/** True when the text names its offset (Z or ±hh:mm); zone-less times are read as UTC. */
export const hasZone = (text: string): boolean => /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/.test(text) && /[T ]/.test(text)

/** The instant an ISO timestamp names, reading zone-less date-times (and plain dates) as UTC. */
export const isoToDate = (text: string): Date => {
  const normalized = text.replace(" ", "T")
  if (!normalized.includes("T")) return new Date(`${normalized}T00:00:00Z`)
  return new Date(hasZone(normalized) ? normalized : `${normalized}Z`)
}
