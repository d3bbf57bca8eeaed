// Every customer's row as of one moment (the end of the known history), computed once per fit: who they are,
// what they did, how recently they were touched, and the channels they left. A prediction for any creative
// then only writes the message columns, so simulating needs the fit, not the history tables.
import type { EntityTable } from "../history/history-snapshot.ts"
import { channelMessages30d, unsubscribedChannels, writeBehaviourFeatures } from "./behaviour-features.ts"
import type { CreativeReader } from "./creative-reader.ts"
import { type DesignLayout, type MessageDescription, type RowContext, writeMessageColumns } from "./design-matrix.ts"
import { writeEntityFeatures } from "./feature-spec.ts"

const DAY_MS = 86_400_000
const NEVER_DAYS = 1000

export interface CustomerStates {
  readonly asOfMs: number
  readonly count: number
  readonly entityIds: ReadonlyArray<string>
  /** Index into `segments`, −1 for none. */
  readonly segment: Int32Array
  readonly segments: ReadonlyArray<string>
  /** Row-major `count × layout.customerCols`: entity and behaviour columns as of `asOfMs`. */
  readonly values: Float64Array
  /** `count × channels`: messages on each channel in the 30 days before `asOfMs`. */
  readonly channelMessages30d: Float64Array
  /** `count × channels`: 1 when the customer unsubscribed from the channel. */
  readonly unsubscribed: Uint8Array
  /**
   * `count × channels`: 1 when the customer can be sent a message on the channel: listed in an opt-in
   * attribute (`channelListAttribute`), or, without one, messaged on it before; a channel nobody was ever
   * messaged on reaches everyone.
   */
  readonly reachable: Uint8Array
  /** Values of the layout's matchable attributes, per customer (compared with each creative's words). */
  readonly matchValues: ReadonlyArray<ReadonlyArray<string>>
  /** Tenure in days at `asOfMs` (NaN when unknown) and messages in the 30 days before, for request filters. */
  readonly tenureDays: Float64Array
  readonly messages30d: Float64Array
}

/**
 * The attribute listing the channels a customer may be contacted on (`opted_in_channels`, `channels`, …):
 * the first key, in name order, whose values are lists naming the history's channels for at least half of
 * the customers. Undefined when the history has none.
 */
export const channelListAttribute = (entities: EntityTable, channels: ReadonlyArray<string>): string | undefined => {
  const hits = new Map<string, number>()
  for (const attributes of entities.attributes) {
    for (const [key, value] of Object.entries(attributes)) {
      if (
        Array.isArray(value) &&
        value.some((item) => typeof item === "string" && channels.includes(item.toLowerCase()))
      ) {
        hits.set(key, (hits.get(key) ?? 0) + 1)
      }
    }
  }
  return [...hits.entries()]
    .filter(([, count]) => count >= 0.5 * entities.count)
    .map(([key]) => key)
    .sort()[0]
}

const messagedBefore = (sources: RowContext["sources"], e: number, atMs: number, channel: number): boolean => {
  const { exposures } = sources
  const end = exposures.entityStart[e + 1] as number
  for (let row = exposures.entityStart[e] as number; row < end; row++) {
    if ((exposures.timeMs[row] as number) >= atMs) return false
    if (exposures.channel[row] === channel) return true
  }
  return false
}

const tenureAt = (entities: EntityTable, e: number, atMs: number): number => {
  const created = entities.createdAtMs[e] as number
  if (!Number.isNaN(created)) return (atMs - created) / DAY_MS
  const attribute = entities.attributes[e]?.tenure_days
  return typeof attribute === "number" ? attribute : Number.NaN
}

/** Computes the states of every entity as of `asOfMs` (events strictly before it). */
export const computeCustomerStates = (context: RowContext, asOfMs: number): CustomerStates => {
  const { layout, entities, sources } = context
  const count = entities.count
  const channels = layout.channels.length
  const values = new Float64Array(count * layout.customerCols)
  const perChannel = new Float64Array(count * channels)
  const unsubscribed = new Uint8Array(count * channels)
  const reachable = new Uint8Array(count * channels)
  const everMessaged = new Uint8Array(channels)
  const optInKey = channelListAttribute(entities, layout.channels)
  const tenureDays = new Float64Array(count)
  const messages30d = new Float64Array(count)
  const counts = new Float64Array(channels)
  const messagesColumn = layout.names.indexOf("messages_30d")
  for (let e = 0; e < count; e++) {
    const column = writeEntityFeatures(layout.spec, entities, e, asOfMs, values, e * layout.customerCols)
    writeBehaviourFeatures(sources, e, entities.createdAtMs[e] as number, asOfMs, asOfMs, -1, values, column)
    channelMessages30d(sources, e, asOfMs, counts)
    perChannel.set(counts, e * channels)
    for (const channel of unsubscribedChannels(sources, e, asOfMs)) {
      if (channel < channels) unsubscribed[e * channels + channel] = 1
    }
    const optIns = optInKey === undefined ? undefined : entities.attributes[e]?.[optInKey]
    for (let channel = 0; channel < channels; channel++) {
      const messaged = (counts[channel] as number) > 0 || messagedBefore(sources, e, asOfMs, channel)
      if (messaged) everMessaged[channel] = 1
      const listed = Array.isArray(optIns) && optIns.includes(layout.channels[channel])
      reachable[e * channels + channel] = messaged || listed ? 1 : 0
    }
    tenureDays[e] = tenureAt(entities, e, asOfMs)
    messages30d[e] = values[e * layout.customerCols + messagesColumn] as number
  }
  // Without an opt-in attribute, a channel nobody was messaged on yet is taken to reach everyone.
  if (optInKey === undefined) {
    for (let channel = 0; channel < channels; channel++) {
      if (everMessaged[channel] === 1) continue
      for (let e = 0; e < count; e++) reachable[e * channels + channel] = 1
    }
  }
  return {
    asOfMs,
    count,
    entityIds: entities.ids,
    segment: entities.segment,
    segments: entities.segments,
    values,
    channelMessages30d: perChannel,
    unsubscribed,
    reachable,
    matchValues: entities.attributes.map((attributes) =>
      layout.spec.matchable.map((key) => {
        const value = attributes[key]
        return typeof value === "string" ? value.trim().toLowerCase() : ""
      })
    ),
    tenureDays,
    messages30d
  }
}

/** Words of each customer's matchable attributes. */
export const statesTerms = (
  states: CustomerStates,
  reader: Pick<CreativeReader, "termsOf">
): ReadonlyArray<ReadonlyArray<ReadonlySet<string>>> =>
  states.matchValues.map((values) => values.map((value) => (value === "" ? new Set<string>() : reader.termsOf(value))))

/**
 * Writes the prediction row of customer `member` for a message sent at `sendAtMs` (undefined message: the
 * customer left alone), over a whole attribution window of `windowDays`. "Days since" and tenure columns grow
 * by the time between the states and the send.
 */
export const writePredictionRow = (
  layout: DesignLayout,
  states: CustomerStates,
  terms: ReadonlyArray<ReadonlyArray<ReadonlySet<string>>>,
  member: number,
  sendAtMs: number,
  windowDays: number,
  message: MessageDescription | undefined,
  target: Float64Array,
  row: number
): void => {
  const base = row * layout.cols
  target.set(states.values.subarray(member * layout.customerCols, (member + 1) * layout.customerCols), base)
  const gapDays = Math.max(0, (sendAtMs - states.asOfMs) / DAY_MS)
  if (gapDays > 0) {
    for (const column of layout.growingColumns) {
      const value = target[base + column] as number
      if (value >= 0 && value < NEVER_DAYS) target[base + column] = Math.min(NEVER_DAYS, value + gapDays)
    }
  }
  const channels = layout.channels.length
  target[base + layout.channelMessagesColumn] =
    message === undefined || message.channel < 0
      ? 0
      : (states.channelMessages30d[member * channels + message.channel] as number)
  writeMessageColumns(layout, terms[member] ?? [], sendAtMs, windowDays, message, target, base + layout.customerCols)
}
