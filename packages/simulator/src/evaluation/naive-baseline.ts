// The forecast a marketer makes without Preflight: every variant converts at the targeted segments' past
// conversion rate on that channel, and the control at their past holdout rate. Its interval is the spread
// (5th to 95th percentile) of the past campaigns' rates for those segments on that channel.
import { quantileSorted } from "@preflight/calibration"
import type { AttributedOutcomes } from "../history/attribution.ts"
import type { HistorySnapshot } from "../history/history-snapshot.ts"

export interface NaiveForecast {
  readonly conversion: number
  readonly control: number
  readonly interval: readonly [number, number]
}

/** The naive forecast for a campaign on `channel` targeting `segments`, from the whole snapshot. */
export const naiveForecast = (
  snapshot: HistorySnapshot,
  attributed: AttributedOutcomes,
  segments: ReadonlyArray<string>,
  channel: string
): NaiveForecast => {
  const wanted = new Set(
    segments.map((segment) => snapshot.entities.segments.indexOf(segment)).filter((index) => index >= 0)
  )
  const channelIndex = snapshot.channels.indexOf(channel)
  let messages = 0
  let conversions = 0
  let holdouts = 0
  let holdoutConversions = 0
  const perCampaign = new Map<number, { messages: number; conversions: number }>()
  const { exposures } = snapshot
  for (let row = 0; row < exposures.count; row++) {
    const entity = exposures.entity[row] as number
    if (!wanted.has(snapshot.entities.segment[entity] as number)) continue
    const rowChannel = exposures.channel[row] as number
    const converted = attributed.converted[row] as number
    if (rowChannel < 0) {
      holdouts++
      holdoutConversions += converted
    } else if (rowChannel === channelIndex) {
      messages++
      conversions += converted
      const campaign = exposures.campaign[row] as number
      const tally = perCampaign.get(campaign) ?? { messages: 0, conversions: 0 }
      tally.messages++
      tally.conversions += converted
      perCampaign.set(campaign, tally)
    }
  }
  const rates = Float64Array.from(
    [...perCampaign.values()].filter((tally) => tally.messages >= 50),
    (tally) => tally.conversions / tally.messages
  ).sort()
  return {
    conversion: messages === 0 ? Number.NaN : conversions / messages,
    control: holdouts === 0 ? Number.NaN : holdoutConversions / holdouts,
    interval: rates.length === 0 ? [Number.NaN, Number.NaN] : [quantileSorted(rates, 0.05), quantileSorted(rates, 0.95)]
  }
}
