// Held-out campaigns as the PRD's `POST /api/v1/simulate` requests: what a marketer would ask Preflight
// before sending them (channel, the variants' texts, the targeted segments and the audience size).
import type { Industry } from "../templates/template-types.ts"
import type { PlannedCampaign } from "./simulate.ts"

export interface SimulateRequestDocument {
  readonly simulation_type: "intervention_test"
  readonly industry_context: Industry
  readonly intervention: {
    readonly type: "campaign"
    readonly channels: ReadonlyArray<string>
    readonly content_variants: ReadonlyArray<{
      readonly id: string
      readonly template: string
      readonly personalization_fields: ReadonlyArray<string>
    }>
    readonly timing: { readonly schedule: "scheduled"; readonly send_at: string }
  }
  readonly target_population: {
    readonly selection_method: "segment"
    readonly segments: ReadonlyArray<string>
    /** Recipients of the messages (the holdout is not part of the request). */
    readonly size: number
    readonly filters: { readonly max_frequency_last_30d: number }
  }
  readonly simulation_params: {
    readonly num_personas: number
    readonly time_horizon_days: number
    readonly monte_carlo_runs: number
    readonly calibration_mode: "historical"
    readonly include_externalities: boolean
    readonly seed: number
  }
  readonly success_metrics: ReadonlyArray<string>
}

/** The request for a held-out campaign: its variants' `texts`, `treatedRecipients` messages in all. */
export const simulateRequestFor = (
  campaign: PlannedCampaign,
  industry: Industry,
  texts: ReadonlyArray<string>,
  treatedRecipients: number,
  sendAtIso: string,
  seed: number,
  maxRecentMessages: number
): SimulateRequestDocument => ({
  simulation_type: "intervention_test",
  industry_context: industry,
  intervention: {
    type: "campaign",
    channels: [campaign.channel.channel],
    content_variants: campaign.variants.map((variant, index) => {
      const template = texts[index] ?? ""
      return { id: variant.id, template, personalization_fields: template.includes("{{name}}") ? ["name"] : [] }
    }),
    timing: { schedule: "scheduled", send_at: sendAtIso }
  },
  target_population: {
    selection_method: "segment",
    segments: [...campaign.segments],
    size: treatedRecipients,
    filters: { max_frequency_last_30d: maxRecentMessages - 1 }
  },
  simulation_params: {
    num_personas: 100,
    time_horizon_days: 7,
    monte_carlo_runs: 100,
    calibration_mode: "historical",
    include_externalities: true,
    // The request's seed is non-negative; a world may have any safe-integer seed.
    seed: Math.abs(seed)
  },
  success_metrics: ["conversion_rate", "revenue_uplift", "unsubscribe_rate"]
})
