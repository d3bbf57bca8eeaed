// The persona schema (zod): who the persona is, what they are worth, how they respond to marketing
// (price, urgency, loyalty, channels, interests, fatigue, contact times), an optional Big Five profile,
// what they bought and what they were recently sent. Sampled personas and personas built from real
// customers share it; `weight` says how many customers of the segment one persona stands for.
import { z } from "zod"

/** Fatigue levels, lowest to highest (the seeds' AssessChannelPreference vocabulary). */
export const FATIGUE_LEVELS = ["none", "low", "medium", "high", "saturated"] as const
export const FatigueLevel = z.enum(FATIGUE_LEVELS)
export type FatigueLevel = z.infer<typeof FatigueLevel>

/** Value tiers, lowest to highest. Organisation labels (bronze, gold, …) map onto them (`normalizeValueTier`). */
export const VALUE_TIERS = ["low", "medium", "high", "vip"] as const
export const ValueTier = z.enum(VALUE_TIERS)
export type ValueTier = z.infer<typeof ValueTier>

/** Lifecycle stages in customer-journey order. */
export const LIFECYCLE_STAGES = ["new", "active", "at_risk", "lapsed", "churned"] as const
export const LifecycleStage = z.enum(LIFECYCLE_STAGES)
export type LifecycleStage = z.infer<typeof LifecycleStage>

/** Parts of the day a persona prefers to be contacted in (local time). */
export const DAYPARTS = ["morning", "afternoon", "evening", "night"] as const
export const Daypart = z.enum(DAYPARTS)
export type Daypart = z.infer<typeof Daypart>

/** Channels with built-in defaults; any other non-empty channel name is accepted too. */
export const KNOWN_CHANNELS = ["email", "sms", "push", "mail", "call", "in_app"] as const

/** A channel name (lower-case identifier such as "email" or "whatsapp"). */
export const ChannelName = z
  .string()
  .min(1)
  .regex(/^[a-z][a-z0-9_]*$/, "a channel is a lower-case identifier such as email, sms, push")

const unit = z.number().min(0).max(1)

/** The Big Five (OCEAN) scores in [0, 1]; optional because CRM data rarely has them. */
export const BigFive = z.object({
  openness: unit,
  conscientiousness: unit,
  extraversion: unit,
  agreeableness: unit,
  neuroticism: unit
})
export type BigFive = z.infer<typeof BigFive>

/** Who the persona is. Every field is optional: grounded personas carry only what the CRM knows. */
export const Demographics = z.object({
  name: z.string().optional(),
  age: z.number().min(0).max(120).optional(),
  gender: z.string().optional(),
  location: z.string().optional(),
  occupation: z.string().optional(),
  incomeBand: z.string().optional()
})
export type Demographics = z.infer<typeof Demographics>

/**
 * How the persona responds to marketing. Scales (documented in the README, estimated from behaviour by
 * `personaFromEntity`): `priceSensitivity` is the share of their purchase propensity that falls on
 * discounted creatives (0.5 = a discount changes nothing, 1 = buys only on discount); `urgencyResponsiveness`
 * the same for urgent creatives; `brandLoyalty` relative purchase frequency and recency; `channelAffinity[c]`
 * their engagement rate on c relative to the population's (0.5 = average, 2× average ≈ 0.67);
 * `fatigueTolerance` how much contact they take before tiring (0.5 = average).
 */
export const MarketingTraits = z.object({
  priceSensitivity: unit,
  urgencyResponsiveness: unit,
  brandLoyalty: unit,
  channelAffinity: z.record(ChannelName, unit),
  contentInterests: z.array(z.string().min(1)),
  fatigueTolerance: unit,
  preferredContactTimes: z.array(Daypart)
})
export type MarketingTraits = z.infer<typeof MarketingTraits>

/** What the persona bought (counts over the history the summary covers). */
export const PurchaseHistorySummary = z.object({
  purchases: z.number().int().min(0),
  revenue: z.number().min(0),
  averageOrderValue: z.number().min(0).optional(),
  daysSinceLastPurchase: z.number().min(0).optional(),
  /** Share of purchases made on discounted creatives, when known. */
  discountedShare: unit.optional()
})
export type PurchaseHistorySummary = z.infer<typeof PurchaseHistorySummary>

/** One recent marketing touch, dated relative to the moment of the simulation. */
export const Touch = z.object({
  channel: ChannelName,
  daysAgo: z.number().min(0),
  interventionId: z.string().optional()
})
export type Touch = z.infer<typeof Touch>

/** Recent touches (newest first is not required; functions sort what they need). */
export const ExposureHistory = z.object({ touches: z.array(Touch) })
export type ExposureHistory = z.infer<typeof ExposureHistory>

/** A persona: one simulated customer standing for `weight` customers of its segment. */
export const Persona = z.object({
  id: z.string().min(1),
  segmentId: z.string().min(1),
  /** How many customers of the segment this persona stands for (> 0). */
  weight: z.number().positive(),
  source: z.enum(["sampled", "entity", "archetype"]),
  /** The customer it was built from, for grounded personas. */
  entityId: z.string().optional(),
  /** For an archetype: how many personas it answers for (their idiosyncrasies average out). */
  members: z.number().int().positive().optional(),
  demographics: Demographics,
  valueTier: ValueTier,
  lifecycleStage: LifecycleStage,
  tenureDays: z.number().min(0).optional(),
  traits: MarketingTraits,
  bigFive: BigFive.optional(),
  purchaseHistory: PurchaseHistorySummary,
  exposures: ExposureHistory
})
export type Persona = z.infer<typeof Persona>
