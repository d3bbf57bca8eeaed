// What comes back after a simulation: people's ratings of it, and the actual results of the campaign once it
// was sent (per variant × channel), kept for drift checks and re-calibration.
import { Effect } from "effect"
import { Database } from "../database.ts"
import { NotFound } from "../errors.ts"
import { readDate } from "../registry/registry-values.ts"

export interface NewFeedback {
  readonly simulationId: string
  /** 1 (useless) to 5 (spot on). */
  readonly rating: number
  readonly comment?: string | undefined
  readonly keyId?: string | undefined
}

export interface CampaignArmResult {
  readonly variantId: string
  readonly channel: string
  readonly recipients: number
  readonly conversions: number
  readonly unsubscribes?: number | undefined
  readonly revenue?: number | undefined
  readonly cost?: number | undefined
}

export interface NewCampaignResults {
  readonly campaignId: string
  readonly simulationId?: string | undefined
  readonly sentAt?: string | undefined
  readonly arms: ReadonlyArray<CampaignArmResult>
}

const requireSimulation = (simulationId: string) =>
  Effect.gen(function* () {
    const db = yield* Database
    const rows = yield* db.query("SELECT 1 AS found FROM simulations WHERE simulation_id = $1", [simulationId])
    if (rows.length === 0) return yield* new NotFound({ entity: "simulation", id: simulationId })
  })

/** Stores a rating of a simulation (NotFound when the simulation does not exist). */
export const insertFeedback = Effect.fn("Feedback.insert")(function* (feedback: NewFeedback) {
  const db = yield* Database
  yield* requireSimulation(feedback.simulationId)
  const rows = yield* db.query<{ feedback_id: string; created_at: unknown }>(
    `INSERT INTO simulation_feedback (simulation_id, rating, comment, key_id) VALUES ($1, $2, $3, $4::uuid)
     RETURNING feedback_id::text AS feedback_id, created_at`,
    [feedback.simulationId, feedback.rating, feedback.comment ?? null, feedback.keyId ?? null]
  )
  const row = rows[0]
  return { feedbackId: String(row?.feedback_id), createdAt: readDate(row?.created_at) }
})

/** Stores a campaign's actual results in one transaction; an arm reported again replaces its figures. */
export const upsertCampaignResults = Effect.fn("CampaignResults.upsert")(function* (results: NewCampaignResults) {
  const db = yield* Database
  return yield* db.transaction(
    Effect.gen(function* () {
      if (results.simulationId !== undefined) yield* requireSimulation(results.simulationId)
      for (const arm of results.arms) {
        yield* db.execute(
          `INSERT INTO campaign_results
             (campaign_id, variant_id, channel, simulation_id, recipients, conversions, unsubscribes, revenue, cost, sent_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::timestamptz)
           ON CONFLICT (campaign_id, variant_id, channel) DO UPDATE SET
             simulation_id = EXCLUDED.simulation_id, recipients = EXCLUDED.recipients,
             conversions = EXCLUDED.conversions, unsubscribes = EXCLUDED.unsubscribes, revenue = EXCLUDED.revenue,
             cost = EXCLUDED.cost, sent_at = EXCLUDED.sent_at, reported_at = now()`,
          [
            results.campaignId,
            arm.variantId,
            arm.channel,
            results.simulationId ?? null,
            arm.recipients,
            arm.conversions,
            arm.unsubscribes ?? null,
            arm.revenue ?? null,
            arm.cost ?? null,
            results.sentAt ?? null
          ]
        )
      }
      return results.arms.length
    })
  )
})
