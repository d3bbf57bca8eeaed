// Training data from feedback (the seeds' golden-dataset pipeline, for our domain). Every simulation that came
// back with feedback (people's ratings, or the campaign's actual results reported against it) gets a quality
// in [0, 1]: results judge it by outcomeReward (ground truth outranks opinion), else its mean rating (1–5 →
// 0–1). Simulations at or above the quality threshold become examples, one per (variant, channel) they
// predicted: the creative, the channel and the segments as inputs; the prediction, the quality and, when
// reported, the actual rates as labels. Duplicates (the same creative, channel and segments from another
// simulation) keep the best-judged one; a simulation is stored once (source `feedback/<simulation id>`); the
// split is a hash of the simulation id, so it never moves.
import { murmurHash3 } from "@preflight/numeric"
import { Database, TrainingExampleStore } from "@preflight/storage"
import { Effect } from "effect"
import { PERSONA_PROGRAM_ID } from "../calibration/calibrated-program.ts"
import type { SimulateRequest } from "../contract/simulate-request.ts"
import type { SimulateResponse } from "../contract/simulate-response.ts"
import { outcomeReward, type ReportedArm, ratingReward, reportedFeedback } from "./canary-feedback.ts"

export const DEFAULT_FEEDBACK_QUALITY_THRESHOLD = 0.6
const VALIDATION_SHARE = 0.2

export interface FeedbackExamplesReport {
  /** Simulations with any feedback. */
  readonly judged: number
  /** Of those, at or above the threshold. */
  readonly accepted: number
  readonly duplicates: number
  readonly stored: number
}

const json = <A>(value: unknown): A => (typeof value === "string" ? JSON.parse(value) : value) as A

interface Judged {
  readonly simulationId: string
  readonly request: SimulateRequest
  readonly response: SimulateResponse
  readonly quality: number
  readonly arms: ReadonlyArray<ReportedArm>
  readonly rating: number | null
}

/** Turns the feedback received so far into stored training examples; returns what it did. */
export const collectFeedbackExamples = Effect.fn("Simulator.collectFeedbackExamples")(function* (
  qualityThreshold: number = DEFAULT_FEEDBACK_QUALITY_THRESHOLD
) {
  const database = yield* Database
  const store = yield* TrainingExampleStore
  const simulations = yield* database.query<{ simulation_id: string; request: unknown; response: unknown }>(
    `SELECT simulation_id, request, response FROM simulations s
     WHERE status = 'completed' AND (
       EXISTS (SELECT 1 FROM simulation_feedback f WHERE f.simulation_id = s.simulation_id) OR
       EXISTS (SELECT 1 FROM campaign_results r WHERE r.simulation_id = s.simulation_id))
     ORDER BY created_at, simulation_id`
  )
  const { armsBySimulation, ratingOf } = yield* reportedFeedback(simulations.map((row) => row.simulation_id))
  const judged: Array<Judged> = []
  for (const row of simulations) {
    const response = json<SimulateResponse>(row.response)
    const arms = armsBySimulation.get(row.simulation_id) ?? []
    const rating = ratingOf.get(row.simulation_id) ?? null
    const quality =
      (arms.length > 0 ? outcomeReward(response, arms) : undefined) ??
      (rating === null ? undefined : ratingReward(rating))
    if (quality === undefined) continue
    judged.push({ simulationId: row.simulation_id, request: json(row.request), response, quality, arms, rating })
  }
  const accepted = judged.filter((entry) => entry.quality >= qualityThreshold)
  // Deduplicate by what the example teaches: the same creatives on the same channels to the same segments.
  const best = new Map<string, Judged>()
  for (const entry of accepted) {
    const key = JSON.stringify([
      entry.response.predictions.variant_breakdown.map((variant) => [variant.variant_id, variant.channel]),
      entry.request.intervention?.content_variants?.map((variant) => variant.template),
      entry.request.target_population?.segments
    ])
    const seen = best.get(key)
    if (seen === undefined || entry.quality > seen.quality) best.set(key, entry)
  }
  let stored = 0
  for (const entry of best.values()) {
    const source = `feedback/${entry.simulationId}`
    if ((yield* store.count({ programId: PERSONA_PROGRAM_ID, source })) > 0) continue
    const split: "train" | "val" =
      murmurHash3(`feedback\u0000${entry.simulationId}`) / 4294967296 < VALIDATION_SHARE ? "val" : "train"
    const rows = entry.response.predictions.variant_breakdown.map((variant) => {
      const text = entry.request.intervention?.content_variants?.find((content) => content.id === variant.variant_id)
      const actual = entry.arms.find((arm) => arm.variantId === variant.variant_id && arm.channel === variant.channel)
      return {
        programId: PERSONA_PROGRAM_ID,
        source,
        split,
        inputs: {
          simulation_id: entry.simulationId,
          variant: variant.variant_id,
          channel: variant.channel,
          creative_text: text?.template ?? "",
          segments: entry.request.target_population?.segments ?? []
        },
        labels: {
          quality: entry.quality,
          rating: entry.rating,
          predicted_conversion_rate: variant.conversion_rate.value,
          predicted_control_rate: entry.response.predictions.control.conversion_rate.value,
          recipients: actual?.recipients ?? null,
          actual_conversion_rate: actual === undefined ? null : actual.conversions / Math.max(1, actual.recipients)
        }
      }
    })
    yield* store.add(rows)
    stored += rows.length
  }
  const report: FeedbackExamplesReport = {
    judged: judged.length,
    accepted: accepted.length,
    duplicates: accepted.length - best.size,
    stored
  }
  return report
})
