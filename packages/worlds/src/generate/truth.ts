// Ground truth of campaigns: per variant, per segment and for the control, the expected conversion rate,
// unsubscribe rate and revenue per recipient over the campaign's actual recipients, from the expectations
// each touch carries (not from the realised draws).
import type { Customer } from "./customers.ts"
import type { TouchColumns } from "./history-columns.ts"
import type { PlannedCampaign } from "./simulate.ts"
import type { CampaignTruth, RateTruth, SegmentTruth } from "./truth-schema.ts"

interface Accumulator {
  recipients: number
  conversions: number
  unsubscribes: number
  revenue: number
}

const emptyAccumulator = (): Accumulator => ({ recipients: 0, conversions: 0, unsubscribes: 0, revenue: 0 })

const rates = (sum: Accumulator): RateTruth => ({
  recipients: sum.recipients,
  conversion_rate: sum.recipients === 0 ? 0 : sum.conversions / sum.recipients,
  unsubscribe_rate: sum.recipients === 0 ? 0 : sum.unsubscribes / sum.recipients,
  revenue_per_recipient: sum.recipients === 0 ? 0 : sum.revenue / sum.recipients
})

const add = (sum: Accumulator | undefined, conversion: number, unsubscribe: number, revenue: number): void => {
  if (sum === undefined) return
  sum.recipients += 1
  sum.conversions += conversion
  sum.unsubscribes += unsubscribe
  sum.revenue += revenue
}

/**
 * Which expectation to aggregate: the whole 7-day window after each send (held-out truth: the campaign's own
 * effect, not shortened when a later send takes the attribution over) or what the history files can show.
 */
export type TruthView = "full" | "history"

/**
 * Aggregates the touches `touchIndices` of `campaign` into its truth. `texts` gives each variant's text;
 * `segmentIds` lists every segment id (segments without recipients are left out of the breakdowns).
 */
export const campaignTruth = (
  campaign: PlannedCampaign,
  touches: TouchColumns,
  touchIndices: ReadonlyArray<number>,
  customers: ReadonlyArray<Customer>,
  segmentIds: ReadonlyArray<string>,
  texts: ReadonlyArray<string>,
  view: TruthView,
  request: string | null,
  sendTimeIso: string
): CampaignTruth => {
  const groups = campaign.variants.length + 1
  const totals = Array.from({ length: groups }, emptyAccumulator)
  const bySegment = Array.from({ length: groups }, () => segmentIds.map(emptyAccumulator))
  for (const touch of touchIndices) {
    const variant = touches.variant[touch] as number
    const group = variant < 0 ? campaign.variants.length : variant
    const segment = (customers[touches.entity[touch] as number] as Customer).segmentIndex
    const conversion =
      view === "full"
        ? (touches.expectedConversionFullWindow[touch] as number)
        : (touches.expectedConversionInHistory[touch] as number)
    const unsubscribe =
      view === "full"
        ? (touches.unsubscribeProbability[touch] as number)
        : (touches.expectedUnsubscribeInHistory[touch] as number)
    const revenue = conversion * (touches.orderValueMean[touch] as number)
    add(totals[group], conversion, unsubscribe, revenue)
    add(bySegment[group]?.[segment], conversion, unsubscribe, revenue)
  }
  const segmentsOf = (group: number): Array<SegmentTruth> =>
    (bySegment[group] ?? []).flatMap((sum, segment) =>
      sum.recipients === 0 ? [] : [{ segment: segmentIds[segment] ?? "", ...rates(sum) }]
    )
  return {
    request,
    campaign_id: campaign.id,
    name: campaign.name,
    channel: campaign.channel.channel,
    send_time: sendTimeIso,
    segments: [...campaign.segments],
    variants: campaign.variants.map((variant, index) => ({
      variant_id: variant.id,
      text: texts[index] ?? "",
      attributes: { ...variant.attributes, offer: { ...variant.attributes.offer } },
      ...rates(totals[index] ?? emptyAccumulator()),
      segments: segmentsOf(index)
    })),
    control: {
      ...rates(totals[campaign.variants.length] ?? emptyAccumulator()),
      segments: segmentsOf(campaign.variants.length)
    }
  }
}
