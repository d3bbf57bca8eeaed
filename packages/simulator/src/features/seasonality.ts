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

/** Days of at-risk time a customer's own rate is shrunk with towards everyone's (about two purchases' worth). */
const CUSTOMER_PRIOR_DAYS = 300

/**
 * Log of the natural purchase rate per day of the year relative to its mean (366 values, 0 where the
 * history has no day of that date). Customers are at risk on a day unless a message window covers it.
 *
 * Who is at risk changes with the season: in a busy month most of the campaigns' audience sits inside message
 * windows and the at-risk pool is whoever was not targeted. A crude rate (purchases ÷ customers at risk) then
 * measures that pool, not the season. The index is standardised instead: each day's natural purchases are
 * divided by the purchases expected from the customers at risk that day at each one's own (shrunk) natural
 * rate, so a day is compared with the same kind of customers on other days.
 */
export const fitSeasonalIndex = (
  snapshot: HistorySnapshot,
  attributed: AttributedOutcomes,
  windowMs: number
): Float64Array => {
  const firstDay = Math.floor(snapshot.fromMs / DAY_MS)
  const days = Math.max(1, Math.floor(snapshot.toMs / DAY_MS) - firstDay + 1)
  const windowDays = Math.round(windowMs / DAY_MS)
  const { exposures, outcomes, entities } = snapshot
  const startDayOf = (e: number): number => {
    const at = entities.createdAtMs[e] as number
    return Number.isNaN(at) ? 0 : Math.min(days, Math.max(0, Math.floor(at / DAY_MS) - firstDay))
  }
  // Each customer's natural purchases and days at risk (days since joining minus days inside message windows).
  const purchases = new Float64Array(days)
  const ownPurchases = new Float64Array(entities.count)
  for (let row = 0; row < outcomes.count; row++) {
    if (outcomes.type[row] !== OUTCOME_CODE.purchase) continue
    const exposure = attributed.exposureOfOutcome[row] as number
    if (exposure >= 0 && (exposures.channel[exposure] as number) >= 0) continue // driven by a message
    const day = Math.floor((outcomes.timeMs[row] as number) / DAY_MS) - firstDay
    if (day < 0 || day >= days) continue
    purchases[day] = (purchases[day] as number) + 1
    const e = outcomes.entity[row] as number
    ownPurchases[e] = (ownPurchases[e] as number) + 1
  }
  const windowDaysOf = new Float64Array(entities.count)
  for (let row = 0; row < exposures.count; row++) {
    if ((exposures.channel[row] as number) < 0) continue
    const e = exposures.entity[row] as number
    windowDaysOf[e] = (windowDaysOf[e] as number) + windowDays
  }
  let allPurchases = 0
  let allDays = 0
  const atRiskDays = Float64Array.from({ length: entities.count }, (_, e) => {
    const span = days - startDayOf(e)
    const value = Math.max(1, span - Math.min(span, windowDaysOf[e] as number))
    allPurchases += ownPurchases[e] as number
    allDays += value
    return value
  })
  const meanRate = allDays > 0 ? allPurchases / allDays : 0
  const rateOf = Float64Array.from(
    atRiskDays,
    (dayCount, e) => ((ownPurchases[e] as number) + meanRate * CUSTOMER_PRIOR_DAYS) / (dayCount + CUSTOMER_PRIOR_DAYS)
  )
  // Expected natural purchases per day: the rates of everyone who has joined, minus those inside a window
  // (difference arrays over days).
  const joined = new Float64Array(days + 1)
  for (let e = 0; e < entities.count; e++) {
    const day = startDayOf(e)
    if (day < days) joined[day] = (joined[day] as number) + (rateOf[e] as number)
  }
  const covered = new Float64Array(days + 1)
  for (let row = 0; row < exposures.count; row++) {
    if ((exposures.channel[row] as number) < 0) continue
    const start = Math.max(0, Math.floor((exposures.timeMs[row] as number) / DAY_MS) - firstDay)
    if (start >= days) continue
    const end = Math.min(days, start + windowDays)
    const rate = rateOf[exposures.entity[row] as number] as number
    covered[start] = (covered[start] as number) + rate
    covered[end] = (covered[end] as number) - rate
  }
  const observed = new Float64Array(YEAR_DAYS)
  const expected = new Float64Array(YEAR_DAYS)
  let joinedRate = 0
  let windowRate = 0
  for (let day = 0; day < days; day++) {
    joinedRate += joined[day] as number
    windowRate += covered[day] as number
    const atRisk = joinedRate - windowRate
    if (atRisk <= 0) continue
    const slot = dayOfYear((firstDay + day) * DAY_MS)
    observed[slot] = (observed[slot] as number) + (purchases[day] as number)
    expected[slot] = (expected[slot] as number) + atRisk
  }
  // Triangular smoothing over ±SMOOTHING_DAYS: nearer days weigh more, so a peak keeps its height.
  const smoothed = new Float64Array(YEAR_DAYS)
  let total = 0
  let known = 0
  for (let slot = 0; slot < YEAR_DAYS; slot++) {
    let sumObserved = 0
    let sumExpected = 0
    for (let offset = -SMOOTHING_DAYS; offset <= SMOOTHING_DAYS; offset++) {
      const other = (slot + offset + YEAR_DAYS) % YEAR_DAYS
      const weight = SMOOTHING_DAYS + 1 - Math.abs(offset)
      sumObserved += weight * (observed[other] as number)
      sumExpected += weight * (expected[other] as number)
    }
    smoothed[slot] = sumExpected === 0 ? Number.NaN : sumObserved / sumExpected
    if (sumExpected > 0) {
      total += smoothed[slot] as number
      known++
    }
  }
  const mean = known === 0 ? 0 : total / known
  return Float64Array.from(smoothed, (ratio) =>
    Number.isNaN(ratio) || ratio <= 0 || mean <= 0 ? 0 : Math.log(ratio / mean)
  )
}
