// What a message adds, pooled with what the history says on average. The uplift trees learn a message's effect
// from a few dozen campaigns; on a new creative their answer is noisy, while the history's plain average uplift
// of a segment on a channel (its messages against its holdout rows) is steady but ignores the creative. The
// forecast uses a weighted mix on the logit scale,
//   u = w · u_model(customer, creative) + (1 − w) · ū_history(channel, segment),
// with w (at least MIN_MODEL_WEIGHT) chosen by the fit's own backtest: the weight whose forecasts of the held-out campaigns came closest
// to what they realised (squared error, weighted by recipients; realised noise is the same for every w).
import type { AttributedOutcomes } from "../history/attribution.ts"
import type { HistorySnapshot } from "../history/history-snapshot.ts"

export interface UpliftBlend {
  /** Weight of the uplift model; 1 − weight goes to the history's average uplift. */
  readonly weight: number
  /** Logit uplift per channel and segment, from the history's messages against its holdout rows. */
  readonly historical: Readonly<Record<string, Readonly<Record<string, number>>>>
}

/** The uplift model alone (no backtest to choose a weight with). */
export const MODEL_ONLY: UpliftBlend = { weight: 1, historical: {} }

/** Pseudo-rows each rate is shrunk with towards its wider group (channel for messages, all for holdouts). */
const PRIOR_ROWS = 500

const logit = (p: number): number => Math.log(p / (1 - p))

/**
 * ū per channel and segment over the given campaigns: logit of the messages' attributed conversion rate minus
 * logit of the same segment's holdout rate, each shrunk towards its channel's (all holdouts') rate.
 */
export const historicalUplift = (
  snapshot: HistorySnapshot,
  attributed: AttributedOutcomes,
  campaigns: ReadonlySet<number>
): Record<string, Record<string, number>> => {
  const segments = snapshot.entities.segments.length
  const channels = snapshot.channels.length
  const sent = new Float64Array(channels * segments)
  const sentConverted = new Float64Array(channels * segments)
  const held = new Float64Array(segments)
  const heldConverted = new Float64Array(segments)
  const { exposures } = snapshot
  for (let row = 0; row < exposures.count; row++) {
    if (!campaigns.has(exposures.campaign[row] as number)) continue
    const segment = snapshot.entities.segment[exposures.entity[row] as number] as number
    if (segment < 0) continue
    const channel = exposures.channel[row] as number
    const converted = attributed.converted[row] as number
    if (channel < 0) {
      held[segment] = (held[segment] as number) + 1
      heldConverted[segment] = (heldConverted[segment] as number) + converted
    } else {
      sent[channel * segments + segment] = (sent[channel * segments + segment] as number) + 1
      sentConverted[channel * segments + segment] = (sentConverted[channel * segments + segment] as number) + converted
    }
  }
  const sum = (values: Float64Array, from = 0, to = values.length) => {
    let total = 0
    for (let index = from; index < to; index++) total += values[index] as number
    return total
  }
  const heldRate = (sum(heldConverted) + 0.5) / (sum(held) + 1)
  const result: Record<string, Record<string, number>> = {}
  snapshot.channels.forEach((channel, c) => {
    const from = c * segments
    const channelRate = (sum(sentConverted, from, from + segments) + 0.5) / (sum(sent, from, from + segments) + 1)
    const own: Record<string, number> = {}
    snapshot.entities.segments.forEach((segment, s) => {
      const n = sent[from + s] as number
      const m = held[s] as number
      if (n === 0 || m === 0) return
      const treated = ((sentConverted[from + s] as number) + PRIOR_ROWS * channelRate) / (n + PRIOR_ROWS)
      const control = ((heldConverted[s] as number) + PRIOR_ROWS * heldRate) / (m + PRIOR_ROWS)
      own[segment] = logit(treated) - logit(control)
    })
    result[channel] = own
  })
  return result
}

/** The blended logit uplift of one customer (the model's alone where the history has no average). */
export const blendedUplift = (blend: UpliftBlend, channel: string, segment: string, modelUplift: number): number => {
  const prior = blend.historical[channel]?.[segment]
  return prior === undefined ? modelUplift : blend.weight * modelUplift + (1 - blend.weight) * prior
}

/** One held-out arm as the backtest saw it: its members' logits and what it realised. */
export interface BlendArm {
  readonly recipients: number
  readonly realized: number
  readonly baselineLogit: Float64Array
  readonly modelUplift: Float64Array
  /** ū of each member's segment on the arm's channel (NaN: none). */
  readonly historicalUplift: Float64Array
}

/** The arm's mean predicted rate at weight `weight`. */
export const armRateAt = (arm: BlendArm, weight: number): number => {
  let total = 0
  for (let index = 0; index < arm.baselineLogit.length; index++) {
    const model = arm.modelUplift[index] as number
    const prior = arm.historicalUplift[index] as number
    const uplift = Number.isNaN(prior) ? model : weight * model + (1 - weight) * prior
    total += 1 / (1 + Math.exp(-((arm.baselineLogit[index] as number) + uplift)))
  }
  return arm.baselineLogit.length === 0 ? Number.NaN : total / arm.baselineLogit.length
}

/** The same mean per segment name (members grouped by `segmentOf`, names from `segments`). */
export const armSegmentRatesAt = (
  arm: BlendArm,
  weight: number,
  segmentOf: ArrayLike<number>,
  segments: ReadonlyArray<string>
): ReadonlyMap<string, number> => {
  const totals = new Float64Array(segments.length)
  const counts = new Float64Array(segments.length)
  for (let index = 0; index < arm.baselineLogit.length; index++) {
    const segment = segmentOf[index] as number
    const model = arm.modelUplift[index] as number
    const prior = arm.historicalUplift[index] as number
    const uplift = Number.isNaN(prior) ? model : weight * model + (1 - weight) * prior
    totals[segment] = (totals[segment] as number) + 1 / (1 + Math.exp(-((arm.baselineLogit[index] as number) + uplift)))
    counts[segment] = (counts[segment] as number) + 1
  }
  return new Map(
    segments.flatMap((name, s) =>
      (counts[s] as number) > 0 ? [[name, (totals[s] as number) / (counts[s] as number)] as const] : []
    )
  )
}

/**
 * The least weight the model keeps: below it the variants of a campaign would all look alike, and telling them
 * apart (which to send) is the first thing a forecast is for. Any positive weight keeps the model's ranking.
 */
export const MIN_MODEL_WEIGHT = 0.2

/** The weight in [MIN_MODEL_WEIGHT, 1] (steps of 0.05) with the least recipient-weighted squared error. */
export const chooseBlendWeight = (arms: ReadonlyArray<BlendArm>): number => {
  if (arms.length < 4) return 1
  let best = 1
  let bestError = Number.POSITIVE_INFINITY
  for (let step = Math.round(MIN_MODEL_WEIGHT * 20); step <= 20; step++) {
    const weight = step / 20
    let error = 0
    for (const arm of arms) {
      const rate = armRateAt(arm, weight)
      if (Number.isNaN(rate)) continue
      error += arm.recipients * (rate - arm.realized) ** 2
    }
    if (error < bestError - 1e-15) {
      bestError = error
      best = weight
    }
  }
  return best
}
