// What calibration learns from: every completed campaign of the history as cells, one per (campaign, variant,
// segment) on the campaign's channel, with what the cell's recipients did and what the same segment's holdout
// rows of that campaign did. Counted as the fit's backtest counts them (a recipient counts only when no other
// send took the attribution window over), so a cell's realised rate measures the campaign itself.
import { attributeOutcomes, DAY_MS } from "../history/attribution.ts"
import type { HistorySnapshot } from "../history/history-snapshot.ts"
import { campaignOutcomes } from "../models/campaign-outcomes.ts"

export interface HistoryCell {
  /** `campaign/variant/segment`: unique per cell. */
  readonly key: string
  readonly campaign: string
  /** First send of the campaign (ms since the epoch). */
  readonly sendMs: number
  readonly channel: string
  readonly variant: string
  readonly text: string
  readonly segment: string
  readonly recipients: number
  readonly conversions: number
  readonly controlRecipients: number
  readonly controlConversions: number
}

/** Logit of a rate smoothed by half a conversion (finite for 0 and n). */
export const smoothedLogit = (conversions: number, recipients: number): number => {
  const p = (conversions + 0.5) / (recipients + 1)
  return Math.log(p / (1 - p))
}

/** A cell's realised uplift on the logit scale: its rate against its segment's holdout in the same campaign. */
export const cellLogitUplift = (cell: HistoryCell): number =>
  smoothedLogit(cell.conversions, cell.recipients) - smoothedLogit(cell.controlConversions, cell.controlRecipients)

/** What a cell's recipients and its segment's holdout did, as stored with its training example. */
export const cellLabels = (cell: HistoryCell) => ({
  recipients: cell.recipients,
  conversions: cell.conversions,
  conversion_rate: cell.conversions / cell.recipients,
  control_recipients: cell.controlRecipients,
  control_conversions: cell.controlConversions,
  control_rate: cell.controlConversions / cell.controlRecipients,
  logit_uplift: cellLogitUplift(cell)
})

/**
 * The cells of every campaign whose attribution window closed before the end of the history, in send order.
 * Cells with fewer than `minRecipients` recipients or without holdout rows in their segment are left out:
 * their rates say too little.
 */
export const historyCells = (
  snapshot: HistorySnapshot,
  attributionWindowDays: number,
  minRecipients = 30
): ReadonlyArray<HistoryCell> => {
  const windowMs = attributionWindowDays * DAY_MS
  const campaigns = snapshot.campaigns
    .filter((campaign) => campaign.messages > 0 && campaign.firstSendMs + windowMs <= snapshot.toMs)
    .sort((a, b) => a.firstSendMs - b.firstSendMs || (a.id < b.id ? -1 : 1))
  const attributed = attributeOutcomes(snapshot.exposures, snapshot.outcomes, windowMs)
  const outcomes = campaignOutcomes(snapshot, attributed, new Set(campaigns.map((c) => c.index)), windowMs)
  const cells: Array<HistoryCell> = []
  for (const campaign of campaigns) {
    const outcome = outcomes.get(campaign.index)
    if (outcome === undefined) continue
    for (const variantIndex of campaign.variants) {
      const variant = snapshot.interventions[variantIndex]
      const arm = outcome.variants.get(variantIndex)
      if (variant === undefined || arm === undefined) continue
      for (const [segmentIndex, counts] of [...arm.bySegment.entries()].sort((a, b) => a[0] - b[0])) {
        const segment = snapshot.entities.segments[segmentIndex]
        const control = outcome.control.bySegment.get(segmentIndex)
        if (segment === undefined || control === undefined || control.recipients === 0) continue
        if (counts.recipients < minRecipients) continue
        cells.push({
          key: `${campaign.id}/${variant.id}/${segment}`,
          campaign: campaign.id,
          sendMs: campaign.firstSendMs,
          channel: campaign.channel,
          variant: variant.id,
          text: variant.text,
          segment,
          recipients: counts.recipients,
          conversions: counts.conversions,
          controlRecipients: control.recipients,
          controlConversions: control.conversions
        })
      }
    }
  }
  return cells
}

export interface CellSplit {
  /** Campaigns sent before the first validation campaign. */
  readonly train: ReadonlyArray<HistoryCell>
  /** The validation campaigns' cells. */
  readonly val: ReadonlyArray<HistoryCell>
}

/**
 * Splits by campaign and time: the validation campaigns' cells are `val`; `train` keeps only campaigns sent
 * strictly before the first of them, so nothing later than a validation campaign (and no cell of one) trains.
 */
export const splitCells = (cells: ReadonlyArray<HistoryCell>, validationCampaigns: ReadonlySet<string>): CellSplit => {
  const val = cells.filter((cell) => validationCampaigns.has(cell.campaign))
  const cutMs = Math.min(...val.map((cell) => cell.sendMs))
  const train = cells.filter((cell) => !validationCampaigns.has(cell.campaign) && cell.sendMs < cutMs)
  return { train, val }
}

/** Campaign ids in first-send order. */
export const campaignsOf = (cells: ReadonlyArray<HistoryCell>): ReadonlyArray<string> => {
  const seen = new Map<string, number>()
  for (const cell of cells) if (!seen.has(cell.campaign)) seen.set(cell.campaign, cell.sendMs)
  return [...seen.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([campaign]) => campaign)
}
