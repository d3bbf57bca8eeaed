// Training rows from history: every message of a known variant and every holdout row of the chosen
// campaigns whose attribution window closed before the history ends, with what followed (conversion,
// revenue, unsubscribe). Non-converting rows are subsampled with inverse-probability weights so a fit stays
// fast on millions of messages while every conversion is kept.
import { SeededRandom } from "@preflight/numeric"
import type { CreativeReader } from "../features/creative-reader.ts"
import {
  type DesignLayout,
  type MessageDescription,
  type RowContext,
  writeDesignRow
} from "../features/design-matrix.ts"
import type { AttributedOutcomes } from "../history/attribution.ts"
import type { HistorySnapshot } from "../history/history-snapshot.ts"

export interface TrainingSet {
  readonly rows: number
  readonly cols: number
  readonly x: Float64Array
  readonly converted: Float64Array
  readonly unsubscribed: Float64Array
  readonly revenue: Float64Array
  readonly treated: Uint8Array
  /** Inverse sampling probability of each row (1 for kept-in-full rows). */
  readonly weights: Float64Array
  readonly exposure: Int32Array
  readonly campaign: Int32Array
  /** Layout channel index of the message, −1 for holdout rows. */
  readonly channel: Int32Array
  /** Share of the rows without the target label that were kept (1 when none were dropped). */
  readonly negativeShare: number
}

export interface TrainingSetOptions {
  /** Campaign indices whose rows are used. */
  readonly campaigns: ReadonlySet<number>
  /** At most this many rows (all conversions are kept; other rows are sampled). */
  readonly maxRows: number
  readonly seed: number
  /** Rows must have their whole window before this instant (default: the end of the history). */
  readonly observedUntilMs?: number
}

/** Rows eligible for training: known variant or holdout, chosen campaign, window observed. */
const eligibleRows = (snapshot: HistorySnapshot, options: TrainingSetOptions, windowMs: number): Int32Array => {
  const { exposures } = snapshot
  const until = options.observedUntilMs ?? snapshot.toMs
  const rows: Array<number> = []
  for (let row = 0; row < exposures.count; row++) {
    const campaign = exposures.campaign[row] as number
    if (campaign < 0 || !options.campaigns.has(campaign)) continue
    const isHoldout = (exposures.channel[row] as number) < 0
    if (!isHoldout && (exposures.intervention[row] as number) < 0) continue
    if ((exposures.timeMs[row] as number) + windowMs > until) continue
    rows.push(row)
  }
  return Int32Array.from(rows)
}

/** Which rows a training set draws from, and which rare label it keeps in full. */
export type TrainingTarget = "converted" | "unsubscribed"

/**
 * Builds the training set for `options.campaigns`. Rows with the rare `target` label are all kept; the
 * others are sampled (seeded) down to `maxRows` and weighted by the inverse of their sampling probability.
 * `"unsubscribed"` uses messages only (a holdout row cannot unsubscribe from a message it never got).
 */
export const buildTrainingSet = (
  snapshot: HistorySnapshot,
  attributed: AttributedOutcomes,
  context: RowContext,
  reader: CreativeReader,
  windowMs: number,
  target: TrainingTarget,
  options: TrainingSetOptions
): TrainingSet => {
  const { exposures } = snapshot
  const layout: DesignLayout = context.layout
  const label = target === "converted" ? attributed.converted : attributed.unsubscribed
  const candidates = eligibleRows(snapshot, options, windowMs).filter(
    (row) => target === "converted" || (exposures.channel[row] as number) >= 0
  )
  let positives = 0
  for (const row of candidates) positives += label[row] as number
  const negatives = candidates.length - positives
  // Keep every positive (the rare class carries the information) and sample the rest.
  const keepShare = negatives === 0 ? 1 : Math.min(1, Math.max(0, options.maxRows - positives) / negatives)
  const random = new SeededRandom(options.seed).fork(`training-rows:${target}`)
  const chosen: Array<number> = []
  const weights: Array<number> = []
  for (const row of candidates) {
    if (label[row] === 1) {
      chosen.push(row)
      weights.push(1)
    } else if (keepShare >= 1 || random.next() < keepShare) {
      chosen.push(row)
      weights.push(keepShare >= 1 ? 1 : 1 / keepShare)
    }
  }
  const count = chosen.length
  const x = new Float64Array(count * layout.cols)
  const converted = new Float64Array(count)
  const unsubscribed = new Float64Array(count)
  const revenue = new Float64Array(count)
  const treated = new Uint8Array(count)
  const exposure = new Int32Array(count)
  const campaign = new Int32Array(count)
  const channel = new Int32Array(count)
  const channelOfLayout = new Map(layout.channels.map((channel, index) => [channel, index]))
  for (let index = 0; index < count; index++) {
    const row = chosen[index] as number
    const entity = exposures.entity[row] as number
    const at = exposures.timeMs[row] as number
    const variant = exposures.intervention[row] as number
    let message: MessageDescription | undefined
    if (variant >= 0) {
      const intervention = snapshot.interventions[variant]
      const channelName = snapshot.channels[exposures.channel[row] as number] ?? ""
      if (intervention !== undefined) {
        message = {
          channel: channelOfLayout.get(channelName) ?? -1,
          reading: reader.read(intervention.text, channelName)
        }
      }
    }
    writeDesignRow(context, entity, at, message, x, index)
    converted[index] = attributed.converted[row] as number
    unsubscribed[index] = attributed.unsubscribed[row] as number
    revenue[index] = attributed.revenue[row] as number
    treated[index] = message === undefined ? 0 : 1
    exposure[index] = row
    campaign[index] = exposures.campaign[row] as number
    channel[index] = message === undefined ? -1 : message.channel
  }
  return {
    rows: count,
    cols: layout.cols,
    x,
    converted,
    unsubscribed,
    revenue,
    treated,
    weights: Float64Array.from(weights),
    exposure,
    campaign,
    channel,
    negativeShare: keepShare
  }
}
