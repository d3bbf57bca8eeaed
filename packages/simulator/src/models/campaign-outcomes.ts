// What a past campaign actually did, arm by arm (each variant, and the holdout as control) and segment by
// segment: recipients, conversions, revenue and unsubscribes, from the attributed outcomes.
import type { AttributedOutcomes } from "../history/attribution.ts"
import type { HistorySnapshot } from "../history/history-snapshot.ts"

export interface ArmCounts {
  readonly recipients: number
  readonly conversions: number
  readonly revenue: number
  readonly unsubscribes: number
}

export interface ArmOutcome extends ArmCounts {
  /** Counts per segment index of the snapshot (−1 collects customers without a segment). */
  readonly bySegment: ReadonlyMap<number, ArmCounts>
}

export interface CampaignOutcome {
  readonly campaign: number
  /** Keyed by intervention (variant) index. */
  readonly variants: ReadonlyMap<number, ArmOutcome>
  readonly control: ArmOutcome
}

interface MutableCounts {
  recipients: number
  conversions: number
  revenue: number
  unsubscribes: number
}

const emptyCounts = (): MutableCounts => ({ recipients: 0, conversions: 0, revenue: 0, unsubscribes: 0 })

class ArmTally {
  readonly total = emptyCounts()
  readonly bySegment = new Map<number, MutableCounts>()

  add(segment: number, converted: number, revenue: number, unsubscribed: number): void {
    const segmentCounts = this.bySegment.get(segment) ?? emptyCounts()
    this.bySegment.set(segment, segmentCounts)
    for (const counts of [this.total, segmentCounts]) {
      counts.recipients += 1
      counts.conversions += converted
      counts.revenue += revenue
      counts.unsubscribes += unsubscribed
    }
  }

  freeze(): ArmOutcome {
    return { ...this.total, bySegment: new Map(this.bySegment) }
  }
}

/**
 * Realized outcomes of the campaigns in `campaigns`. With `fullWindowMs`, only recipients whose next touch
 * came after the whole window are counted: their outcomes measure the campaign itself, not how soon another
 * send took the attribution over (what a forecast of the campaign alone predicts).
 */
export const campaignOutcomes = (
  snapshot: HistorySnapshot,
  attributed: AttributedOutcomes,
  campaigns: ReadonlySet<number>,
  fullWindowMs?: number
): ReadonlyMap<number, CampaignOutcome> => {
  const tallies = new Map<number, { variants: Map<number, ArmTally>; control: ArmTally }>()
  for (const campaign of campaigns) tallies.set(campaign, { variants: new Map(), control: new ArmTally() })
  const { exposures } = snapshot
  for (let row = 0; row < exposures.count; row++) {
    const tally = tallies.get(exposures.campaign[row] as number)
    if (tally === undefined) continue
    const entity = exposures.entity[row] as number
    if (fullWindowMs !== undefined && row + 1 < (exposures.entityStart[entity + 1] as number)) {
      if ((exposures.timeMs[row + 1] as number) - (exposures.timeMs[row] as number) < fullWindowMs) continue
    }
    const segment = entity >= 0 ? (snapshot.entities.segment[entity] as number) : -1
    const converted = attributed.converted[row] as number
    const revenue = attributed.revenue[row] as number
    const unsubscribed = attributed.unsubscribed[row] as number
    if ((exposures.channel[row] as number) < 0) {
      tally.control.add(segment, converted, revenue, unsubscribed)
      continue
    }
    const variant = exposures.intervention[row] as number
    if (variant < 0) continue
    const arm = tally.variants.get(variant) ?? new ArmTally()
    tally.variants.set(variant, arm)
    arm.add(segment, converted, revenue, unsubscribed)
  }
  return new Map(
    [...tallies.entries()].map(([campaign, tally]) => [
      campaign,
      {
        campaign,
        variants: new Map([...tally.variants.entries()].map(([variant, arm]) => [variant, arm.freeze()])),
        control: tally.control.freeze()
      }
    ])
  )
}
