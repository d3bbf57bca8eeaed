// What a customer had done and received before a moment: purchases, engagement with earlier messages and
// the touches that make fatigue. Computed "as of" each send time for training (never looking past it) and as
// of now for prediction, from the entity's own rows only.
import type { AttributedOutcomes } from "../history/attribution.ts"
import { type ExposureColumns, OUTCOME_CODE, type OutcomeColumns } from "../history/history-snapshot.ts"

const DAY_MS = 86_400_000
/** Caps "days since" features when there was no such event (a large, finite value trees can split on). */
const NEVER_DAYS = 1000

export const BEHAVIOUR_FEATURE_NAMES = [
  "purchases_90d",
  "purchases_365d",
  "revenue_365d",
  "days_since_purchase",
  "messages_365d",
  "message_conversions_365d",
  "message_opens_365d",
  "message_clicks_365d",
  "messages_30d",
  "messages_7d",
  "channel_messages_30d",
  "days_since_message"
] as const

const daysSince = (eventMs: number, nowMs: number): number =>
  eventMs === Number.NEGATIVE_INFINITY ? NEVER_DAYS : Math.min(NEVER_DAYS, (nowMs - eventMs) / DAY_MS)

export interface BehaviourSources {
  readonly exposures: ExposureColumns
  readonly outcomes: OutcomeColumns
  readonly attributed: AttributedOutcomes
  readonly windowMs: number
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
  target[column++] = purchases90
  target[column++] = purchases365
  target[column++] = revenue365
  target[column++] = daysSince(lastPurchase, sendAtMs)
  target[column++] = messages365
  target[column++] = conversions365
  target[column++] = opens365
  target[column++] = clicks365
  target[column++] = messages30
  target[column++] = messages7
  target[column++] = channelMessages30
  target[column++] = daysSince(lastMessage, sendAtMs)
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
