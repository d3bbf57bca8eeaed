// The grounding baseline: the population's reference rates that the relative traits are measured against
// (engagement per channel, unsubscribes, purchase frequency). An affinity, tolerance or loyalty of 0.5 means
// "like the population". fitPriors computes it from every row it is given; personaFromEntity reads it.
import { z } from "zod"
import { ChannelName } from "../persona/persona.ts"

const BaseConversionSchema = z.object({ rate: z.number().gt(0).lt(1), shape: z.number().positive() })

export const GroundingBaseline = z.object({
  /** The population's pooled P(click or purchase | exposure) per channel: an affinity of 0.5 means this rate. */
  channelReference: z.record(ChannelName, z.number().gt(0).lt(1)),
  /** The population's pooled P(unsubscribe | exposure): a tolerance of 0.5 means this rate. */
  unsubscribeReference: z.number().gt(0).lt(1),
  /**
   * The population's P(purchase | exposure) on creatives without a discount (and without urgency), with the
   * Gamma shape κ of its spread across customers (small κ: base rates differ a lot).
   */
  undiscountedConversion: BaseConversionSchema,
  nonUrgentConversion: BaseConversionSchema,
  /** The population's purchases per 30 days: a loyalty of 0.5 means this frequency. */
  purchaseReference: z.number().positive(),
  /** Entities the references were pooled over (0 for the defaults). */
  entities: z.number().int().min(0)
})
export type GroundingBaseline = z.infer<typeof GroundingBaseline>

// Defaults when nothing was fitted. They follow published e-mail benchmarks (Mailchimp, "Email marketing
// benchmarks", all industries: click rate ≈ 2.6 %, unsubscribe rate ≈ 0.26 %), one purchase per hundred messages
// and one purchase in two months.
export const DEFAULT_ENGAGEMENT_REFERENCE = 0.03

export const DEFAULT_GROUNDING: GroundingBaseline = {
  channelReference: {},
  unsubscribeReference: 0.003,
  // κ = 1: base rates as varied as an exponential distribution, a cautious default.
  undiscountedConversion: { rate: 0.01, shape: 1 },
  nonUrgentConversion: { rate: 0.01, shape: 1 },
  purchaseReference: 0.5,
  entities: 0
}

/** The reference engagement rate of a channel (the default when the baseline has none). */
export const channelReference = (baseline: GroundingBaseline, channel: string): number =>
  baseline.channelReference[channel] ?? DEFAULT_ENGAGEMENT_REFERENCE
