// Turns a plan, the persona panel and the Monte Carlo draws into the response: per variant × channel, per
// segment and for the control arm, every rate with its interval and uplift; the campaign totals, cost and ROI;
// the constraint checks; the best configuration; insights; and how calibrated the whole is.
import { createHash } from "node:crypto"
import type { SegmentSummary, SimulateResponse, VariantBreakdown } from "../contract/simulate-response.ts"
import { RESPONSE_SCHEMA_VERSION } from "../contract/simulate-response.ts"
import type { ErrorModel } from "../models/error-model.ts"
import type { BacktestArm } from "../models/fit-backbone.ts"
import type { StoredFit } from "../persistence/fit-store.ts"
import { buildInsights } from "./insights.ts"
import { type ArmPoint, type CellInput, type Draws, type EngineDraws, interval, runMonteCarlo } from "./monte-carlo.ts"
import { type CellEconomics, chooseConfiguration } from "./optimal-configuration.ts"
import type { PersonaPanelResult } from "./persona-panel-result.ts"
import type { SimulationPlan } from "./plan-simulation.ts"

export const CONFIDENCE_LEVEL = 0.9

export interface CalibrationStatus {
  readonly historicalAccuracy: number | null
  readonly driftDetected: boolean
  readonly lastCalibration: string | null
  readonly programVersion: number | null
}

const round = (value: number, digits = 6): number => {
  if (!Number.isFinite(value)) return 0
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

const estimate = (value: number, draws: Draws, digits = 6) => {
  const [lo, hi] = interval(draws, CONFIDENCE_LEVEL)
  return {
    value: round(value, digits),
    confidence_interval: [round(lo, digits), round(hi, digits)] as [number, number]
  }
}

const logit = (p: number): number => {
  const clamped = Math.min(1 - 1e-9, Math.max(1e-9, p))
  return Math.log(clamped / (1 - clamped))
}
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))

/** Applies the persona shifts (logit scale) to a cell's per-segment conversion; revenue scales with it. */
const shiftedPoint = (point: ArmPoint, shift: Float64Array | undefined): ArmPoint => {
  if (shift === undefined) return point
  const conversion = Float64Array.from(point.conversion, (p, segment) =>
    Number.isNaN(p) ? p : sigmoid(logit(p) + (shift[segment] ?? 0))
  )
  const revenue = Float64Array.from(point.revenue, (value, segment) => {
    const before = point.conversion[segment] as number
    return before > 0 ? (value * (conversion[segment] as number)) / before : value
  })
  return { conversion, revenue, unsubscribe: point.unsubscribe }
}

const weighted = (values: Float64Array, shares: Float64Array): number => {
  let total = 0
  for (let segment = 0; segment < values.length; segment++) {
    const value = values[segment] as number
    if (!Number.isNaN(value)) total += (shares[segment] as number) * value
  }
  return total
}

/** Sums draws of several arms weighted by recipients (the campaign as a whole). */
const mixDraws = (parts: ReadonlyArray<{ draws: Draws; weight: number }>, runs: number): Float64Array => {
  const out = new Float64Array(runs)
  const total = parts.reduce((sum, part) => sum + part.weight, 0)
  if (total === 0) return out
  for (const part of parts)
    for (let run = 0; run < runs; run++)
      out[run] = (out[run] as number) + (part.weight / total) * (part.draws[run] as number)
  return out
}

const riskLevel = (rate: number, cap: number | undefined): "low" | "acceptable" | "elevated" | "high" => {
  if (cap !== undefined)
    return rate <= 0.5 * cap ? "low" : rate <= cap ? "acceptable" : rate <= 1.5 * cap ? "elevated" : "high"
  return rate <= 0.002 ? "low" : rate <= 0.005 ? "acceptable" : rate <= 0.01 ? "elevated" : "high"
}

/** A deterministic id: the same request, seed, fit and program version always name the same simulation. */
/**
 * Share of the backtest's arms whose realised rate fell inside the 90% interval the error model gives them:
 * the campaign and arm errors plus the binomial noise of a realised rate, on the logit scale. The error model
 * was estimated on these same arms, so this checks its fit, not a fresh forecast (the accuracy bench does that).
 */
const backtestCoverage = (arms: ReadonlyArray<BacktestArm>, errors: ErrorModel): number | null => {
  const scored = arms.filter((arm) => arm.recipients > 0 && arm.predicted > 0 && arm.predicted < 1)
  if (scored.length === 0) return null
  const logit = (p: number) => Math.log(p / (1 - p))
  let inside = 0
  for (const arm of scored) {
    const sampling = 1 / (arm.recipients * arm.predicted * (1 - arm.predicted))
    const halfWidth = 1.6449 * Math.sqrt(errors.campaignSd ** 2 + errors.armSd ** 2 + sampling)
    const realized = logit(Math.min(1 - 1e-6, Math.max(1e-6, arm.realized)))
    if (Math.abs(realized - logit(arm.predicted)) <= halfWidth) inside++
  }
  return round(inside / scored.length, 4)
}

export const simulationIdOf = (plan: SimulationPlan, fitId: string, programVersion: number | null): string =>
  `sim_${createHash("sha256")
    .update(JSON.stringify({ request: plan.request, seed: plan.seed, fitId, programVersion }))
    .digest("hex")
    .slice(0, 24)}`

export const assembleResponse = (
  plan: SimulationPlan,
  fit: StoredFit,
  panel: PersonaPanelResult | undefined,
  calibration: CalibrationStatus
): SimulateResponse => {
  const { backbone } = fit
  const request = plan.request
  const segmentCount = plan.segments.length
  const runs = request.simulation_params.monte_carlo_runs
  const controls: Array<ArmPoint> = plan.forecasts.map((forecast) => ({
    conversion: forecast.control.bySegment.conversion,
    revenue: forecast.control.bySegment.revenue,
    unsubscribe: forecast.control.bySegment.unsubscribe
  }))
  const cells: Array<CellInput> = plan.cells.map((cell, index) => {
    const forecast = plan.forecasts[cell.channel]
    const variantIndex = request.intervention.content_variants.findIndex((variant) => variant.id === cell.variantId)
    const arm = forecast?.variants[variantIndex]
    const base: ArmPoint = {
      conversion: arm?.bySegment.conversion ?? new Float64Array(segmentCount),
      revenue: arm?.bySegment.revenue ?? new Float64Array(segmentCount),
      unsubscribe: arm?.bySegment.unsubscribe ?? new Float64Array(segmentCount)
    }
    return {
      ...shiftedPoint(base, panel?.shifts[index]),
      variantId: cell.variantId,
      channel: cell.channel,
      recipients: cell.recipients
    }
  })
  const draws: EngineDraws = runMonteCarlo({
    segments: plan.segments,
    channels: plan.channels,
    shares: plan.shares,
    cells,
    controls,
    conversionError: backbone.errorModel,
    unsubscribeError: backbone.unsubscribeErrorModel,
    runs,
    seed: plan.seed
  })

  const costOf = (channel: number): number => backbone.channelCosts[plan.channels[channel] ?? ""] ?? 0
  const economics: Array<CellEconomics> = cells.map((cell, index) => {
    const shares = plan.shares[cell.channel] as Float64Array
    const control = controls[cell.channel] as ArmPoint
    const conversion = weighted(cell.conversion, shares)
    const controlConversion = weighted(control.conversion, shares)
    return {
      index,
      variantId: cell.variantId,
      channel: plan.channels[cell.channel] ?? "",
      conversion,
      uplift: conversion - controlConversion,
      revenuePerRecipient: weighted(cell.revenue, shares),
      controlRevenuePerRecipient: weighted(control.revenue, shares),
      unsubscribe: weighted(cell.unsubscribe, shares),
      costPerSend: costOf(cell.channel),
      draws: draws.cells[index] as EngineDraws["cells"][number],
      controlDraws: draws.controls[cell.channel] as EngineDraws["controls"][number]
    }
  })

  const variantBreakdown: Array<VariantBreakdown> = economics.map((cell) => {
    const input = cells[cell.index] as CellInput
    const cellDraws = cell.draws
    const channelIndex = input.channel
    const shares = plan.shares[channelIndex] as Float64Array
    const control = controls[channelIndex] as ArmPoint
    return {
      variant_id: cell.variantId,
      channel: cell.channel,
      recipients: input.recipients,
      conversion_rate: {
        ...estimate(cell.conversion, cellDraws.conversion),
        uplift_vs_control: round(cell.uplift),
        uplift_confidence_interval: estimate(cell.uplift, cellDraws.uplift).confidence_interval
      },
      unsubscribe_rate: estimate(cell.unsubscribe, cellDraws.unsubscribe),
      revenue: estimate(cell.revenuePerRecipient, cellDraws.revenue, 4),
      segments: plan.segments.map((segment, s) => {
        const p = input.conversion[s] as number
        const lift = p - (control.conversion[s] as number)
        return {
          segment,
          recipients: Math.round(input.recipients * (shares[s] as number)),
          conversion_rate: {
            ...estimate(Number.isNaN(p) ? 0 : p, cellDraws.segmentConversion[s] as Draws),
            uplift_vs_control: round(Number.isNaN(lift) ? 0 : lift),
            uplift_confidence_interval: estimate(lift, cellDraws.segmentUplift[s] as Draws).confidence_interval
          },
          unsubscribe_rate: estimate(input.unsubscribe[s] as number, cellDraws.segmentUnsubscribe[s] as Draws)
        }
      })
    }
  })

  // The control arm of the campaign as a whole: each channel's control weighted by its recipients.
  const channelRecipients = plan.channels.map((_, channel) =>
    cells.filter((cell) => cell.channel === channel).reduce((sum, cell) => sum + cell.recipients, 0)
  )
  const totalRecipients = channelRecipients.reduce((sum, count) => sum + count, 0)
  const channelWeight = (channel: number) =>
    totalRecipients === 0 ? 1 / plan.channels.length : (channelRecipients[channel] as number) / totalRecipients
  const controlConversion = plan.channels.reduce(
    (sum, _, channel) =>
      sum +
      channelWeight(channel) *
        weighted((controls[channel] as ArmPoint).conversion, plan.shares[channel] as Float64Array),
    0
  )
  const controlRevenue = plan.channels.reduce(
    (sum, _, channel) =>
      sum +
      channelWeight(channel) * weighted((controls[channel] as ArmPoint).revenue, plan.shares[channel] as Float64Array),
    0
  )
  const controlConversionDraws = mixDraws(
    draws.controls.map((control, channel) => ({ draws: control.conversion, weight: channelWeight(channel) })),
    runs
  )
  const controlRevenueDraws = mixDraws(
    draws.controls.map((control, channel) => ({ draws: control.revenue, weight: channelWeight(channel) })),
    runs
  )
  const control = {
    conversion_rate: estimate(controlConversion, controlConversionDraws),
    revenue: estimate(controlRevenue, controlRevenueDraws, 4),
    segments: plan.segments.map((segment, s) => {
      const value = plan.channels.reduce(
        (sum, _, channel) =>
          sum + channelWeight(channel) * (((controls[channel] as ArmPoint).conversion[s] as number) || 0),
        0
      )
      const segmentDraws = mixDraws(
        draws.controls.map((controlDraws, channel) => ({
          draws: controlDraws.segmentConversion[s] as Draws,
          weight: channelWeight(channel)
        })),
        runs
      )
      const recipients = Math.round(
        plan.channels.reduce(
          (sum, _, channel) =>
            sum + (channelRecipients[channel] as number) * ((plan.shares[channel] as Float64Array)[s] as number),
          0
        )
      )
      return {
        segment,
        recipients,
        conversion_rate: estimate(value, segmentDraws),
        unsubscribe_rate: { value: 0, confidence_interval: [0, 0] as [number, number] }
      }
    })
  }

  // The campaign as described: every cell gets its share of the recipients.
  const cellWeights = economics.map((cell) => ({ cell, weight: (cells[cell.index] as CellInput).recipients }))
  const totalWeight = cellWeights.reduce((sum, item) => sum + item.weight, 0) || 1
  const mean = (pick: (cell: CellEconomics) => number) =>
    cellWeights.reduce((sum, item) => sum + (item.weight / totalWeight) * pick(item.cell), 0)
  const mixed = (pick: (cell: CellEconomics) => Draws) =>
    mixDraws(
      cellWeights.map((item) => ({ draws: pick(item.cell), weight: item.weight })),
      runs
    )
  const conversionRate = mean((cell) => cell.conversion)
  const uplift = mean((cell) => cell.uplift)
  const unsubscribeRate = mean((cell) => cell.unsubscribe)
  const revenuePerRecipient = mean((cell) => cell.revenuePerRecipient)
  const incrementalPerRecipient = mean((cell) => cell.revenuePerRecipient - cell.controlRevenuePerRecipient)
  const cost = cellWeights.reduce((sum, item) => sum + item.weight * item.cell.costPerSend, 0)
  const revenueDraws = mixed((cell) => cell.draws.revenue)
  const incrementalDraws = mixDraws(
    cellWeights.map((item) => ({
      draws: Float64Array.from(
        item.cell.draws.revenue,
        (value, run) => value - (item.cell.controlDraws.revenue[run] as number)
      ),
      weight: item.weight
    })),
    runs
  )
  const scale = (values: Draws, factor: number) => Float64Array.from(values, (value) => value * factor)
  const incrementalRevenue = incrementalPerRecipient * totalRecipients
  const roi = cost > 0 ? (incrementalRevenue - cost) / cost : null
  const cap = request.constraints.max_unsubscribe_rate
  const roiDraws =
    cost > 0 ? Float64Array.from(incrementalDraws, (value) => (value * totalRecipients - cost) / cost) : undefined

  const constraints = [
    ...(request.constraints.max_budget === undefined
      ? []
      : [
          {
            constraint: "max_budget" as const,
            limit: request.constraints.max_budget,
            predicted: round(cost, 2),
            met: cost <= request.constraints.max_budget
          }
        ]),
    ...(cap === undefined
      ? []
      : [
          {
            constraint: "max_unsubscribe_rate" as const,
            limit: cap,
            predicted: round(unsubscribeRate),
            met: unsubscribeRate <= cap
          }
        ]),
    ...(request.constraints.min_roi === undefined
      ? []
      : [
          {
            constraint: "min_roi" as const,
            limit: request.constraints.min_roi,
            predicted: roi === null ? null : round(roi, 4),
            met: roi !== null && roi >= request.constraints.min_roi
          }
        ])
  ]

  const segmentRecipients = plan.segments.map((_, s) =>
    cells.reduce((sum, cell) => sum + cell.recipients * ((plan.shares[cell.channel] as Float64Array)[s] as number), 0)
  )
  const segmentRevenue = plan.segments.map((_, s) =>
    cells.reduce(
      (sum, cell) =>
        sum +
        cell.recipients *
          ((plan.shares[cell.channel] as Float64Array)[s] as number) *
          ((cell.revenue[s] as number) || 0),
      0
    )
  )
  const totalRevenue = segmentRevenue.reduce((sum, value) => sum + value, 0)
  const segmentBreakdown: Array<SegmentSummary> = plan.segments.map((segment, s) => {
    const recipients = segmentRecipients[s] as number
    const share = (cell: CellInput) =>
      (cell.recipients * ((plan.shares[cell.channel] as Float64Array)[s] as number)) / (recipients || 1)
    const rate = cells.reduce((sum, cell) => sum + share(cell) * ((cell.conversion[s] as number) || 0), 0)
    const lift = cells.reduce(
      (sum, cell) =>
        sum +
        share(cell) *
          (((cell.conversion[s] as number) || 0) -
            (((controls[cell.channel] as ArmPoint).conversion[s] as number) || 0)),
      0
    )
    const unsubscribe = cells.reduce((sum, cell) => sum + share(cell) * ((cell.unsubscribe[s] as number) || 0), 0)
    const summary = panel?.summaries[s]
    const riskFactors: Array<string> = []
    if (cap !== undefined ? unsubscribe > cap : unsubscribe > 2 * unsubscribeRate && unsubscribe > 0.002)
      riskFactors.push("unsubscribe_risk")
    if (lift <= 0) riskFactors.push("no_uplift")
    const fatigue = meanRecentMessages(fit, plan, s)
    if (fatigue >= 3) riskFactors.push("saturation")
    if (recipients < 100) riskFactors.push("small_segment")
    if (summary !== undefined && summary.actionShares.unsubscribe >= 0.1) riskFactors.push("personas_annoyed")
    return {
      segment,
      recipients: Math.round(recipients),
      response_rate: round(rate),
      uplift_vs_control: round(lift),
      revenue_contribution: round(totalRevenue > 0 ? (segmentRevenue[s] as number) / totalRevenue : 0, 4),
      unsubscribe_rate: round(unsubscribe),
      risk_factors: riskFactors,
      personas: {
        count: summary?.personas ?? 0,
        mean_intent_delta: round(summary?.meanIntentDelta ?? 0, 4),
        action_shares: {
          engage: round(summary?.actionShares.engage ?? 0, 4),
          ignore: round(summary?.actionShares.ignore ?? 0, 4),
          unsubscribe: round(summary?.actionShares.unsubscribe ?? 0, 4)
        },
        dominant_emotion: summary?.dominantEmotion ?? "neutral",
        sample_rationales: [...(summary?.sampleRationales ?? [])]
      }
    }
  })

  const configuration = chooseConfiguration(economics, {
    targetSize: plan.targetSize,
    constraints: request.constraints,
    hasRevenue: backbone.models.revenueMean > 0,
    timing:
      request.intervention.timing.send_at === undefined ? "as soon as possible" : new Date(plan.sendAtMs).toISOString()
  })

  const programVersion = panel?.programVersion ?? calibration.programVersion
  const backtest = backbone.diagnostics.backtest
  const variantArms = backtest.filter((arm) => arm.arm !== "control")
  return {
    schema_version: RESPONSE_SCHEMA_VERSION,
    simulation_id: simulationIdOf(plan, fit.fitId, programVersion),
    status: "completed",
    seed: plan.seed,
    industry_context: request.industry_context ?? null,
    assumptions: {
      horizon_days: backbone.attributionWindowDays,
      confidence_level: CONFIDENCE_LEVEL,
      target_size: plan.targetSize,
      send_at: new Date(plan.sendAtMs).toISOString(),
      cost_per_send: Object.fromEntries(plan.channels.map((channel, index) => [channel, round(costOf(index), 4)]))
    },
    predictions: {
      expected_outcomes: {
        conversion_rate: {
          ...estimate(
            conversionRate,
            mixed((cell) => cell.draws.conversion)
          ),
          uplift_vs_control: round(uplift),
          uplift_confidence_interval: estimate(
            uplift,
            mixed((cell) => cell.draws.uplift)
          ).confidence_interval
        },
        revenue: {
          ...estimate(revenuePerRecipient * totalRecipients, scale(revenueDraws, totalRecipients), 2),
          roi: roi === null ? null : round(roi, 4),
          incremental: estimate(incrementalRevenue, scale(incrementalDraws, totalRecipients), 2),
          cost: round(cost, 2)
        },
        unsubscribe_rate: {
          ...estimate(
            unsubscribeRate,
            mixed((cell) => cell.draws.unsubscribe)
          ),
          risk_level: riskLevel(unsubscribeRate, cap)
        }
      },
      segment_breakdown: segmentBreakdown,
      optimal_configuration: configuration,
      variant_breakdown: variantBreakdown,
      control
    },
    constraints,
    insights: buildInsights({
      plan,
      economics,
      segmentBreakdown,
      panel,
      unsubscribeCap: cap,
      roiDraws,
      minRoi: request.constraints.min_roi
    }),
    calibration_quality: {
      historical_accuracy: calibration.historicalAccuracy,
      drift_detected: calibration.driftDetected,
      last_calibration: calibration.lastCalibration,
      program_version: programVersion,
      backtest: {
        campaigns: new Set(backtest.map((arm) => arm.campaign)).size,
        within_10_percent:
          variantArms.length === 0
            ? null
            : round(
                variantArms.filter((arm) => Math.abs(arm.predicted - arm.realized) <= 0.1 * arm.realized).length /
                  variantArms.length,
                4
              ),
        interval_coverage: backtestCoverage(backtest, backbone.errorModel)
      }
    },
    personas: {
      requested: request.simulation_params.num_personas,
      sampled: panel?.sampled ?? 0,
      program: panel?.program ?? "none",
      language_model: panel?.languageModel ?? "none",
      program_calls: panel?.programCalls ?? 0,
      calls_saved_by_deduplication: panel?.callsSaved ?? 0
    },
    model_versions: { fit_id: fit.fitId, fitted_at: fit.fittedAt, program_version: programVersion },
    warnings: [...plan.warnings]
  }
}

/** Mean messages in the last 30 days among a segment's reachable members (first channel's population). */
const meanRecentMessages = (fit: StoredFit, plan: SimulationPlan, segment: number): number => {
  const forecast = plan.forecasts[0]
  if (forecast === undefined) return 0
  const population = forecast.control.population
  let total = 0
  let count = 0
  for (let index = 0; index < population.members.length; index++) {
    if (population.segment[index] !== segment) continue
    total += fit.backbone.states.messages30d[population.members[index] as number] as number
    count++
  }
  return count === 0 ? 0 : total / count
}
