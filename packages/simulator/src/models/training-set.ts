// Training rows from history. Three kinds: messages of known variants, holdout rows (customers targeted and
// deliberately left alone), and natural windows (7 days in a customer's life with no touch at all, sampled
// from the background purchase record: the richest evidence of how often each customer buys on their own).
// Rows with the rare label are all kept; the others are subsampled with inverse-probability weights, so a fit
// stays fast on millions of rows.
import { SeededRandom } from "@preflight/numeric"
import type { CreativeReader } from "../features/creative-reader.ts"
import { type MessageDescription, type RowContext, writeDesignRow } from "../features/design-matrix.ts"
import { type AttributedOutcomes, DAY_MS } from "../history/attribution.ts"
import { type HistorySnapshot, OUTCOME_CODE } from "../history/history-snapshot.ts"

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
  /** Campaign of the row (−1 for a natural window). */
  readonly campaign: Int32Array
  /** Share of the rows without the target label that were kept (1 when none were dropped). */
  readonly negativeShare: number
}

/** Which rows a training set draws from. */
export type TrainingRows = "messages" | "holdouts"
/** Which rare label is kept in full when rows are subsampled. */
export type TrainingTarget = "converted" | "unsubscribed"

export interface TrainingSetOptions {
  /** Campaign indices whose rows are used. */
  readonly campaigns: ReadonlySet<number>
  /** At most this many rows (all rows with the target label are kept; the others are sampled). */
  readonly maxRows: number
  readonly seed: number
}

interface Candidate {
  readonly entity: number
  readonly atMs: number
  readonly windowDays: number
  readonly message: MessageDescription | undefined
  readonly converted: number
  readonly unsubscribed: number
  readonly revenue: number
  readonly campaign: number
}

/** Keeps every candidate with the label and a seeded share of the others, then writes the design rows. */
const sampleAndWrite = (
  candidates: ReadonlyArray<Candidate>,
  context: RowContext,
  target: TrainingTarget,
  maxRows: number,
  random: SeededRandom
): TrainingSet => {
  const labelOf = (candidate: Candidate) => (target === "converted" ? candidate.converted : candidate.unsubscribed)
  let positives = 0
  for (const candidate of candidates) positives += labelOf(candidate)
  const negatives = candidates.length - positives
  const keepShare = negatives === 0 ? 1 : Math.min(1, Math.max(0, maxRows - positives) / negatives)
  const chosen: Array<Candidate> = []
  const weights: Array<number> = []
  for (const candidate of candidates) {
    if (labelOf(candidate) === 1) {
      chosen.push(candidate)
      weights.push(1)
    } else if (keepShare >= 1 || random.next() < keepShare) {
      chosen.push(candidate)
      weights.push(keepShare >= 1 ? 1 : 1 / keepShare)
    }
  }
  const { layout } = context
  const count = chosen.length
  const x = new Float64Array(count * layout.cols)
  chosen.forEach((candidate, index) => {
    writeDesignRow(context, candidate.entity, candidate.atMs, candidate.windowDays, candidate.message, x, index)
  })
  return {
    rows: count,
    cols: layout.cols,
    x,
    converted: Float64Array.from(chosen, (candidate) => candidate.converted),
    unsubscribed: Float64Array.from(chosen, (candidate) => candidate.unsubscribed),
    revenue: Float64Array.from(chosen, (candidate) => candidate.revenue),
    treated: Uint8Array.from(chosen, (candidate) => (candidate.message === undefined ? 0 : 1)),
    weights: Float64Array.from(weights),
    campaign: Int32Array.from(chosen, (candidate) => candidate.campaign),
    negativeShare: keepShare
  }
}

/**
 * Message or holdout rows of the chosen campaigns whose window closed before the history ends. A row's
 * `window_days` is the part of the window before the customer's next touch (the attribution rule gives later
 * outcomes to that touch).
 */
export const buildTrainingSet = (
  snapshot: HistorySnapshot,
  attributed: AttributedOutcomes,
  context: RowContext,
  reader: CreativeReader,
  windowMs: number,
  rows: TrainingRows,
  target: TrainingTarget,
  options: TrainingSetOptions
): TrainingSet => {
  const { exposures } = snapshot
  const channelOfLayout = new Map(context.layout.channels.map((channel, index) => [channel, index]))
  const candidates: Array<Candidate> = []
  for (let row = 0; row < exposures.count; row++) {
    const campaign = exposures.campaign[row] as number
    if (campaign < 0 || !options.campaigns.has(campaign)) continue
    const at = exposures.timeMs[row] as number
    if (at + windowMs > snapshot.toMs) continue
    const isHoldout = (exposures.channel[row] as number) < 0
    if ((rows === "holdouts") !== isHoldout) continue
    let message: MessageDescription | undefined
    if (!isHoldout) {
      const intervention = snapshot.interventions[exposures.intervention[row] as number]
      if (intervention === undefined) continue
      const channelName = snapshot.channels[exposures.channel[row] as number] ?? ""
      message = {
        channel: channelOfLayout.get(channelName) ?? -1,
        reading: reader.read(intervention.text, channelName)
      }
    }
    const entity = exposures.entity[row] as number
    const next =
      row + 1 < (exposures.entityStart[entity + 1] as number)
        ? (exposures.timeMs[row + 1] as number)
        : Number.POSITIVE_INFINITY
    candidates.push({
      entity,
      atMs: at,
      windowDays: Math.min(windowMs, next - at) / DAY_MS,
      message,
      converted: attributed.converted[row] as number,
      unsubscribed: attributed.unsubscribed[row] as number,
      revenue: attributed.revenue[row] as number,
      campaign
    })
  }
  return sampleAndWrite(
    candidates,
    context,
    target,
    options.maxRows,
    new SeededRandom(options.seed).fork(`rows:${rows}:${target}`)
  )
}

/**
 * Natural windows: for each customer, `perCustomer` seeded start times at which no touch happened in the
 * window before (so no earlier message still claims the outcomes) nor in the window after; the label is a
 * purchase within the window. These rows teach the baseline how often each customer buys unprompted, at
 * every time of the year, from far more data than the holdouts alone.
 */
export const buildNaturalWindows = (
  snapshot: HistorySnapshot,
  context: RowContext,
  windowMs: number,
  perCustomer: number,
  maxRows: number,
  seed: number
): TrainingSet => {
  const random = new SeededRandom(seed).fork("natural-windows")
  const { exposures, outcomes } = snapshot
  // Leave a quarter year at the start so every window has some past to describe the customer with.
  const from = snapshot.fromMs + 90 * DAY_MS
  const to = snapshot.toMs - windowMs
  const candidates: Array<Candidate> = []
  if (to > from) {
    for (let e = 0; e < snapshot.entities.count; e++) {
      const created = snapshot.entities.createdAtMs[e] as number
      const start = Number.isNaN(created) ? from : Math.max(from, created + DAY_MS)
      if (start >= to) continue
      for (let draw = 0; draw < perCustomer; draw++) {
        const at = Math.round(random.uniform(start, to))
        if (touchNear(exposures, e, at - windowMs, at + windowMs)) continue
        let converted = 0
        let revenue = 0
        const end = outcomes.entityStart[e + 1] as number
        for (let row = outcomes.entityStart[e] as number; row < end; row++) {
          const t = outcomes.timeMs[row] as number
          if (t >= at + windowMs) break
          if (t < at || outcomes.type[row] !== OUTCOME_CODE.purchase) continue
          converted = 1
          revenue += outcomes.value[row] as number
        }
        candidates.push({
          entity: e,
          atMs: at,
          windowDays: windowMs / DAY_MS,
          message: undefined,
          converted,
          unsubscribed: 0,
          revenue,
          campaign: -1
        })
      }
    }
  }
  return sampleAndWrite(candidates, context, "converted", maxRows, random.fork("sample"))
}

/** Whether entity `e` has a touch (message or holdout row) in [fromMs, toMs). */
const touchNear = (exposures: HistorySnapshot["exposures"], e: number, fromMs: number, toMs: number): boolean => {
  const end = exposures.entityStart[e + 1] as number
  for (let row = exposures.entityStart[e] as number; row < end; row++) {
    const t = exposures.timeMs[row] as number
    if (t >= toMs) return false
    if (t >= fromMs) return true
  }
  return false
}

/** Concatenates training sets with the same columns (weights kept). */
export const concatTrainingSets = (sets: ReadonlyArray<TrainingSet>): TrainingSet => {
  const rows = sets.reduce((sum, set) => sum + set.rows, 0)
  const cols = sets[0]?.cols ?? 0
  const x = new Float64Array(rows * cols)
  const concat = <T extends Float64Array | Int32Array | Uint8Array>(
    pick: (set: TrainingSet) => T,
    make: (n: number) => T
  ): T => {
    const out = make(rows)
    let offset = 0
    for (const set of sets) {
      out.set(pick(set), offset)
      offset += set.rows
    }
    return out
  }
  let offset = 0
  for (const set of sets) {
    x.set(set.x, offset * cols)
    offset += set.rows
  }
  return {
    rows,
    cols,
    x,
    converted: concat(
      (set) => set.converted,
      (n) => new Float64Array(n)
    ),
    unsubscribed: concat(
      (set) => set.unsubscribed,
      (n) => new Float64Array(n)
    ),
    revenue: concat(
      (set) => set.revenue,
      (n) => new Float64Array(n)
    ),
    treated: concat(
      (set) => set.treated,
      (n) => new Uint8Array(n)
    ),
    weights: concat(
      (set) => set.weights,
      (n) => new Float64Array(n)
    ),
    campaign: concat(
      (set) => set.campaign,
      (n) => new Int32Array(n)
    ),
    negativeShare: Math.min(...sets.map((set) => set.negativeShare))
  }
}
