// The season of the year as the history shows it: how often customers buy on their own (purchases outside
// message windows, or after a holdout row) on each day of the year, relative to the yearly average. It is a
// feature of every row, so a send in a busy season is compared with last year's same weeks, not with the
// year's average. Computed from all customers, not only campaign recipients: background purchases are by far
// the richest record of the natural rate.
import type { AttributedOutcomes } from "../history/attribution.ts"
import { DAY_MS } from "../history/attribution.ts"
import { type HistorySnapshot, OUTCOME_CODE } from "../history/history-snapshot.ts"

const YEAR_DAYS = 366
/** Days on each side averaged (circularly) into a day's index: seasons span weeks, single days are noise. */
const SMOOTHING_DAYS = 10

/** Day of the year, 0–365 (UTC). */
export const dayOfYear = (timeMs: number): number => {
  const date = new Date(timeMs)
  const start = Date.UTC(date.getUTCFullYear(), 0, 1)
  return Math.min(YEAR_DAYS - 1, Math.floor((timeMs - start) / DAY_MS))
}

/**
 * Log of the natural purchase rate per day of the year relative to its mean (366 values, 0 where the
 * history has no day of that date). Customers are at risk on a day unless a message window covers it.
 */
export const fitSeasonalIndex = (
  snapshot: HistorySnapshot,
  attributed: AttributedOutcomes,
  windowMs: number
): Float64Array => {
  const firstDay = Math.floor(snapshot.fromMs / DAY_MS)
  const days = Math.max(1, Math.floor(snapshot.toMs / DAY_MS) - firstDay + 1)
  const purchases = new Float64Array(days)
  const covered = new Float64Array(days + 1)
  const created = new Float64Array(days + 1)
  const { exposures, outcomes, entities } = snapshot
  for (let row = 0; row < outcomes.count; row++) {
    if (outcomes.type[row] !== OUTCOME_CODE.purchase) continue
    const exposure = attributed.exposureOfOutcome[row] as number
    if (exposure >= 0 && (exposures.channel[exposure] as number) >= 0) continue // driven by a message
    const day = Math.floor((outcomes.timeMs[row] as number) / DAY_MS) - firstDay
    if (day >= 0 && day < days) purchases[day] = (purchases[day] as number) + 1
  }
  // Customer-days inside a message window are not at risk of a natural purchase (difference array).
  const windowDays = Math.round(windowMs / DAY_MS)
  for (let row = 0; row < exposures.count; row++) {
    if ((exposures.channel[row] as number) < 0) continue
    const start = Math.max(0, Math.floor((exposures.timeMs[row] as number) / DAY_MS) - firstDay)
    const end = Math.min(days, start + windowDays)
    if (start >= days) continue
    covered[start] = (covered[start] as number) + 1
    covered[end] = (covered[end] as number) - 1
  }
  for (let e = 0; e < entities.count; e++) {
    const at = entities.createdAtMs[e] as number
    const day = Number.isNaN(at) ? 0 : Math.max(0, Math.floor(at / DAY_MS) - firstDay)
    if (day < days) created[day] = (created[day] as number) + 1
  }
  const rateSum = new Float64Array(YEAR_DAYS)
  const rateCount = new Float64Array(YEAR_DAYS)
  let inWindow = 0
  let customers = 0
  for (let day = 0; day < days; day++) {
    inWindow += covered[day] as number
    customers += created[day] as number
    const atRisk = customers - inWindow
    if (atRisk <= 0) continue
    const slot = dayOfYear((firstDay + day) * DAY_MS)
    rateSum[slot] = (rateSum[slot] as number) + (purchases[day] as number) / atRisk
    rateCount[slot] = (rateCount[slot] as number) + 1
  }
  const smoothed = new Float64Array(YEAR_DAYS)
  let total = 0
  let known = 0
  for (let slot = 0; slot < YEAR_DAYS; slot++) {
    let sum = 0
    let count = 0
    for (let offset = -SMOOTHING_DAYS; offset <= SMOOTHING_DAYS; offset++) {
      const other = (slot + offset + YEAR_DAYS) % YEAR_DAYS
      sum += rateSum[other] as number
      count += rateCount[other] as number
    }
    smoothed[slot] = count === 0 ? Number.NaN : sum / count
    if (count > 0) {
      total += smoothed[slot] as number
      known++
    }
  }
  const mean = known === 0 ? 0 : total / known
  return Float64Array.from(smoothed, (rate) =>
    Number.isNaN(rate) || rate <= 0 || mean <= 0 ? 0 : Math.log(rate / mean)
  )
}
