// Customer attributes are a snapshot taken when the history was exported. Some are computed from the very
// outcomes the models learn (orders in the last 12 months, average order value, a value tier or lifecycle
// stage derived from recent spend): on a training row from a year ago they contain that row's own future,
// and a model fitted with them learns "had orders_12m = 0 ⇒ never buys", which is true only of the past.
// Such attributes are recognised by how they relate to purchases: an outcome-derived attribute follows the
// last year's purchases much more closely than the year before's; a stable trait relates to both alike.
import { DAY_MS } from "../history/attribution.ts"
import { type HistorySnapshot, OUTCOME_CODE } from "../history/history-snapshot.ts"

/** Per customer, log1p of purchases in the last period of the history, in the period before it, and in all. */
export interface PurchaseRecency {
  readonly recent: Float64Array
  readonly older: Float64Array
  readonly total: Float64Array
}

/**
 * Purchases per customer in the history's last year and the year before (when the history is shorter than
 * two years: its second half and first half).
 */
export const purchaseRecencyOf = (snapshot: HistorySnapshot): PurchaseRecency => {
  const span = Math.min(365 * DAY_MS, (snapshot.toMs - snapshot.fromMs) / 2)
  const split = snapshot.toMs - span
  const recent = new Float64Array(snapshot.entities.count)
  const older = new Float64Array(snapshot.entities.count)
  const total = new Float64Array(snapshot.entities.count)
  const { outcomes } = snapshot
  for (let row = 0; row < outcomes.count; row++) {
    if (outcomes.type[row] !== OUTCOME_CODE.purchase) continue
    const e = outcomes.entity[row] as number
    const t = outcomes.timeMs[row] as number
    if (e < 0) continue
    total[e] = (total[e] as number) + 1
    if (t >= split) recent[e] = (recent[e] as number) + 1
    else if (t >= split - span) older[e] = (older[e] as number) + 1
  }
  for (let e = 0; e < recent.length; e++) {
    recent[e] = Math.log1p(recent[e] as number)
    older[e] = Math.log1p(older[e] as number)
    total[e] = Math.log1p(total[e] as number)
  }
  return { recent, older, total }
}

const correlation = (x: Float64Array, y: Float64Array, mask: Uint8Array): number => {
  let n = 0
  let sx = 0
  let sy = 0
  for (let i = 0; i < x.length; i++) {
    if (mask[i] !== 1) continue
    n++
    sx += x[i] as number
    sy += y[i] as number
  }
  if (n < 30) return 0
  const mx = sx / n
  const my = sy / n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < x.length; i++) {
    if (mask[i] !== 1) continue
    const dx = (x[i] as number) - mx
    const dy = (y[i] as number) - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy)
}

export interface LeakageVerdict {
  readonly leaky: boolean
  readonly recentCorrelation: number
  readonly olderCorrelation: number
  /** Why it was judged outcome-derived (undefined when it was not). */
  readonly reason?: string
}

/** A correlation this strong with all of a customer's purchases means the attribute is computed from them. */
const MAX_TOTAL = 0.8

/**
 * An indicator (a category, "value missing") that holds only for customers who never bought, or only for
 * customers who did, is a function of the outcomes ("average order value: none" = no orders yet): on a row
 * written before a customer's first purchase it tells the model that purchase is coming.
 */
const separatesBuyers = (values: Float64Array, known: Uint8Array, recency: PurchaseRecency): boolean => {
  let flagged = 0
  let flaggedNever = 0
  let all = 0
  let never = 0
  for (let e = 0; e < values.length; e++) {
    if (known[e] !== 1) continue
    const isBinary = values[e] === 0 || values[e] === 1
    if (!isBinary) return false
    all++
    const neverBought = (recency.total[e] as number) === 0
    if (neverBought) never++
    if (values[e] === 1) {
      flagged++
      if (neverBought) flaggedNever++
    }
  }
  if (flagged < 30 || all === 0) return false
  const neverShare = never / all
  const flaggedNeverShare = flaggedNever / flagged
  return (flaggedNeverShare >= 0.98 && neverShare <= 0.9) || (flaggedNeverShare <= 0.002 && neverShare >= 0.1)
}

/** The recent correlation must be at least this strong… */
const MIN_RECENT = 0.3
/** …and this much stronger than the older one to call an attribute outcome-derived. */
const MIN_GAP = 0.12

/**
 * Judges one attribute, given per customer as a number (`known[e] = 0` where the customer lacks it). Customers
 * who joined during the last period are left out: they have no older period to compare.
 */
export const judgeAttribute = (
  values: Float64Array,
  known: Uint8Array,
  recency: PurchaseRecency,
  comparable: Uint8Array
): LeakageVerdict => {
  const mask = Uint8Array.from(known, (flag, e) => (flag === 1 && comparable[e] === 1 ? 1 : 0))
  const recentCorrelation = Math.abs(correlation(values, recency.recent, mask))
  const olderCorrelation = Math.abs(correlation(values, recency.older, mask))
  const totalCorrelation = Math.abs(correlation(values, recency.total, known))
  const reason =
    recentCorrelation >= MIN_RECENT && recentCorrelation - olderCorrelation >= MIN_GAP
      ? "follows the last period's purchases far more closely than the earlier period's"
      : totalCorrelation >= MAX_TOTAL
        ? "is nearly a function of the customer's purchase count"
        : separatesBuyers(values, known, recency)
          ? "holds only for customers who never bought (or only for those who did)"
          : undefined
  return reason === undefined
    ? { leaky: false, recentCorrelation, olderCorrelation }
    : { leaky: true, recentCorrelation, olderCorrelation, reason }
}

/** Customers who existed for the whole comparison (created before the older period began, or unknown). */
export const comparableCustomers = (snapshot: HistorySnapshot): Uint8Array => {
  const span = Math.min(365 * DAY_MS, (snapshot.toMs - snapshot.fromMs) / 2)
  const olderStart = snapshot.toMs - 2 * span
  return Uint8Array.from(snapshot.entities.createdAtMs, (created) =>
    Number.isNaN(created) || created <= olderStart ? 1 : 0
  )
}
