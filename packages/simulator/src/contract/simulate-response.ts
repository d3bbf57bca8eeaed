// The `POST /api/v1/simulate` response (version 1): the PRD's fields, plus the per-variant breakdown and the
// control arm that the PRD leaves implicit, and what a marketer needs to trust the numbers (intervals,
// recipients, the persona panel, the model versions and the seed).
import { z } from "zod"

export const RESPONSE_SCHEMA_VERSION = "1"

const Interval = z.tuple([z.number(), z.number()])

/** A predicted rate or amount: the point value and its confidence interval (default 90%). */
export const Estimate = z.object({ value: z.number(), confidence_interval: Interval })
export type Estimate = z.infer<typeof Estimate>

export const ConversionEstimate = Estimate.extend({
  /** Absolute difference from the no-intervention control (rate points). */
  uplift_vs_control: z.number(),
  uplift_confidence_interval: Interval
})
export type ConversionEstimate = z.infer<typeof ConversionEstimate>

export const SegmentEstimate = z.object({
  segment: z.string(),
  recipients: z.number().int().nonnegative(),
  conversion_rate: ConversionEstimate,
  unsubscribe_rate: Estimate
})
export type SegmentEstimate = z.infer<typeof SegmentEstimate>

export const VariantBreakdown = z.object({
  variant_id: z.string(),
  channel: z.string(),
  recipients: z.number().int().nonnegative(),
  conversion_rate: ConversionEstimate,
  unsubscribe_rate: Estimate,
  /** Revenue per recipient. */
  revenue: Estimate,
  segments: z.array(SegmentEstimate)
})
export type VariantBreakdown = z.infer<typeof VariantBreakdown>

export const ControlSegment = z.object({
  segment: z.string(),
  recipients: z.number().int().nonnegative(),
  conversion_rate: Estimate,
  unsubscribe_rate: Estimate
})

export const ControlArm = z.object({
  conversion_rate: Estimate,
  /** Revenue per recipient without the campaign. */
  revenue: Estimate,
  segments: z.array(ControlSegment)
})
export type ControlArm = z.infer<typeof ControlArm>

export const RISK_LEVELS = ["low", "acceptable", "elevated", "high"] as const

export const ExpectedOutcomes = z.object({
  conversion_rate: ConversionEstimate,
  /** Total revenue over all recipients; ROI = (incremental revenue − cost) / cost. */
  revenue: Estimate.extend({
    roi: z.number().nullable(),
    incremental: Estimate,
    cost: z.number().nonnegative()
  }),
  unsubscribe_rate: Estimate.extend({ risk_level: z.enum(RISK_LEVELS) })
})

export const SegmentSummary = z.object({
  segment: z.string(),
  recipients: z.number().int().nonnegative(),
  /** Conversion rate of this segment over the campaign as described. */
  response_rate: z.number(),
  uplift_vs_control: z.number(),
  /** Share of the campaign's expected revenue that comes from this segment. */
  revenue_contribution: z.number(),
  unsubscribe_rate: z.number(),
  risk_factors: z.array(z.string()),
  /** What the persona panel said (directions and reasons, never KPIs). */
  personas: z.object({
    count: z.number().int().nonnegative(),
    mean_intent_delta: z.number(),
    action_shares: z.object({ engage: z.number(), ignore: z.number(), unsubscribe: z.number() }),
    dominant_emotion: z.string(),
    sample_rationales: z.array(z.string())
  })
})
export type SegmentSummary = z.infer<typeof SegmentSummary>

export const OptimalConfiguration = z.object({
  channels: z.array(z.string()),
  timing: z.string(),
  content_variant: z.string(),
  /** Conversion uplift over control of the chosen configuration (rate points). */
  expected_uplift: z.number(),
  expected_conversion_rate: z.number(),
  expected_roi: z.number().nullable(),
  constraints_met: z.boolean(),
  reason: z.string()
})
export type OptimalConfiguration = z.infer<typeof OptimalConfiguration>

export const Insight = z.object({
  finding: z.string(),
  /** Probability (from the Monte Carlo draws) that the finding holds. */
  confidence: z.number().min(0).max(1),
  recommendation: z.string(),
  /** The numbers of this response the finding rests on. */
  evidence: z.record(z.string(), z.number())
})
export type Insight = z.infer<typeof Insight>

export const ConstraintCheck = z.object({
  constraint: z.enum(["max_budget", "max_unsubscribe_rate", "min_roi"]),
  limit: z.number(),
  predicted: z.number().nullable(),
  met: z.boolean()
})

export const CalibrationQuality = z.object({
  /** Composite score of the active persona program on the validation campaigns (null before any calibration). */
  historical_accuracy: z.number().nullable(),
  drift_detected: z.boolean(),
  last_calibration: z.string().nullable(),
  program_version: z.number().int().nullable(),
  /** Backtest of the fitted causal models on the last campaigns of the history. */
  backtest: z.object({
    campaigns: z.number().int().nonnegative(),
    within_10_percent: z.number().nullable(),
    interval_coverage: z.number().nullable()
  })
})

export const SimulateResponse = z.object({
  schema_version: z.literal(RESPONSE_SCHEMA_VERSION),
  simulation_id: z.string(),
  status: z.literal("completed"),
  seed: z.number().int(),
  industry_context: z.string().nullable(),
  assumptions: z.object({
    horizon_days: z.number().int().positive(),
    confidence_level: z.number(),
    target_size: z.number().int().nonnegative(),
    send_at: z.string(),
    cost_per_send: z.record(z.string(), z.number())
  }),
  predictions: z.object({
    expected_outcomes: ExpectedOutcomes,
    segment_breakdown: z.array(SegmentSummary),
    optimal_configuration: OptimalConfiguration,
    variant_breakdown: z.array(VariantBreakdown),
    control: ControlArm
  }),
  constraints: z.array(ConstraintCheck),
  insights: z.array(Insight),
  calibration_quality: CalibrationQuality,
  personas: z.object({
    requested: z.number().int(),
    sampled: z.number().int(),
    program: z.string(),
    language_model: z.string(),
    program_calls: z.number().int(),
    calls_saved_by_deduplication: z.number().int()
  }),
  model_versions: z.object({ fit_id: z.string(), fitted_at: z.string(), program_version: z.number().int().nullable() }),
  warnings: z.array(z.string())
})
export type SimulateResponse = z.infer<typeof SimulateResponse>
