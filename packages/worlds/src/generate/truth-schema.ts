// The shape of truth.json (and of the in-memory truth of history campaigns), as zod schemas so that a reader
// of a world directory (a benchmark, the simulator's tests) can validate what it loads.
import { z } from "zod"

export const RateTruth = z.object({
  recipients: z.number().int().nonnegative(),
  /** Expected share of recipients with a purchase credited to their row by the attribution rule. */
  conversion_rate: z.number().min(0).max(1),
  /** Expected share of recipients who unsubscribed from the channel after the message (0 for the control). */
  unsubscribe_rate: z.number().min(0).max(1),
  /** Expected revenue credited to a row, per recipient. */
  revenue_per_recipient: z.number().nonnegative()
})
export type RateTruth = z.infer<typeof RateTruth>

export const SegmentTruth = RateTruth.extend({ segment: z.string() })
export type SegmentTruth = z.infer<typeof SegmentTruth>

export const VariantTruth = RateTruth.extend({
  variant_id: z.string(),
  /** The text as the request carries it (copywriter B's with new phrasings). */
  text: z.string(),
  /** The attributes the true model read (for analysis; the request carries the text only). */
  attributes: z.record(z.string(), z.unknown()),
  segments: z.array(SegmentTruth)
})
export type VariantTruth = z.infer<typeof VariantTruth>

export const CampaignTruth = z.object({
  request: z.string().nullable(),
  campaign_id: z.string(),
  name: z.string(),
  channel: z.string(),
  send_time: z.string(),
  segments: z.array(z.string()),
  variants: z.array(VariantTruth),
  control: RateTruth.extend({ segments: z.array(SegmentTruth) })
})
export type CampaignTruth = z.infer<typeof CampaignTruth>

export const WorldTruth = z.object({
  world: z.object({
    industry: z.string(),
    seed: z.number().int(),
    size: z.string(),
    new_phrasings: z.boolean(),
    history_start: z.string(),
    history_end: z.string(),
    attribution_window_days: z.number().int().positive(),
    generator_version: z.string()
  }),
  campaigns: z.array(CampaignTruth)
})
export type WorldTruth = z.infer<typeof WorldTruth>
