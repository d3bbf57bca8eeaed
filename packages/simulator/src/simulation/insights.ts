// Plain-language findings, each backed by numbers that appear in the response and each with a confidence
// read from the Monte Carlo runs (the share of runs in which the finding holds). Only findings that say
// something a marketer can act on are produced; none is invented when the numbers do not support it.
import type { Insight, SegmentSummary } from "../contract/simulate-response.ts"
import { type Draws, shareGreater } from "./monte-carlo.ts"
import type { CellEconomics } from "./optimal-configuration.ts"
import type { PersonaPanelResult } from "./persona-panel-result.ts"
import type { SimulationPlan } from "./plan-simulation.ts"

export interface InsightInput {
  readonly plan: SimulationPlan
  readonly economics: ReadonlyArray<CellEconomics>
  readonly segmentBreakdown: ReadonlyArray<SegmentSummary>
  readonly panel: PersonaPanelResult | undefined
  readonly unsubscribeCap: number | undefined
  readonly roiDraws: Draws | undefined
  readonly minRoi: number | undefined
}

const round = (value: number, digits = 4): number => Math.round(value * 10 ** digits) / 10 ** digits
const percent = (value: number): string => `${round(value * 100, 2)}%`

const shareAbove = (values: Draws, threshold: number): number => {
  let count = 0
  for (const value of values) if (value > threshold) count++
  return values.length === 0 ? 0 : count / values.length
}

const variantComparison = (input: InsightInput): Insight | undefined => {
  const cells = [...input.economics].sort((a, b) => b.conversion - a.conversion)
  const best = cells[0]
  const runnerUp = cells.find(
    (cell) => best !== undefined && cell.channel === best.channel && cell.variantId !== best.variantId
  )
  if (best === undefined || runnerUp === undefined) return undefined
  const confidence = shareGreater(best.draws.conversion, runnerUp.draws.conversion)
  const relative = runnerUp.conversion > 0 ? best.conversion / runnerUp.conversion - 1 : 0
  return {
    finding: `${best.variantId} is expected to convert ${percent(relative)} better than ${runnerUp.variantId} on ${best.channel} (${percent(best.conversion)} vs ${percent(runnerUp.conversion)})`,
    confidence: round(confidence),
    recommendation:
      confidence >= 0.8
        ? `Send ${best.variantId}`
        : `The difference is within the models' error: send both as an A/B test before committing to ${best.variantId}`,
    evidence: {
      best_conversion_rate: round(best.conversion, 6),
      runner_up_conversion_rate: round(runnerUp.conversion, 6)
    }
  }
}

const segmentComparison = (input: InsightInput): Insight | undefined => {
  const { segmentBreakdown, plan, economics } = input
  if (segmentBreakdown.length < 2) return undefined
  const ranked = segmentBreakdown
    .map((summary, index) => ({ summary, index }))
    .sort((a, b) => b.summary.uplift_vs_control - a.summary.uplift_vs_control)
  const top = ranked[0]
  const bottom = ranked[ranked.length - 1]
  const cell = [...economics].sort((a, b) => b.uplift - a.uplift)[0]
  if (top === undefined || bottom === undefined || cell === undefined) return undefined
  const topDraws = cell.draws.segmentUplift[top.index]
  const bottomDraws = cell.draws.segmentUplift[bottom.index]
  if (topDraws === undefined || bottomDraws === undefined) return undefined
  const confidence = shareGreater(topDraws, bottomDraws)
  const ratio =
    bottom.summary.uplift_vs_control > 0
      ? top.summary.uplift_vs_control / bottom.summary.uplift_vs_control
      : Number.POSITIVE_INFINITY
  const bottomPositive = shareAbove(bottomDraws, 0)
  return {
    finding: `${top.summary.segment} responds most: uplift ${percent(top.summary.uplift_vs_control)} against ${percent(bottom.summary.uplift_vs_control)} for ${bottom.summary.segment}${Number.isFinite(ratio) && ratio >= 1.5 ? ` (${round(ratio, 1)}×)` : ""}`,
    confidence: round(confidence),
    recommendation:
      bottomPositive < 0.5
        ? `Prioritise ${top.summary.segment}; ${bottom.summary.segment} shows no reliable uplift and could be left out to save ${plan.channels.length > 1 ? "sends" : "cost"}`
        : `Prioritise ${top.summary.segment} if the budget is tight`,
    evidence: {
      top_segment_uplift: top.summary.uplift_vs_control,
      bottom_segment_uplift: bottom.summary.uplift_vs_control
    }
  }
}

const unsubscribeRisk = (input: InsightInput): Insight | undefined => {
  const { segmentBreakdown, unsubscribeCap, economics } = input
  const worst = [...segmentBreakdown]
    .map((summary, index) => ({ summary, index }))
    .sort((a, b) => b.summary.unsubscribe_rate - a.summary.unsubscribe_rate)[0]
  const cell = [...economics].sort((a, b) => b.unsubscribe - a.unsubscribe)[0]
  if (worst === undefined || cell === undefined || worst.summary.unsubscribe_rate <= 0) return undefined
  const segmentDraws = cell.draws.segmentUnsubscribe[worst.index]
  if (segmentDraws === undefined) return undefined
  const limit = unsubscribeCap ?? 0.005
  const confidence = shareAbove(segmentDraws, limit)
  if (unsubscribeCap === undefined && worst.summary.unsubscribe_rate < 0.0025) return undefined
  const saturated = worst.summary.risk_factors.includes("saturation")
  return {
    finding: `${worst.summary.segment} has the highest unsubscribe risk: ${percent(worst.summary.unsubscribe_rate)} per message${unsubscribeCap === undefined ? "" : ` against a cap of ${percent(unsubscribeCap)}`}${saturated ? ", after many recent touches" : ""}`,
    confidence: round(unsubscribeCap === undefined ? 1 - confidence : confidence),
    recommendation: saturated
      ? `Hold ${worst.summary.segment} back from this send or cap its frequency: its customers were contacted often in the last 30 days`
      : `Watch unsubscribes in ${worst.summary.segment}; a softer variant or a lower frequency reduces the risk`,
    evidence: { segment_unsubscribe_rate: worst.summary.unsubscribe_rate, limit }
  }
}

const roiCheck = (input: InsightInput): Insight | undefined => {
  if (input.minRoi === undefined || input.roiDraws === undefined) return undefined
  const confidence = shareAbove(input.roiDraws, input.minRoi)
  return {
    finding: `The campaign reaches the minimum ROI of ${input.minRoi} in ${percent(confidence)} of the simulated outcomes`,
    confidence: round(confidence),
    recommendation:
      confidence >= 0.8
        ? "The return target is likely met as planned"
        : "Reduce cost (fewer recipients, a cheaper channel) or target the segments with the most uplift to meet the return target",
    evidence: { min_roi: input.minRoi }
  }
}

const channelComparison = (input: InsightInput): Insight | undefined => {
  if (input.plan.channels.length < 2) return undefined
  const byVariant = new Map<string, Array<CellEconomics>>()
  for (const cell of input.economics) byVariant.set(cell.variantId, [...(byVariant.get(cell.variantId) ?? []), cell])
  const bestCell = [...input.economics].sort((a, b) => b.uplift - a.uplift)[0]
  if (bestCell === undefined) return undefined
  const others = (byVariant.get(bestCell.variantId) ?? []).filter((cell) => cell.channel !== bestCell.channel)
  const second = others.sort((a, b) => b.uplift - a.uplift)[0]
  if (second === undefined) return undefined
  return {
    finding: `${bestCell.channel} lifts conversion more than ${second.channel} for ${bestCell.variantId} (${percent(bestCell.uplift)} vs ${percent(second.uplift)})`,
    confidence: round(shareGreater(bestCell.draws.uplift, second.draws.uplift)),
    recommendation: `Prefer ${bestCell.channel} for ${bestCell.variantId}`,
    evidence: { best_channel_uplift: round(bestCell.uplift, 6), other_channel_uplift: round(second.uplift, 6) }
  }
}

const personaVoice = (input: InsightInput): Insight | undefined => {
  const { panel, segmentBreakdown } = input
  if (panel === undefined) return undefined
  const ranked = segmentBreakdown
    .map((summary, index) => ({ summary, panel: panel.summaries[index] }))
    .filter((item) => item.panel !== undefined && item.panel.personas > 0 && item.panel.sampleRationales.length > 0)
    .sort((a, b) => Math.abs(b.panel?.meanIntentDelta ?? 0) - Math.abs(a.panel?.meanIntentDelta ?? 0))
  const strongest = ranked[0]
  if (strongest === undefined || strongest.panel === undefined) return undefined
  const engage = strongest.panel.actionShares.engage
  return {
    finding: `Personas in ${strongest.summary.segment} lean ${strongest.panel.meanIntentDelta >= 0 ? "towards" : "against"} the offer (mean intent change ${round(strongest.panel.meanIntentDelta, 2)}); typical reason: "${strongest.panel.sampleRationales[0]}"`,
    confidence: round(strongest.panel.meanIntentDelta >= 0 ? engage : 1 - engage),
    recommendation:
      strongest.panel.meanIntentDelta >= 0
        ? `Keep what ${strongest.summary.segment} reacts to in the winning variant`
        : `Rework the message for ${strongest.summary.segment} before sending`,
    evidence: { mean_intent_delta: round(strongest.panel.meanIntentDelta, 4), engage_share: round(engage, 4) }
  }
}

/** The findings worth reporting, most actionable first. */
export const buildInsights = (input: InsightInput): Array<Insight> =>
  [variantComparison, segmentComparison, unsubscribeRisk, roiCheck, channelComparison, personaVoice]
    .map((make) => make(input))
    .filter((insight): insight is Insight => insight !== undefined)
