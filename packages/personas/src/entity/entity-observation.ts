// What the simulator knows about one real customer: free-form attributes, lifecycle and value labels, a
// behaviour summary it computes from history (counts per channel, purchases on discounted and urgent
// creatives, response at low and high contact frequency), and recent exposures. Grounded personas and
// fitted priors are built from these rows.
import { z } from "zod"
import { ChannelName, DAYPARTS } from "../persona/persona.ts"

const count = z.number().int().min(0)

/** Counts on one channel over the summary's period. */
export const ChannelBehaviour = z.object({
  exposures: count,
  opens: count,
  clicks: count,
  purchases: count,
  unsubscribes: count
})
export type ChannelBehaviour = z.infer<typeof ChannelBehaviour>

/** Exposures to a kind of creative and purchases attributed to them. */
export const CreativeResponse = z.object({ exposures: count, purchases: count })
export type CreativeResponse = z.infer<typeof CreativeResponse>

/**
 * Response at low and high contact frequency: exposures whose 30-day frequency (the history's
 * `frequency_cumulative`) was at most `HIGH_FREQUENCY_THRESHOLD`, or above it, and the clicks or purchases
 * that followed them.
 */
export const FrequencyResponse = z.object({
  lowExposures: count,
  lowResponses: count,
  highExposures: count,
  highResponses: count
})
export type FrequencyResponse = z.infer<typeof FrequencyResponse>

/** Messages in 30 days above which an exposure counts as high frequency (FrequencyResponse). */
export const HIGH_FREQUENCY_THRESHOLD = 4

/** Counts the simulator computes from an entity's history. */
export const BehaviourSummary = z.object({
  channels: z.record(ChannelName, ChannelBehaviour),
  /** All purchases in the period, attributed to a message or not. */
  purchases: count,
  revenue: z.number().min(0),
  /** Exposures to creatives with a discount, and purchases attributed to them. */
  discounted: CreativeResponse.optional(),
  /** Exposures to creatives with hard urgency, and purchases attributed to them. */
  urgent: CreativeResponse.optional(),
  frequency: FrequencyResponse.optional(),
  /** Opens and clicks by part of the day (local time), for preferred contact times. */
  engagementByDaypart: z.partialRecord(z.enum(DAYPARTS), count).optional(),
  daysSinceLastPurchase: z.number().min(0).optional(),
  /** Days of history the counts cover (default 365). */
  periodDays: z.number().positive().optional()
})
export type BehaviourSummary = z.infer<typeof BehaviourSummary>

/** A recent exposure with its time (ISO 8601 text or epoch milliseconds). */
export const RecentExposure = z.object({
  channel: ChannelName,
  at: z.union([z.string().min(1), z.number()]),
  interventionId: z.string().optional()
})
export type RecentExposure = z.infer<typeof RecentExposure>

/** One customer as the simulator sees it. */
export const EntityObservation = z.object({
  entityId: z.string().min(1),
  segmentId: z.string().min(1),
  attributes: z.record(z.string(), z.unknown()),
  lifecycleStage: z.string().optional(),
  valueTier: z.string().optional(),
  behaviour: BehaviourSummary.optional(),
  recentExposures: z.array(RecentExposure).optional()
})
export type EntityObservation = z.infer<typeof EntityObservation>
