// The `POST /api/v1/simulate` request (the PRD's contract, version 1) as a zod schema: every PRD field, with
// the defaults DESIGN.md names, so a request needs only channels, content variants and target segments.
import { z } from "zod"

export const INDUSTRIES = ["retail", "telecom", "finance", "healthcare", "realestate"] as const
export type Industry = (typeof INDUSTRIES)[number]

/** Channel names are free (an organisation's history decides which exist) but must be plain identifiers. */
export const ChannelName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, "a channel is a lower-case identifier such as email, sms or push")
  .refine((channel) => channel !== "holdout", "'holdout' marks control rows in history and cannot be sent")

export const ContentVariant = z.object({
  id: z.string().trim().min(1).max(100),
  /** The text the recipient sees; `{{name}}`-style placeholders are allowed. */
  template: z.string().trim().min(1, "a variant needs its text").max(20_000),
  personalization_fields: z.array(z.string().min(1).max(100)).max(50).default([])
})
export type ContentVariant = z.infer<typeof ContentVariant>

export const Timing = z.object({
  schedule: z.enum(["immediate", "scheduled", "triggered"]).default("immediate"),
  cadence: z.enum(["daily", "weekly", "event_based"]).optional(),
  /** Most messages one recipient may get from this campaign. */
  frequency_cap: z.number().int().min(1).max(100).optional(),
  /** When the campaign goes out (ISO 8601); default: the day after the last recorded history. */
  send_at: z.iso.datetime({ offset: true }).optional()
})

export const TargetPopulation = z.object({
  selection_method: z.enum(["segment", "model_score", "random"]).default("segment"),
  segments: z.array(z.string().trim().min(1).max(200)).min(1, "name at least one target segment").max(100),
  /** Recipients in all (variants share them equally); default: the targeted segments' customers in history. */
  size: z.number().int().positive().max(1_000_000_000).optional(),
  filters: z
    .object({
      min_tenure_days: z.number().nonnegative().optional(),
      max_frequency_last_30d: z.number().int().nonnegative().optional()
    })
    .default({})
})

export const SimulationParams = z.object({
  num_personas: z.number().int().min(1).max(100_000).default(100),
  /** The outcome window; predictions are for the attribution window the models were fitted on. */
  time_horizon_days: z.number().int().min(1).max(365).optional(),
  monte_carlo_runs: z.number().int().min(10).max(10_000).default(100),
  calibration_mode: z.enum(["historical", "projected"]).default("historical"),
  include_externalities: z.boolean().default(true),
  /** The seed of every random choice of this simulation (default 0). */
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional()
})

export const SUCCESS_METRICS = [
  "conversion_rate",
  "revenue_uplift",
  "unsubscribe_rate",
  "customer_lifetime_value",
  "custom_kpi"
] as const

export const Constraints = z.object({
  max_budget: z.number().positive().optional(),
  max_unsubscribe_rate: z.number().min(0).max(1).optional(),
  min_roi: z.number().optional()
})

export const SimulateRequest = z
  .object({
    simulation_type: z.literal("intervention_test").default("intervention_test"),
    /**
     * The campaign this simulation is for (optional). Results reported for the campaign judge the program version
     * that served it, and while a new version is in canary every simulation of one campaign gets the same one.
     */
    campaign_id: z.string().trim().min(1).max(200).optional(),
    industry_context: z.enum(INDUSTRIES).optional(),
    intervention: z.object({
      type: z.enum(["campaign", "sequence", "policy_change"]).default("campaign"),
      channels: z.array(ChannelName).min(1, "name at least one channel").max(20),
      content_variants: z.array(ContentVariant).min(1, "give at least one content variant").max(20),
      timing: Timing.default({ schedule: "immediate" })
    }),
    target_population: TargetPopulation,
    simulation_params: SimulationParams.default({
      num_personas: 100,
      monte_carlo_runs: 100,
      calibration_mode: "historical",
      include_externalities: true
    }),
    success_metrics: z
      .array(z.enum(SUCCESS_METRICS))
      .min(1)
      .default(["conversion_rate", "revenue_uplift", "unsubscribe_rate"]),
    constraints: Constraints.default({})
  })
  .superRefine((request, context) => {
    const seen = new Set<string>()
    request.intervention.content_variants.forEach((variant, index) => {
      if (seen.has(variant.id)) {
        context.addIssue({
          code: "custom",
          path: ["intervention", "content_variants", index, "id"],
          message: `variant id "${variant.id}" is used twice`
        })
      }
      seen.add(variant.id)
    })
    const channels = request.intervention.channels
    if (new Set(channels).size !== channels.length) {
      context.addIssue({ code: "custom", path: ["intervention", "channels"], message: "a channel is listed twice" })
    }
  })

/** A request as sent (defaults optional). */
export type SimulateRequestInput = z.input<typeof SimulateRequest>
/** A request after validation (defaults filled in). */
export type SimulateRequest = z.output<typeof SimulateRequest>
