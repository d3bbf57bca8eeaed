// One row per (customer, moment, message or none): who the customer is, what they did before, how tired they
// are, and what they are sent. Training rows come from history (`writeDesignRow`, as of each send) and
// prediction rows from stored customer states (`customer-states.ts`); both end with the same message
// columns (`writeMessageColumns`), so the model sees identical columns in both.
import type { EntityTable } from "../history/history-snapshot.ts"
import {
  BEHAVIOUR_FEATURE_NAMES,
  type BehaviourSources,
  LONG_WINDOW_COUNTS,
  writeBehaviourFeatures
} from "./behaviour-features.ts"
import { type CreativeReader, type CreativeReading, sharesTerm } from "./creative-reader.ts"
import { entityFeatureNames, type FeatureSpec, writeEntityFeatures } from "./feature-spec.ts"
import { dayOfYear } from "./seasonality.ts"

export interface DesignLayout {
  readonly spec: FeatureSpec
  readonly channels: ReadonlyArray<string>
  readonly creativeFeatureNames: ReadonlyArray<string>
  readonly names: ReadonlyArray<string>
  readonly cols: number
  /** Entity and behaviour columns come first; the message columns follow. */
  readonly customerCols: number
  /** Column of the treated flag (1 for a message, 0 for a holdout row). */
  readonly treatedColumn: number
  /** First column that describes the message itself (channel, treated, creative, match): 0 without one. */
  readonly messageColumnsStart: number
  /** The seasonal index of the moment: the baseline's offset; kept out of the uplift model. */
  readonly seasonColumn: number
  /** Columns the uplift model does not read (the season and the long-window counts). */
  readonly upliftBlankColumns: ReadonlyArray<number>
  /**
   * Columns the baseline (natural rate) model does not read: how much the customer was messaged. Whom a
   * business messages is its choice, not a trait of the customer; natural windows (no touch within a week)
   * never see heavy recent contact, so a baseline reading it extrapolates wildly for customers at the end of a
   * busy season.
   */
  readonly baselineBlankColumns: ReadonlyArray<number>
  /** Column counting messages on the message's own channel in the last 30 days. */
  readonly channelMessagesColumn: number
  /** "Days since" and tenure columns: they grow with the time between the customer's state and the send. */
  readonly growingColumns: ReadonlyArray<number>
  /** Log natural purchase rate by day of the year relative to its mean (`seasonality.ts`). */
  readonly seasonalIndex: Float64Array
}

/** A message about to be sent (or that was sent): its channel index in the layout and what the reader saw. */
export interface MessageDescription {
  readonly channel: number
  readonly reading: CreativeReading
}

/**
 * Send day and hour are deliberately not features: a history has a few dozen send times, one per campaign,
 * so they identify campaigns rather than describe timing, and trees learn each campaign's own result.
 * `window_days`: how much of the attribution window the row had before the customer's next touch took over
 * (the attribution rule gives later outcomes to that touch). History rows know it; a forecast asks for the
 * whole window, i.e. what the campaign does when nothing else reaches the customer meanwhile.
 */
const TIMING_NAMES = ["season_index", "window_days"] as const

/** Contact volume: the business's choices, blanked for the baseline model (`baselineBlankColumns`). */
const CONTACT_COUNTS = ["messages_365d", "messages_30d", "messages_7d", "channel_messages_30d", "days_since_message"]

export const buildLayout = (
  spec: FeatureSpec,
  channels: ReadonlyArray<string>,
  creativeFeatureNames: ReadonlyArray<string>,
  seasonalIndex: Float64Array
): DesignLayout => {
  const customer = [...entityFeatureNames(spec), ...BEHAVIOUR_FEATURE_NAMES]
  const names = [
    ...customer,
    ...TIMING_NAMES,
    ...channels.map((channel) => `channel=${channel}`),
    "treated",
    ...creativeFeatureNames.map((name) => `creative:${name}`),
    ...spec.matchable.map((key) => `match:${key}`)
  ]
  return {
    spec,
    channels,
    creativeFeatureNames,
    names,
    cols: names.length,
    customerCols: customer.length,
    treatedColumn: names.indexOf("treated"),
    messageColumnsStart: names.indexOf("treated") - channels.length,
    seasonColumn: names.indexOf("season_index"),
    upliftBlankColumns: ["season_index", ...LONG_WINDOW_COUNTS]
      .map((name) => names.indexOf(name))
      .filter((column) => column >= 0),
    baselineBlankColumns: CONTACT_COUNTS.map((name) => names.indexOf(name)).filter((column) => column >= 0),
    channelMessagesColumn: names.indexOf("channel_messages_30d"),
    growingColumns: ["days_since_purchase", "days_since_message", "tenure_days"]
      .map((name) => names.indexOf(name))
      .filter((column) => column >= 0),
    seasonalIndex
  }
}

/** Per-entity words of the matchable attributes, computed once per fit. */
export const entityTerms = (
  spec: FeatureSpec,
  entities: EntityTable,
  reader: Pick<CreativeReader, "termsOf">
): ReadonlyArray<ReadonlyArray<ReadonlySet<string>>> =>
  entities.attributes.map((attributes) =>
    spec.matchable.map((key) => {
      const value = attributes[key]
      return typeof value === "string" ? reader.termsOf(value.trim().toLowerCase()) : new Set<string>()
    })
  )

/**
 * Writes the message columns from `offset`: season, the observed window, send timing, channel, treated flag,
 * the creative's features and whether it matches each of the customer's interests (`customerTerms`).
 * `message` undefined: no message.
 */
export const writeMessageColumns = (
  layout: DesignLayout,
  customerTerms: ReadonlyArray<ReadonlySet<string>>,
  sendAtMs: number,
  windowDays: number,
  message: MessageDescription | undefined,
  target: Float64Array,
  offset: number
): void => {
  let column = offset
  target[column++] = layout.seasonalIndex[dayOfYear(sendAtMs)] ?? 0
  target[column++] = windowDays
  for (let channel = 0; channel < layout.channels.length; channel++) {
    target[column++] = message !== undefined && message.channel === channel ? 1 : 0
  }
  target[column++] = message === undefined ? 0 : 1
  const features = message?.reading.features
  for (let index = 0; index < layout.creativeFeatureNames.length; index++) {
    target[column++] = features === undefined ? 0 : (features[index] as number)
  }
  for (let key = 0; key < layout.spec.matchable.length; key++) {
    target[column++] = message !== undefined && matchesInterest(customerTerms[key], message.reading) ? 1 : 0
  }
}

/** Whether a creative matches one of a customer's interests (the words of one matchable attribute). */
export const matchesInterest = (words: ReadonlySet<string> | undefined, reading: CreativeReading): boolean =>
  words !== undefined && words.size > 0 && sharesTerm(words, reading.terms)

export interface RowContext {
  readonly layout: DesignLayout
  readonly entities: EntityTable
  readonly sources: BehaviourSources
  readonly terms: ReadonlyArray<ReadonlyArray<ReadonlySet<string>>>
}

/**
 * A training row: its history and its send are the same instant; `windowDays` is the part of the attribution
 * window before the customer's next touch.
 */
export const writeDesignRow = (
  context: RowContext,
  e: number,
  atMs: number,
  windowDays: number,
  message: MessageDescription | undefined,
  target: Float64Array,
  row: number
): void => {
  const { layout } = context
  const base = row * layout.cols
  const column = writeEntityFeatures(layout.spec, context.entities, e, atMs, target, base)
  writeBehaviourFeatures(
    context.sources,
    e,
    context.entities.createdAtMs[e] as number,
    atMs,
    atMs,
    message?.channel ?? -1,
    target,
    column
  )
  writeMessageColumns(layout, context.terms[e] ?? [], atMs, windowDays, message, target, base + layout.customerCols)
}
