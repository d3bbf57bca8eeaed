// The causal backbone fitted on a history snapshot: features, the response models, every customer's state
// at the end of the history, the cost per send of each channel, and an error model measured by a backtest on
// the last campaigns (fit on what came before them, predict them from their text alone).
import type { CausalInputError } from "@preflight/causal"
import { Data, Effect } from "effect"
import { engagementPriorOf } from "../features/behaviour-features.ts"
import { type CreativeReader, cachedReader } from "../features/creative-reader.ts"
import { type CustomerStates, computeCustomerStates, statesTerms } from "../features/customer-states.ts"
import { buildLayout, type DesignLayout, entityTerms, type RowContext } from "../features/design-matrix.ts"
import { learnFeatureSpec } from "../features/feature-spec.ts"
import { fitSeasonalIndex } from "../features/seasonality.ts"
import { comparableCustomers, purchaseRecencyOf } from "../features/snapshot-leakage.ts"
import { attributeOutcomes, DAY_MS } from "../history/attribution.ts"
import type { HistorySnapshot } from "../history/history-snapshot.ts"
import { truncateSnapshot } from "../history/truncate.ts"
import { type ChannelForecast, forecastCampaign, overallMean } from "./campaign-forecast.ts"
import { campaignOutcomes } from "./campaign-outcomes.ts"
import { type ArmResidual, DEFAULT_ERROR_MODEL, type ErrorModel, fitErrorModel } from "./error-model.ts"
import { fitResponseModels, predictRows, type ResponseModels } from "./response-models.ts"
import { buildNaturalWindows, buildTrainingSet, concatTrainingSets } from "./training-set.ts"
import {
  armRateAt,
  armSegmentRatesAt,
  type BlendArm,
  chooseBlendWeight,
  historicalUplift,
  MODEL_ONLY,
  type UpliftBlend
} from "./uplift-blend.ts"

/** The history cannot support a fit; `missing` names what is lacking and how much is needed. */
export class InsufficientHistory extends Data.TaggedError("InsufficientHistory")<{
  readonly missing: string
  readonly have: number
  readonly need: number
}> {
  override get message(): string {
    return `not enough history to fit: ${this.missing} (have ${this.have}, need at least ${this.need})`
  }
}

export interface BackboneSettings {
  readonly attributionWindowDays: number
  readonly seed: number
  /** Training rows per model (all conversions kept, other rows sampled). */
  readonly maxTrainingRows: number
  /** Share of the last campaigns the internal backtest holds out to measure errors. */
  readonly backtestShare: number
  /** Natural windows drawn per customer for the baseline (kept when no touch is near them). */
  readonly naturalWindowsPerCustomer: number
  /** Called as each stage starts (for progress displays). */
  readonly onStage?: ((stage: string) => void) | undefined
}

export const DEFAULT_BACKBONE_SETTINGS: BackboneSettings = {
  attributionWindowDays: 7,
  seed: 0,
  maxTrainingRows: 120_000,
  backtestShare: 0.2,
  naturalWindowsPerCustomer: 4
}

export const MIN_CAMPAIGNS = 4
export const MIN_CONVERSIONS = 50
export const MIN_HOLDOUT_ROWS = 100

/** One segment of a backtest arm: the forecast of its members against what they realised. */
export interface BacktestSegment {
  readonly segment: string
  readonly predicted: number
  readonly conversions: number
  readonly recipients: number
}

export interface BacktestArm {
  readonly campaign: string
  readonly arm: string
  readonly predicted: number
  readonly realized: number
  readonly recipients: number
  /** Per segment (calibration scores the persona layer on these out-of-sample forecasts). */
  readonly segments: ReadonlyArray<BacktestSegment>
}

export interface FittedBackbone {
  readonly readerVersion: string
  readonly layout: DesignLayout
  readonly models: ResponseModels
  readonly states: CustomerStates
  readonly errorModel: ErrorModel
  /** How the uplift model is pooled with the history's average uplift (weight chosen by the backtest). */
  readonly upliftBlend: UpliftBlend
  /** The same for the unsubscribe rate of messages. */
  readonly unsubscribeErrorModel: ErrorModel
  /** Mean cost of one message per channel. */
  readonly channelCosts: Readonly<Record<string, number>>
  readonly attributionWindowDays: number
  readonly fromMs: number
  readonly toMs: number
  readonly diagnostics: {
    readonly campaigns: number
    readonly trainingRows: number
    readonly conversions: number
    readonly holdoutRows: number
    readonly naturalWindows: number
    readonly unsubscribeEvents: number
    readonly attributedOutcomes: number
    readonly unattributedOutcomes: number
    /** Weighted mean of the predicted conversion probability over the training rows ÷ the observed rate. */
    readonly calibrationRatio: number
    readonly backtest: ReadonlyArray<BacktestArm>
  }
}

/** Campaigns with messages whose window closed before the end of the history, in send order. */
const completedCampaigns = (snapshot: HistorySnapshot, windowMs: number): ReadonlyArray<number> =>
  snapshot.campaigns
    .filter((campaign) => campaign.messages > 0 && campaign.firstSendMs + windowMs <= snapshot.toMs)
    .sort((a, b) => a.firstSendMs - b.firstSendMs || (a.id < b.id ? -1 : 1))
    .map((campaign) => campaign.index)

interface CoreFit {
  readonly layout: DesignLayout
  readonly models: ResponseModels
  readonly states: CustomerStates
  readonly terms: ReadonlyArray<ReadonlyArray<ReadonlySet<string>>>
  /** The history's average logit uplift per channel and segment over the fitted campaigns. */
  readonly historical: Record<string, Record<string, number>>
  readonly counts: {
    trainingRows: number
    conversions: number
    holdoutRows: number
    naturalWindows: number
    unsubscribeEvents: number
  }
  readonly calibrationRatio: number
  readonly attributed: { attributedOutcomes: number; unattributedOutcomes: number }
}

const fitCore = (
  snapshot: HistorySnapshot,
  reader: CreativeReader,
  campaigns: ReadonlyArray<number>,
  settings: BackboneSettings
): Effect.Effect<CoreFit, CausalInputError | InsufficientHistory> =>
  Effect.gen(function* () {
    const windowMs = settings.attributionWindowDays * DAY_MS
    const attributed = attributeOutcomes(snapshot.exposures, snapshot.outcomes, windowMs)
    const spec = learnFeatureSpec(snapshot.entities, {
      recency: purchaseRecencyOf(snapshot),
      comparable: comparableCustomers(snapshot)
    })
    const layout = buildLayout(
      spec,
      snapshot.channels,
      reader.featureNames,
      fitSeasonalIndex(snapshot, attributed, windowMs)
    )
    const terms = entityTerms(spec, snapshot.entities, reader)
    const context: RowContext = {
      layout,
      entities: snapshot.entities,
      sources: {
        exposures: snapshot.exposures,
        outcomes: snapshot.outcomes,
        attributed,
        windowMs,
        historyStartMs: snapshot.fromMs,
        engagementPrior: engagementPriorOf(snapshot.exposures, attributed)
      },
      terms
    }
    const chosen = new Set(campaigns)
    const base = { campaigns: chosen, maxRows: settings.maxTrainingRows, seed: settings.seed }
    const messageSet = buildTrainingSet(snapshot, attributed, context, reader, windowMs, "messages", "converted", base)
    const holdoutSet = buildTrainingSet(snapshot, attributed, context, reader, windowMs, "holdouts", "converted", base)
    const naturalSet = buildNaturalWindows(
      snapshot,
      context,
      windowMs,
      settings.naturalWindowsPerCustomer,
      settings.maxTrainingRows,
      settings.seed
    )
    const sum = (values: Float64Array) => values.reduce((total, value) => total + value, 0)
    const conversions = sum(messageSet.converted) + sum(holdoutSet.converted)
    const holdoutRows = holdoutSet.rows
    if (conversions < MIN_CONVERSIONS) {
      return yield* new InsufficientHistory({
        missing: "purchases attributed to campaign messages or holdout rows",
        have: conversions,
        need: MIN_CONVERSIONS
      })
    }
    if (holdoutRows < MIN_HOLDOUT_ROWS) {
      return yield* new InsufficientHistory({
        missing: "holdout (control) rows: exposures with channel 'holdout' and the campaign id as intervention_id",
        have: holdoutRows,
        need: MIN_HOLDOUT_ROWS
      })
    }
    const unsubscribeSet = buildTrainingSet(
      snapshot,
      attributed,
      context,
      reader,
      windowMs,
      "messages",
      "unsubscribed",
      base
    )
    const baselineSet = concatTrainingSets([holdoutSet, naturalSet])
    const models = yield* fitResponseModels(baselineSet, messageSet, unsubscribeSet, layout, { seed: settings.seed })
    const unsubscribeEvents = sum(unsubscribeSet.unsubscribed)
    const states = computeCustomerStates(context, snapshot.toMs)
    return {
      layout,
      models,
      states,
      terms: statesTerms(states, reader),
      historical: historicalUplift(snapshot, attributed, chosen),
      counts: {
        trainingRows: messageSet.rows + baselineSet.rows,
        conversions,
        holdoutRows,
        naturalWindows: naturalSet.rows,
        unsubscribeEvents
      },
      calibrationRatio: calibrationRatioOf(models, layout, concatTrainingSets([messageSet, holdoutSet])),
      attributed: {
        attributedOutcomes: attributed.attributedOutcomes,
        unattributedOutcomes: attributed.unattributedOutcomes
      }
    }
  })

const calibrationRatioOf = (
  models: ResponseModels,
  layout: DesignLayout,
  training: { rows: number; x: Float64Array; converted: Float64Array; weights: Float64Array }
): number => {
  const predicted = predictRows(models, layout, training.x).conversion
  let expected = 0
  let observed = 0
  for (let row = 0; row < training.rows; row++) {
    const weight = training.weights[row] as number
    expected += weight * (predicted[row] as number)
    observed += weight * (training.converted[row] as number)
  }
  return observed === 0 ? Number.NaN : expected / observed
}

/**
 * Backtest arms: each held-out campaign predicted from its variants' text, against what it realised. The
 * weight of the uplift blend is chosen on these arms first; the residuals then describe the blended forecast.
 */
const backtestArms = (
  snapshot: HistorySnapshot,
  core: CoreFit,
  reader: CreativeReader,
  heldOut: ReadonlyArray<number>,
  windowMs: number
): {
  readonly residuals: ReadonlyArray<ArmResidual>
  readonly unsubscribeResiduals: ReadonlyArray<ArmResidual>
  readonly arms: ReadonlyArray<BacktestArm>
  readonly blendWeight: number
} => {
  const attributed = attributeOutcomes(snapshot.exposures, snapshot.outcomes, windowMs)
  const realized = campaignOutcomes(snapshot, attributed, new Set(heldOut), windowMs)
  interface Measured {
    readonly campaignIndex: number
    readonly campaign: string
    readonly arm: string
    readonly conversions: number
    readonly recipients: number
    /** The control's predicted rate, or the variant's members for the blend. */
    readonly control?: number
    readonly blend?: BlendArm
    readonly unsubscribe?: number
    readonly unsubscribes?: number
    /** Realised counts per snapshot segment index. */
    readonly bySegment: ReadonlyMap<number, { readonly conversions: number; readonly recipients: number }>
    /** Forecast per segment name: fixed for the control, at a blend weight for a variant. */
    readonly segmentForecast: (weight: number) => ReadonlyMap<string, number>
  }
  const measured: Array<Measured> = []
  for (const campaignIndex of heldOut) {
    const campaign = snapshot.campaigns[campaignIndex]
    const outcome = realized.get(campaignIndex)
    if (campaign === undefined || outcome === undefined) continue
    const variants = campaign.variants.map((variant) => ({
      id: String(variant),
      text: snapshot.interventions[variant]?.text ?? ""
    }))
    const [forecast] = forecastCampaign(
      {
        models: core.models,
        layout: core.layout,
        states: core.states,
        terms: core.terms,
        reader,
        windowDays: windowMs / DAY_MS
      },
      { segments: campaign.segments, channels: [campaign.channel], variants, sendAtMs: campaign.firstSendMs }
    ) as [ChannelForecast]
    if (outcome.control.recipients > 0) {
      measured.push({
        campaignIndex,
        campaign: campaign.id,
        arm: "control",
        conversions: outcome.control.conversions,
        recipients: outcome.control.recipients,
        control: overallMean(forecast.control.bySegment, (means) => means.conversion),
        bySegment: outcome.control.bySegment,
        segmentForecast: () =>
          new Map(
            forecast.control.population.segments.flatMap((segment, s) =>
              (forecast.control.bySegment.members[s] as number) > 0
                ? [[segment, forecast.control.bySegment.conversion[s] as number] as const]
                : []
            )
          )
      })
    }
    const historical = core.historical[campaign.channel] ?? {}
    campaign.variants.forEach((variant, index) => {
      const arm = forecast.variants[index]
      const counts = outcome.variants.get(variant)
      if (arm === undefined || counts === undefined || !(counts.recipients > 0)) return
      const { population, predictions } = arm
      const blend: BlendArm = {
        recipients: counts.recipients,
        realized: counts.conversions / counts.recipients,
        baselineLogit: predictions.baselineLogit,
        modelUplift: predictions.upliftLogit,
        historicalUplift: Float64Array.from(population.segment, (segment) => {
          const value = historical[population.segments[segment] as string]
          return value === undefined ? Number.NaN : value
        })
      }
      measured.push({
        campaignIndex,
        campaign: campaign.id,
        arm: snapshot.interventions[variant]?.id ?? String(variant),
        conversions: counts.conversions,
        recipients: counts.recipients,
        blend,
        unsubscribe: overallMean(arm.bySegment, (means) => means.unsubscribe),
        unsubscribes: counts.unsubscribes,
        bySegment: counts.bySegment,
        segmentForecast: (weight) => armSegmentRatesAt(blend, weight, population.segment, population.segments)
      })
    })
  }
  const blendWeight = chooseBlendWeight(measured.flatMap((entry) => (entry.blend === undefined ? [] : [entry.blend])))
  const residuals: Array<ArmResidual> = []
  const unsubscribeResiduals: Array<ArmResidual> = []
  const arms: Array<BacktestArm> = []
  for (const entry of measured) {
    const predicted = entry.blend === undefined ? (entry.control ?? Number.NaN) : armRateAt(entry.blend, blendWeight)
    if (Number.isNaN(predicted)) continue
    residuals.push({
      campaign: entry.campaignIndex,
      predicted,
      conversions: entry.conversions,
      recipients: entry.recipients
    })
    const forecastBySegment = entry.segmentForecast(blendWeight)
    arms.push({
      campaign: entry.campaign,
      arm: entry.arm,
      predicted,
      realized: entry.conversions / entry.recipients,
      recipients: entry.recipients,
      segments: [...entry.bySegment.entries()].flatMap(([segmentIndex, counts]) => {
        const segment = snapshot.entities.segments[segmentIndex]
        const forecastRate = segment === undefined ? undefined : forecastBySegment.get(segment)
        return segment === undefined || forecastRate === undefined || counts.recipients === 0
          ? []
          : [{ segment, predicted: forecastRate, conversions: counts.conversions, recipients: counts.recipients }]
      })
    })
    if (entry.unsubscribe !== undefined && entry.unsubscribe > 0) {
      unsubscribeResiduals.push({
        campaign: entry.campaignIndex,
        predicted: entry.unsubscribe,
        conversions: entry.unsubscribes ?? 0,
        recipients: entry.recipients
      })
    }
  }
  return { residuals, unsubscribeResiduals, arms, blendWeight }
}

const channelCostsOf = (snapshot: HistorySnapshot): Record<string, number> => {
  const sums = new Float64Array(snapshot.channels.length)
  const counts = new Float64Array(snapshot.channels.length)
  for (let row = 0; row < snapshot.exposures.count; row++) {
    const channel = snapshot.exposures.channel[row] as number
    if (channel < 0) continue
    sums[channel] = (sums[channel] as number) + (snapshot.exposures.cost[row] as number)
    counts[channel] = (counts[channel] as number) + 1
  }
  return Object.fromEntries(
    snapshot.channels.map((channel, index) => [
      channel,
      (counts[index] as number) > 0 ? (sums[index] as number) / (counts[index] as number) : 0
    ])
  )
}

/**
 * Fits on the history before the last `heldOutCount` of `campaigns` (in send order) and predicts each of those
 * from its variants' text alone, against what it realised.
 */
const backtestLastCampaigns = (
  snapshot: HistorySnapshot,
  reader: CreativeReader,
  campaigns: ReadonlyArray<number>,
  heldOutCount: number,
  settings: BackboneSettings
) =>
  Effect.gen(function* () {
    const windowMs = settings.attributionWindowDays * DAY_MS
    const heldOut = campaigns.slice(campaigns.length - heldOutCount)
    const cutMs = Math.min(
      ...heldOut.map((index) => snapshot.campaigns[index]?.firstSendMs ?? Number.POSITIVE_INFINITY)
    )
    settings.onStage?.(`backtest: fitting on ${campaigns.length - heldOutCount} campaigns, predicting ${heldOutCount}`)
    const trainCampaigns = campaigns.slice(0, campaigns.length - heldOutCount)
    const inner = yield* fitCore(truncateSnapshot(snapshot, cutMs), reader, trainCampaigns, settings)
    return backtestArms(snapshot, inner, reader, heldOut, windowMs)
  })

/**
 * Backtests a history: holds out its last `requestedCount` completed campaigns (default: `backtestShare` of them), fits on everything sent before
 * the first of them, and predicts each held-out arm (variants and control) from the variants' text alone.
 */
export const backtestHistory = (
  snapshot: HistorySnapshot,
  baseReader: CreativeReader,
  requestedCount: number | undefined,
  settings: BackboneSettings = DEFAULT_BACKBONE_SETTINGS
): Effect.Effect<ReadonlyArray<BacktestArm>, CausalInputError | InsufficientHistory> =>
  Effect.gen(function* () {
    const reader = cachedReader(baseReader)
    const campaigns = completedCampaigns(snapshot, settings.attributionWindowDays * DAY_MS)
    const heldOutCount = requestedCount ?? Math.max(1, Math.round(campaigns.length * settings.backtestShare))
    if (campaigns.length - heldOutCount < MIN_CAMPAIGNS || heldOutCount < 1) {
      return yield* new InsufficientHistory({
        missing: `campaigns left to fit on after holding out ${heldOutCount}`,
        have: Math.max(0, campaigns.length - heldOutCount),
        need: MIN_CAMPAIGNS
      })
    }
    const measured = yield* backtestLastCampaigns(snapshot, reader, campaigns, heldOutCount, settings)
    return measured.arms
  })

/**
 * Fits the backbone. The error model comes from a backtest on the last `backtestShare` of the campaigns
 * (at least 3 campaigns held out and 4 kept), else `DEFAULT_ERROR_MODEL` is used and the backtest is empty.
 */
export const fitBackbone = (
  snapshot: HistorySnapshot,
  baseReader: CreativeReader,
  settings: BackboneSettings = DEFAULT_BACKBONE_SETTINGS
): Effect.Effect<FittedBackbone, CausalInputError | InsufficientHistory> =>
  Effect.gen(function* () {
    const reader = cachedReader(baseReader)
    const windowMs = settings.attributionWindowDays * DAY_MS
    const campaigns = completedCampaigns(snapshot, windowMs)
    if (campaigns.length < MIN_CAMPAIGNS) {
      return yield* new InsufficientHistory({
        missing: "campaigns with messages and a full attribution window",
        have: campaigns.length,
        need: MIN_CAMPAIGNS
      })
    }
    const heldOutCount = Math.round(campaigns.length * settings.backtestShare)
    let errorModel = DEFAULT_ERROR_MODEL
    let unsubscribeErrorModel = DEFAULT_ERROR_MODEL
    let backtest: ReadonlyArray<BacktestArm> = []
    let blendWeight = MODEL_ONLY.weight
    if (heldOutCount >= 3 && campaigns.length - heldOutCount >= MIN_CAMPAIGNS) {
      const inner = yield* Effect.result(backtestLastCampaigns(snapshot, reader, campaigns, heldOutCount, settings))
      if (inner._tag === "Success") {
        errorModel = fitErrorModel(inner.success.residuals)
        unsubscribeErrorModel = fitErrorModel(inner.success.unsubscribeResiduals)
        backtest = inner.success.arms
        blendWeight = inner.success.blendWeight
      }
    }
    settings.onStage?.(`fitting on all ${campaigns.length} campaigns`)
    const core = yield* fitCore(snapshot, reader, campaigns, settings)
    return {
      readerVersion: reader.version,
      layout: core.layout,
      models: core.models,
      states: core.states,
      errorModel,
      upliftBlend: { weight: blendWeight, historical: core.historical },
      unsubscribeErrorModel,
      channelCosts: channelCostsOf(snapshot),
      attributionWindowDays: settings.attributionWindowDays,
      fromMs: snapshot.fromMs,
      toMs: snapshot.toMs,
      diagnostics: {
        campaigns: campaigns.length,
        trainingRows: core.counts.trainingRows,
        conversions: core.counts.conversions,
        holdoutRows: core.counts.holdoutRows,
        naturalWindows: core.counts.naturalWindows,
        unsubscribeEvents: core.counts.unsubscribeEvents,
        attributedOutcomes: core.attributed.attributedOutcomes,
        unattributedOutcomes: core.attributed.unattributedOutcomes,
        calibrationRatio: core.calibrationRatio,
        backtest
      }
    }
  })
