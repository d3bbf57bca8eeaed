// What an industry template is, as data: channels with their costs and response levels, segments with
// the priors their customers' latent traits are drawn from, product topics, campaign themes, seasons,
// and the words each of the two copywriters uses for that industry.

export const CHANNELS = ["email", "sms", "push", "mail", "call"] as const
export type Channel = (typeof CHANNELS)[number]

export const INDUSTRIES = ["retail", "telecom", "finance", "healthcare", "realestate"] as const
export type Industry = (typeof INDUSTRIES)[number]

export type OfferKind = "none" | "percent" | "amount" | "free" | "gift"
export type UrgencyLevel = "none" | "soft" | "hard"
export type CtaStrength = "soft" | "direct" | "strong"
export type TextLength = "short" | "medium" | "long"

export interface ChannelSpec {
  readonly channel: Channel
  /** Cost of one delivered message, in the template's currency. */
  readonly costPerSend: number
  /** κ_k: the logit-scale lift of merely receiving a message on this channel (a reminder). */
  readonly reminderLift: number
  /** γ_k: logit of the unsubscribe (opt-out) probability of one message for an average customer. */
  readonly unsubscribeLogit: number
  /** Logit of opening a message (email, push); null where the channel has no opens. */
  readonly openLogit: number | null
  /** Logit of clicking: given an open where there are opens, given delivery otherwise; null: no clicks. */
  readonly clickLogit: number | null
  /** How often the marketer picks this channel for a campaign (relative weight). */
  readonly campaignWeight: number
  /** Hours (UTC) at which campaigns on this channel typically go out. */
  readonly sendHoursUtc: ReadonlyArray<number>
  /** A campaign's messages leave over this many minutes (batching, call-centre shifts, mail delivery). */
  readonly spreadMinutes: number
  /** The usual text length on this channel (weights for short, medium, long). */
  readonly lengthWeights: Readonly<Record<TextLength, number>>
}

export interface SegmentPriors {
  /** Mean 7-day purchase probability without any message, outside busy seasons. */
  readonly baseConversion7d: number
  /** Means in (0, 1) of the latent traits. */
  readonly priceSensitivity: number
  readonly urgencyResponsiveness: number
  readonly brandLoyalty: number
  readonly fatigueTolerance: number
  /** Median order value (currency). */
  readonly orderValue: number
  /** Mean responsiveness multiplier per channel (1 = average). */
  readonly channelAffinity: Readonly<Partial<Record<Channel, number>>>
  /** Share of the segment reachable (opted in, number or address known) per channel. */
  readonly reachability: Readonly<Partial<Record<Channel, number>>>
  /** Relative weights of each topic being the customer's favourite. */
  readonly topicWeights: Readonly<Record<string, number>>
  readonly ageMean: number
  readonly ageSd: number
}

export interface SegmentSpec {
  readonly id: string
  readonly description: string
  /** The organisation's rule for membership, as written in segments.definition. */
  readonly rule: string
  readonly share: number
  readonly lifecycleStage: string
  readonly valueTier: string
  /** Customers of this segment joined during the history window (otherwise before it). */
  readonly joinsDuringHistory: boolean
  /** Tenure range in days at the start of the history, for customers who joined before it. */
  readonly tenureDays: readonly [number, number]
  readonly priors: SegmentPriors
}

/** The words one copywriter uses for a topic: the nouns that name it and sentences that sell it. */
export interface TopicCopy {
  readonly nouns: ReadonlyArray<string>
  readonly benefits: ReadonlyArray<string>
}

export interface TopicSpec {
  readonly id: string
  /** The everyday word customers' attributes use for this interest (copywriter A's first noun). */
  readonly label: string
  readonly copyA: TopicCopy
  readonly copyB: TopicCopy
}

/** A kind of campaign the marketer runs: whom it targets and what offers and tone it tends to use. */
export interface ThemeSpec {
  readonly id: string
  readonly name: string
  readonly weight: number
  /** A season that makes this theme likelier (name of one of the template's seasons). */
  readonly season?: string
  readonly segmentWeights: Readonly<Record<string, number>>
  readonly offerWeights: Readonly<Partial<Record<OfferKind, number>>>
  /** Percent-off depths (fractions) the theme uses. */
  readonly percentDepths: ReadonlyArray<number>
  /** Money-off amounts (currency) the theme uses. */
  readonly amounts: ReadonlyArray<number>
  readonly urgencyWeights: Readonly<Record<UrgencyLevel, number>>
  readonly exclusivityShare: number
  readonly socialProofShare: number
  /** Probability that a creative is about one topic rather than the whole range. */
  readonly topicFocusShare: number
  /** Which topics a focused creative of this theme is about (relative weights; default: all alike). */
  readonly topicWeights?: Readonly<Record<string, number>>
  readonly channelWeights?: Readonly<Partial<Record<Channel, number>>>
}

export interface SeasonSpec {
  readonly name: string
  /** Day of the year (1–365) of the peak. */
  readonly peakDay: number
  /** Standard deviation of the bump, in days. */
  readonly widthDays: number
  /** Logit-scale change of the natural purchase rate at the peak. */
  readonly conversionLift: number
  /** Extra campaign density at the peak (0 = none, 1 = twice the usual rate). */
  readonly campaignDensity: number
}

/** An industry-specific customer attribute, drawn per segment. */
export type ExtraAttributeSpec =
  | {
      readonly kind: "category"
      readonly name: string
      readonly values: ReadonlyArray<string>
      /** Weights per segment id; segments not named use `defaultWeights`. */
      readonly weightsBySegment: Readonly<Record<string, ReadonlyArray<number>>>
      readonly defaultWeights: ReadonlyArray<number>
    }
  | {
      readonly kind: "number"
      readonly name: string
      /** Median per segment id (lognormal with `logSd`); `fallback` for others. */
      readonly medianBySegment: Readonly<Record<string, number>>
      readonly fallback: number
      readonly logSd: number
      readonly decimals: number
    }

/** One copywriter's industry-specific words. `{scope}` is a topic noun or the general scope. */
export interface IndustryCopy {
  /** Headlines per offer kind; slots: {scope}, {pct} (percent), {amount} (a number), {money} ("$20"), {brand}. */
  readonly headlines: Readonly<Record<OfferKind, ReadonlyArray<string>>>
  /** Used for a 50% offer instead of the percent headlines when present (copywriter B: "half price"). */
  readonly halfPriceHeadlines?: ReadonlyArray<string>
  readonly cta: Readonly<Record<CtaStrength, ReadonlyArray<string>>>
  /** How this copywriter names the whole range when a creative has no single topic. */
  readonly generalScope: ReadonlyArray<string>
  readonly generalBenefits: ReadonlyArray<string>
  readonly signOff: ReadonlyArray<string>
}

export interface IndustryTemplate {
  readonly industry: Industry
  readonly displayName: string
  readonly brand: string
  readonly currency: string
  /** What a "purchase" outcome means in this industry, and what its outcome_value measures. */
  readonly conversionEvent: string
  readonly outcomeTypes: ReadonlyArray<string>
  readonly channels: ReadonlyArray<ChannelSpec>
  readonly segments: ReadonlyArray<SegmentSpec>
  readonly topics: ReadonlyArray<TopicSpec>
  readonly themes: ReadonlyArray<ThemeSpec>
  readonly seasons: ReadonlyArray<SeasonSpec>
  readonly regions: ReadonlyArray<string>
  /** Name of the entity attribute that carries the customer's favourite topic. */
  readonly interestAttribute: string
  readonly extraAttributes: ReadonlyArray<ExtraAttributeSpec>
  /** Discount depth response scale a (uplift a·price_sensitivity·(1 − e^(−depth/0.15))). */
  readonly discountScale: number
  /** Log-sd of order values around a customer's mean order value. */
  readonly orderValueLogSd: number
  readonly copyA: IndustryCopy
  readonly copyB: IndustryCopy
  /** Hand-written examples of what this organisation sends, per channel. */
  readonly exampleCreatives: Readonly<Partial<Record<Channel, ReadonlyArray<string>>>>
}
