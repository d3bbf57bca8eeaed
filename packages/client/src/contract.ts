// The API's own request and response schemas (everything that is not the simulate contract, which
// @preflight/simulator owns). The API validates with them and documents them in its OpenAPI; the client's types
// come from them, so the server and its consumers cannot disagree on a field.
import { OPTIMIZER_NAMES, SimulateResponse } from "@preflight/simulator"
import { z } from "zod"

/** One problem with a request field (`path` dotted, empty for the whole body). */
export const ProblemIssue = z.object({ path: z.string(), message: z.string() })

/** RFC 9457 problem details, the body of every error response (`application/problem+json`). */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    request_id: z.string().optional(),
    /** Every invalid field of a rejected request. */
    errors: z.array(ProblemIssue).optional(),
    /** Every invalid row of a rejected import (first 100). */
    rows: z.array(z.object({ row: z.number(), line: z.number(), column: z.string(), reason: z.string() })).optional()
  })
  .loose()
export type Problem = z.infer<typeof Problem>

export const SIMULATION_STATES = ["queued", "running", "completed", "failed"] as const

/** `202 Accepted` for a simulation that runs in the background. */
export const SimulationAccepted = z.object({
  simulation_id: z.string(),
  status: z.enum(SIMULATION_STATES),
  /** Where to poll: `GET /api/v1/simulations/{simulation_id}`. */
  location: z.string()
})
export type SimulationAccepted = z.infer<typeof SimulationAccepted>

export const SimulationStatus = z.object({
  simulation_id: z.string(),
  status: z.enum(SIMULATION_STATES),
  created_at: z.string(),
  completed_at: z.string().nullable(),
  /** The response, once completed. */
  result: SimulateResponse.optional(),
  /** Why it failed, once failed. */
  error: Problem.optional()
})
export type SimulationStatus = z.infer<typeof SimulationStatus>

const Shares = z.record(z.string(), z.number())

export const CreativeReaction = z.object({
  segment: z.string(),
  variant_id: z.string(),
  channel: z.string(),
  personas: z.number().int(),
  weight: z.number(),
  mean_intent_delta: z.number(),
  mean_receptivity: z.number(),
  action_shares: Shares,
  emotion_shares: Shares,
  purchase_shares: Shares,
  intent_quantiles: z.object({ p10: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p90: z.number() }),
  dominant_emotion: z.string(),
  sample_rationales: z.array(z.string())
})

/** The persona panel's reactions (directions and reasons, no KPIs) per segment × variant × channel. */
export const CreativeEvaluation = z.object({
  /** The active calibrated persona program's version; null: the uncalibrated default program. */
  program_version: z.number().int().nullable(),
  personas: z.number().int(),
  program_calls: z.number().int(),
  calls_saved: z.number().int(),
  reactions: z.array(CreativeReaction)
})
export type CreativeEvaluation = z.infer<typeof CreativeEvaluation>

const Interval = z.tuple([z.number(), z.number()])

/** The causal models alone: conversion with and without the message, per variant × channel and segment. */
export const UpliftPrediction = z.object({
  variants: z.array(
    z.object({
      variant_id: z.string(),
      channel: z.string(),
      uplift: z.number(),
      segments: z.array(
        z.object({
          segment: z.string(),
          recipients: z.number().int(),
          treated: z.number(),
          control: z.number().nullable(),
          uplift: z.number(),
          treated_interval: Interval
        })
      )
    })
  )
})
export type UpliftPrediction = z.infer<typeof UpliftPrediction>

export const HISTORY_TABLES = ["segments", "entities", "interventions", "exposures", "outcomes"] as const

export const ImportSummary = z.object({
  table: z.enum(HISTORY_TABLES),
  format: z.enum(["csv", "jsonl"]),
  rows_read: z.number().int(),
  rows_written: z.number().int(),
  rows_unchanged: z.number().int(),
  /** Placeholder parent rows created for keys the file mentions but the database lacks. */
  inferred_parents: z.record(z.string(), z.number().int()),
  seconds: z.number()
})
export type ImportSummary = z.infer<typeof ImportSummary>

export const ProgramVersion = z.object({
  version_id: z.string(),
  version: z.number().int(),
  status: z.enum(["active", "candidate", "deprecated", "rolled_back"]),
  traffic_share: z.number(),
  score: z.number().nullable(),
  created_at: z.string(),
  status_changed_at: z.string()
})
export type ProgramVersion = z.infer<typeof ProgramVersion>

export const ProgramList = z.object({
  programs: z.array(
    z.object({
      program_id: z.string(),
      name: z.string(),
      description: z.string().nullable(),
      active: ProgramVersion.nullable(),
      candidate: ProgramVersion.nullable()
    })
  )
})
export type ProgramList = z.infer<typeof ProgramList>

export const ProgramPromoted = z.object({ program_id: z.string(), active: ProgramVersion })
export type ProgramPromoted = z.infer<typeof ProgramPromoted>

export const ProgramRolledBack = z.object({
  program_id: z.string(),
  rolled_back: ProgramVersion,
  active: ProgramVersion
})
export type ProgramRolledBack = z.infer<typeof ProgramRolledBack>

/** The states a background job goes through (pg-boss's): waiting, waiting to retry, running, and the three ends. */
export const JOB_STATES = ["created", "retry", "active", "completed", "cancelled", "failed"] as const

/** `GET /api/v1/jobs`: every queue with its jobs counted by state, as `preflight jobs status` prints them. */
export const JobCounts = z.object({
  queues: z.array(
    z.object({
      queue: z.string(),
      counts: z.object({
        created: z.number().int(),
        retry: z.number().int(),
        active: z.number().int(),
        completed: z.number().int(),
        cancelled: z.number().int(),
        failed: z.number().int()
      }),
      total: z.number().int()
    })
  )
})
export type JobCounts = z.infer<typeof JobCounts>

export const FeedbackRequest = z
  .strictObject({
    simulation_id: z.string().trim().min(1).max(200),
    /** 1 (useless) to 5 (spot on). Give this or `thumbs`. */
    rating: z.number().int().min(1).max(5).optional(),
    /** A thumb instead of a rating: up counts as 5, down as 1. */
    thumbs: z.enum(["up", "down"]).optional(),
    comment: z.string().max(5_000).optional()
  })
  .superRefine((feedback, context) => {
    if ((feedback.rating === undefined) === (feedback.thumbs === undefined)) {
      context.addIssue({
        code: "custom",
        path: ["rating"],
        message: "give either a rating (1–5) or thumbs (up or down)"
      })
    }
  })
export type FeedbackRequest = z.input<typeof FeedbackRequest>

export const FeedbackRecorded = z.object({ feedback_id: z.string(), created_at: z.string() })
export type FeedbackRecorded = z.infer<typeof FeedbackRecorded>

const Count = z.number().int().min(0).max(1_000_000_000)

export const CampaignArmOutcome = z
  .strictObject({
    variant_id: z.string().trim().min(1).max(100),
    channel: z.string().trim().min(1).max(40),
    recipients: Count,
    conversions: Count,
    unsubscribes: Count.optional(),
    /** Total revenue the arm brought in. */
    revenue: z.number().min(0).max(1e15).optional(),
    /** Total cost of sending the arm. */
    cost: z.number().min(0).max(1e15).optional()
  })
  .superRefine((arm, context) => {
    if (arm.conversions > arm.recipients)
      context.addIssue({ code: "custom", path: ["conversions"], message: "cannot exceed recipients" })
    if (arm.unsubscribes !== undefined && arm.unsubscribes > arm.recipients)
      context.addIssue({ code: "custom", path: ["unsubscribes"], message: "cannot exceed recipients" })
  })

/** The actual results of a campaign that was sent, per variant × channel. */
export const OutcomesRequest = z
  .strictObject({
    campaign_id: z.string().trim().min(1).max(200),
    /** The simulation that predicted this campaign, when there was one. */
    simulation_id: z.string().trim().min(1).max(200).optional(),
    sent_at: z.iso.datetime({ offset: true }).optional(),
    results: z.array(CampaignArmOutcome).min(1, "report at least one variant × channel").max(1_000)
  })
  .superRefine((request, context) => {
    const seen = new Set<string>()
    request.results.forEach((arm, index) => {
      const key = `${arm.variant_id}\u0000${arm.channel}`
      if (seen.has(key))
        context.addIssue({
          code: "custom",
          path: ["results", index],
          message: `variant ${arm.variant_id} on ${arm.channel} is reported twice`
        })
      seen.add(key)
    })
  })
export type OutcomesRequest = z.input<typeof OutcomesRequest>

export const OutcomesRecorded = z.object({ campaign_id: z.string(), arms_recorded: z.number().int() })
export type OutcomesRecorded = z.infer<typeof OutcomesRecorded>

/** `POST /api/v1/calibrations`: every field optional (the default optimizer, seed 0, the gate's default threshold). */
export const CalibrationRequest = z.strictObject({
  /** The optimizer that tunes the persona program (default mipro). */
  optimizer: z.enum(OPTIMIZER_NAMES).optional(),
  /** Seed of every random choice (default 0): the same seed on the same history gives the same result. */
  seed: z.number().int().min(0).max(2_147_483_647).optional(),
  /** Stop the optimization after this many language-model calls (the best program so far is used). */
  budget_calls: z.number().int().min(1).max(10_000_000).optional(),
  /** Stop the optimization after this many language-model tokens. */
  budget_tokens: z.number().int().min(1).max(1_000_000_000_000).optional(),
  /** Stop the optimization after this much spend on a priced language model, in USD. */
  budget_usd: z.number().positive().max(1_000_000).optional(),
  /** The validation composite a program must reach to be registered (default 0.8). */
  threshold: z.number().min(0).max(1).optional()
})
export type CalibrationRequest = z.input<typeof CalibrationRequest>

export const CALIBRATION_STATES = ["queued", "running", "completed", "failed"] as const

/** `202 Accepted` for a calibration: it runs in the background, one at a time per API process. */
export const CalibrationAccepted = z.object({
  calibration_id: z.string(),
  status: z.enum(CALIBRATION_STATES),
  /** Where to poll: `GET /api/v1/calibrations/{calibration_id}`. */
  location: z.string()
})
export type CalibrationAccepted = z.infer<typeof CalibrationAccepted>

/** The composite score of a program on the validation campaigns. */
const CalibrationScore = z.object({
  score: z.number(),
  parts: z.array(z.object({ name: z.string(), score: z.number(), weight: z.number() })),
  /** Logit of conversion per unit of persona intent. */
  kappa: z.number(),
  /** The registered version scored; null for the uncalibrated default program. */
  program_version: z.number().int().nullable()
})

/** What a completed calibration did: before/after scores, the gate, the version it registered. */
export const CalibrationReport = z.object({
  fit_id: z.string(),
  optimizer: z.string(),
  seed: z.number(),
  examples: z.object({
    train_cells: z.number().int(),
    validation_cells: z.number().int(),
    train_campaigns: z.number().int(),
    validation_campaigns: z.number().int(),
    optimizer_examples: z.number().int(),
    stored: z.number().int()
  }),
  before: CalibrationScore,
  after: CalibrationScore.extend({
    kappa_standard_error: z.number().nullable(),
    /** The SMM estimate of κ alone (before the prior), and its standard error; null when not identified. */
    kappa_estimate: z.number().nullable(),
    kappa_estimate_standard_error: z.number().nullable(),
    bias: z.number()
  }),
  gate: z.object({ passed: z.boolean(), threshold: z.number(), reasons: z.array(z.string()) }),
  /** The version registered (the first passing one becomes active), or null when the gate refused. */
  registered: z
    .object({ version: z.number().int(), status: z.enum(["active", "candidate"]), version_id: z.string() })
    .nullable(),
  optimization: z.object({
    run_id: z.string().nullable(),
    status: z.enum(["completed", "budget_exhausted"]),
    /** Which budget limit stopped the search, when one did. */
    stopped_by: z.string().nullable(),
    trials: z.number().int(),
    lm_calls: z.number().int(),
    best_training_score: z.number().nullable()
  }),
  drift: z.object({ any_drift: z.boolean(), drifted: z.array(z.string()) }),
  program_calls: z.number().int(),
  seconds: z.number()
})
export type CalibrationReport = z.infer<typeof CalibrationReport>

export const CalibrationStatus = z.object({
  calibration_id: z.string(),
  status: z.enum(CALIBRATION_STATES),
  /** What was asked for (optimizer, seed, budget, threshold; null threshold: the gate's default). */
  settings: z.object({
    optimizer: z.string(),
    seed: z.number(),
    budget_calls: z.number().nullable(),
    budget_tokens: z.number().nullable(),
    budget_usd: z.number().nullable(),
    threshold: z.number().nullable()
  }),
  /** The fit it calibrated against and the program version it registered, once known. */
  fit_id: z.string().nullable(),
  version_id: z.string().nullable(),
  created_at: z.string(),
  completed_at: z.string().nullable(),
  /** Once completed. */
  report: CalibrationReport.optional(),
  /** Once failed: the problem (`tag` names the typed error, e.g. NoFittedModels). */
  error: Problem.optional()
})
export type CalibrationStatus = z.infer<typeof CalibrationStatus>

export const Health = z.object({ status: z.literal("ok"), uptime_seconds: z.number() })
export type Health = z.infer<typeof Health>

export const Readiness = z.object({
  status: z.enum(["ready", "not_ready"]),
  database: z.object({ backend: z.string(), reachable: z.boolean() }),
  migrations: z.object({ pending: z.array(z.string()) })
})
export type Readiness = z.infer<typeof Readiness>
