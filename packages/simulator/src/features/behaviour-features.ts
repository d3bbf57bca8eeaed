// What a customer had done and received before a moment: purchases, engagement with earlier messages and
// the touches that make fatigue. Computed "as of" each send time for training (never looking past it) and as
// of now for prediction, from the entity's own rows only.
import type { AttributedOutcomes } from "../history/attribution.ts"
import { type ExposureColumns, OUTCOME_CODE, type OutcomeColumns } from "../history/history-snapshot.ts"

const DAY_MS = 86_400_000
/** Caps "days since" features when there was no such event (a large, finite value trees can split on). */
const NEVER_DAYS = 1000

/**
 * What a customer did over long windows and how they answered earlier messages: the baseline needs them (they
 * say how much a customer buys), but they drift with the history's own rhythm (its volume, how crowded the
 * recent weeks were, how many windows a later send cut short), so the uplift model does not read them: in time-
 * split backtests they biased every later forecast's uplift by −0.15 to −0.2 on the logit scale, and without
 * them the bias was −0.01 to −0.04.
 */
export const LONG_WINDOW_COUNTS = [
  "purchases_90d",
  "purchases_365d",
  "revenue_365d",
  "messages_365d",
  "message_conversions_365d",
  "message_opens_365d",
  "message_clicks_365d",
  "message_open_rate",
  "message_click_rate",
  "message_conversion_rate"
] as const

export const BEHAVIOUR_FEATURE_NAMES = [
  "purchases_90d",
  "purchases_365d",
  "revenue_365d",
  "days_since_purchase",
  "messages_365d",
  "message_conversions_365d",
  "message_opens_365d",
  "message_clicks_365d",
  "message_open_rate",
  "message_click_rate",
  "message_conversion_rate",
  "messages_30d",
  "messages_7d",
  "channel_messages_30d",
  "days_since_message"
] as const

/**
 * Days from the last event to `nowMs`. With no event on record, the days observed without one (since the
 * customer joined or the history began): a customer who joined last month and has not bought yet is not
 * the same as one who has not bought in two years.
 */
const daysSince = (eventMs: number, nowMs: number, sinceMs: number): number =>
  Math.min(NEVER_DAYS, (nowMs - (eventMs === Number.NEGATIVE_INFINITY ? sinceMs : eventMs)) / DAY_MS)

export interface BehaviourSources {
  readonly exposures: ExposureColumns
  readonly outcomes: OutcomeColumns
  readonly attributed: AttributedOutcomes
  readonly windowMs: number
  /** Where the history begins: counts over windows reaching before it are scaled up to the whole window. */
  readonly historyStartMs: number
  /** Population rates per message (opens, clicks, conversions) the per-customer rates shrink towards. */
  readonly engagementPrior: EngagementPrior
}

export interface EngagementPrior {
  readonly open: number
  readonly click: number
  readonly conversion: number
}

/** Pseudo-messages of prior weight in a customer's engagement rates (empirical Bayes shrinkage). */
const ENGAGEMENT_PRIOR_WEIGHT = 5

/** The population's opens, clicks and conversions per message, over every message of the history. */
export const engagementPriorOf = (exposures: ExposureColumns, attributed: AttributedOutcomes): EngagementPrior => {
  let messages = 0
  let opens = 0
  let clicks = 0
  let conversions = 0
  for (let row = 0; row < exposures.count; row++) {
    if ((exposures.channel[row] as number) < 0) continue
    messages++
    opens += attributed.opened[row] as number
    clicks += attributed.clicked[row] as number
    conversions += attributed.converted[row] as number
  }
  const rate = (count: number) => (messages === 0 ? 0 : count / messages)
  return { open: rate(opens), click: rate(clicks), conversion: rate(conversions) }
}

/**
 * Scales a count over the last `days` to the whole window when less of it was observed: the history began
 * later, or the customer joined later (`sinceMs`). Without this, rows from the first year of a history, and
 * customers who joined weeks ago, show smaller yearly counts than they will, and a model learns "recent" as
 * if it were "buys little". At least 30 observed days are assumed.
 */
const observedScale = (sinceMs: number, atMs: number, days: number): number => {
  const observed = Math.max(30, Math.min(days, (atMs - sinceMs) / DAY_MS))
  return days / observed
}

/**
 * Writes entity `e`'s behaviour as of `atMs` (events strictly before it) into `target` from `offset`;
 * "days since" features are measured up to `sendAtMs` (later than `atMs` when predicting a future send).
 * `channel` is the index of the channel about to be used (−1 for none). Earlier messages count as engaged
 * only when their whole attribution window closed before `atMs`, so no outcome after `atMs` leaks in.
 */
export const writeBehaviourFeatures = (
  sources: BehaviourSources,
  e: number,
  createdAtMs: number,
  atMs: number,
  sendAtMs: number,
  channel: number,
  target: Float64Array,
  offset: number
): number => {
  const { exposures, outcomes, attributed, windowMs } = sources
  let purchases90 = 0
  let purchases365 = 0
  let revenue365 = 0
  let lastPurchase = Number.NEGATIVE_INFINITY
  const outcomeEnd = outcomes.entityStart[e + 1] as number
  for (let row = outcomes.entityStart[e] as number; row < outcomeEnd; row++) {
    const t = outcomes.timeMs[row] as number
    if (t >= atMs) break
    if (outcomes.type[row] !== OUTCOME_CODE.purchase) continue
    lastPurchase = t
    const age = atMs - t
    if (age <= 365 * DAY_MS) {
      purchases365++
      revenue365 += outcomes.value[row] as number
      if (age <= 90 * DAY_MS) purchases90++
    }
  }
  let messages365 = 0
  let closedMessages = 0
  let conversions365 = 0
  let opens365 = 0
  let clicks365 = 0
  let messages30 = 0
  let messages7 = 0
  let channelMessages30 = 0
  let lastMessage = Number.NEGATIVE_INFINITY
  const exposureEnd = exposures.entityStart[e + 1] as number
  for (let row = exposures.entityStart[e] as number; row < exposureEnd; row++) {
    const t = exposures.timeMs[row] as number
    if (t >= atMs) break
    const rowChannel = exposures.channel[row] as number
    if (rowChannel < 0) continue // a holdout row is not a message
    lastMessage = t
    const age = atMs - t
    if (age > 365 * DAY_MS) continue
    messages365++
    if (age > windowMs) {
      closedMessages++
      conversions365 += attributed.converted[row] as number
      opens365 += attributed.opened[row] as number
      clicks365 += attributed.clicked[row] as number
    }
    if (age <= 30 * DAY_MS) {
      messages30++
      if (rowChannel === channel) channelMessages30++
      if (age <= 7 * DAY_MS) messages7++
    }
  }
  let column = offset
  const since = Math.max(sources.historyStartMs, Number.isNaN(createdAtMs) ? Number.NEGATIVE_INFINITY : createdAtMs)
  const year = observedScale(since, atMs, 365)
  target[column++] = purchases90 * observedScale(since, atMs, 90)
  target[column++] = purchases365 * year
  target[column++] = revenue365 * year
  target[column++] = daysSince(lastPurchase, sendAtMs, since)
  target[column++] = messages365 * year
  target[column++] = conversions365 * year
  target[column++] = opens365 * year
  target[column++] = clicks365 * year
  // Engagement per message, shrunk towards the population's rates: its expected value does not grow with the
  // number of messages seen, so unlike the counts it does not tell a model when the row was written.
  const prior = sources.engagementPrior
  const shrink = (count: number, populationRate: number) =>
    (count + ENGAGEMENT_PRIOR_WEIGHT * populationRate) / (closedMessages + ENGAGEMENT_PRIOR_WEIGHT)
  target[column++] = shrink(opens365, prior.open)
  target[column++] = shrink(clicks365, prior.click)
  target[column++] = shrink(conversions365, prior.conversion)
  target[column++] = messages30
  target[column++] = messages7
  target[column++] = channelMessages30
  target[column++] = daysSince(lastMessage, sendAtMs, since)
  return column
}

/** Messages entity `e` got on each channel in the 30 days before `atMs` (`target[channel]`). */
export const channelMessages30d = (sources: BehaviourSources, e: number, atMs: number, target: Float64Array): void => {
  target.fill(0)
  const { exposures } = sources
  const end = exposures.entityStart[e + 1] as number
  for (let row = exposures.entityStart[e] as number; row < end; row++) {
    const t = exposures.timeMs[row] as number
    if (t >= atMs) break
    const channel = exposures.channel[row] as number
    if (channel >= 0 && channel < target.length && atMs - t <= 30 * DAY_MS)
      target[channel] = (target[channel] as number) + 1
  }
}

/** Channels entity `e` unsubscribed from before `atMs` (an unsubscribe is attributed to the message it followed). */
export const unsubscribedChannels = (sources: BehaviourSources, e: number, atMs: number): ReadonlySet<number> => {
  const channels = new Set<number>()
  const { exposures, attributed } = sources
  const end = exposures.entityStart[e + 1] as number
  for (let row = exposures.entityStart[e] as number; row < end; row++) {
    if ((exposures.timeMs[row] as number) >= atMs) break
    if (attributed.unsubscribed[row] === 1 && (exposures.channel[row] as number) >= 0) {
      channels.add(exposures.channel[row] as number)
    }
  }
  return channels
}
