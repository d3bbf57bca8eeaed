// The true response model of every world: how a customer with given latent traits responds to a creative on
// a channel, in purchases within the attribution window, unsubscribes, opens, clicks and order value. The
// formulas and parameters are in the package README ("The true response model"); tests check their
// directions. The effects are deliberately not logit-linear in the creative's features: the discount
// saturates, urgency only works with an offer, and topic match, fatigue and channel affinity multiply.
import type { Channel, ChannelSpec, CtaStrength, TextLength } from "../templates/template-types.ts"
import type { CreativeAttributes, Offer } from "./creative.ts"
import { sigmoid } from "./logistic.ts"

/** A customer's latent traits (never written to the history files). */
export interface CustomerTraits {
  /** Logit of the 7-day purchase probability without any message, outside seasons. */
  readonly baseLogit: number
  /** In (0, 1): how much discounts move this customer. */
  readonly priceSensitivity: number
  /** In (0, 1): how much deadlines move this customer (when there is an offer). */
  readonly urgencyResponsiveness: number
  /** In (0, 1): attachment to the brand (likes personal and exclusive messages, dislikes pressure). */
  readonly brandLoyalty: number
  /** In (0, 1): how many messages this customer takes before tiring. */
  readonly fatigueTolerance: number
  /** Mean order value before discounts (currency). */
  readonly orderValue: number
  /** Responsiveness multiplier per channel (1 = average). */
  readonly channelAffinity: Readonly<Partial<Record<Channel, number>>>
  /** Topic id of the customer's favourite product category. */
  readonly favoriteTopic: string
}

/** Where and when a message (or a holdout row) lands. */
export interface ResponseContext {
  readonly channel: ChannelSpec
  /** The template's discount response scale (a in a·price_sensitivity·(1 − e^(−depth/0.15))). */
  readonly discountScale: number
  /** Messages this customer received in the 30 days before this one (frequency_cumulative − 1). */
  readonly recentMessages: number
  /** Seasonal logit shift at the send time. */
  readonly seasonLogit: number
  /**
   * Multiplier of everything the creative does (appeal inside the saturation, and penalties); 1 unless the
   * world has a response shift and the send falls after it (default 1).
   */
  readonly creativeGain?: number
}

/** Every parameter of the true model, with the README's names. */
export const TRUE_MODEL = {
  attributionWindowDays: 7,
  /** Discount uplift a·ps·(1 − exp(−depth / saturationDepth)): half the maximum effect at ~10% off. */
  discountSaturationDepth: 0.15,
  /** A free extra (shipping, activation, fee waiver) acts like this discount depth; a gift like the next. */
  freeEquivalentDepth: 0.06,
  giftEquivalentDepth: 0.08,
  /** A money-off amount counts as amount / order value, capped here. */
  maxAmountDepth: 0.6,
  /** Urgency with an offer: + level weight × urgency_responsiveness. */
  urgencyWithOffer: { none: 0, soft: 0.18, hard: 0.35 },
  /** Urgency without an offer: a deadline for nothing reads as pressure. */
  urgencyWithoutOffer: { none: 0, soft: -0.04, hard: -0.1 },
  /** Hard urgency (capitals, exclamation marks) annoys loyal customers: − this × brand_loyalty. */
  hardUrgencyAnnoyance: 0.35,
  /** Personalization by name: + this × (0.3 + 0.7 × brand_loyalty), per channel. */
  personalization: { email: 0.16, push: 0.16, sms: 0.04, mail: 0.1, call: 0 } satisfies Record<Channel, number>,
  /** Call to action: + this × (0.5 + urgency_responsiveness). */
  cta: { soft: 0, direct: 0.05, strong: 0.09 } satisfies Record<CtaStrength, number>,
  /** Social proof persuades customers who do not know the brand yet: + this × (1 − brand_loyalty). */
  socialProof: 0.12,
  /** Exclusivity flatters loyal customers and puts others off: + perLoyalty × brand_loyalty + offset. */
  exclusivity: { perLoyalty: 0.28, offset: -0.06 },
  /** The positive part of the uplift saturates: S × tanh(x / S), so no message multiplies the odds by more than e^1.3 ≈ 3.7. */
  upliftSaturation: 1.3,
  /** Multiplier of the appeal when the creative's topic is the customer's favourite, general, or another. */
  topicMultiplier: { match: 1.45, general: 1, mismatch: 0.7 },
  /** Length penalty (logit) per channel: long texts do not fit an SMS or a notification. */
  lengthPenalty: {
    email: { short: 0, medium: 0, long: -0.05 },
    sms: { short: 0, medium: -0.1, long: -0.3 },
    push: { short: 0, medium: -0.05, long: -0.2 },
    mail: { short: -0.05, medium: 0, long: 0 },
    call: { short: 0, medium: 0, long: 0 }
  } satisfies Record<Channel, Record<TextLength, number>>,
  /** Fatigue damping 1 / (1 + (n / τ)^exponent) with τ = toleranceBase + tolerancePerTrait × fatigue_tolerance. */
  fatigue: { toleranceBase: 1, tolerancePerTrait: 4, exponent: 1.6 },
  /** Beyond `freeMessages` recent messages each extra one costs this × (1 − fatigue_tolerance) in logit. */
  fatiguePenalty: { freeMessages: 2, perMessage: 0.06 },
  unsubscribe: {
    /** + perRecentMessage × n × (toleranceOffset − fatigue_tolerance) */
    perRecentMessage: 0.3,
    toleranceOffset: 1.2,
    /** + loyalty × (brand_loyalty − 0.5) */
    loyalty: -0.9,
    /** + affinity × ln(channel affinity) */
    affinity: -0.6,
    hardUrgency: 0.25,
    longSms: 0.3,
    topicMatch: -0.2,
    topicMismatch: 0.15
  },
  open: { affinity: 0.6, loyalty: 0.8, personalization: 0.15, urgency: 0.1, topicMatch: 0.25, perRecentMessage: -0.12 },
  click: {
    topicMatch: 0.5,
    /** + offerDepth × min(1, effective depth / 0.3) */
    offerDepth: 0.6,
    cta: { soft: 0, direct: 0.15, strong: 0.3 } satisfies Record<CtaStrength, number>,
    perRecentMessage: -0.05
  },
  /** Mean delay (days) of the message-driven part of the purchase hazard; the natural part is uniform. */
  responseDecayDays: 1.5,
  /** Unsubscribes follow a message after an exponential delay with this mean, cut at `unsubscribeMaxHours`. */
  unsubscribeMeanHours: 3,
  unsubscribeMaxHours: 20
} as const

/** The depth a creative's offer is worth to the customer as a fraction of their order. */
export const effectiveDiscountDepth = (offer: Offer, orderValue: number): number => {
  switch (offer.kind) {
    case "none":
      return 0
    case "percent":
      return offer.depth
    case "amount":
      return Math.min(TRUE_MODEL.maxAmountDepth, offer.amount / Math.max(1, orderValue))
    case "free":
      return TRUE_MODEL.freeEquivalentDepth
    case "gift":
      return TRUE_MODEL.giftEquivalentDepth
  }
}

/** The fraction taken off the order value by the offer (free extras and gifts take nothing off). */
export const priceReduction = (offer: Offer, orderValue: number): number => {
  switch (offer.kind) {
    case "percent":
      return offer.depth
    case "amount":
      return Math.min(TRUE_MODEL.maxAmountDepth, offer.amount / Math.max(1, orderValue))
    default:
      return 0
  }
}

/** Topic multiplier: the favourite topic multiplies the appeal, another topic shrinks it. */
export const topicMultiplier = (topic: string | null, favoriteTopic: string): number =>
  topic === null
    ? TRUE_MODEL.topicMultiplier.general
    : topic === favoriteTopic
      ? TRUE_MODEL.topicMultiplier.match
      : TRUE_MODEL.topicMultiplier.mismatch

/** Fatigue damping D(n) = 1 / (1 + (n / τ)^1.6), τ = 1 + 4 × fatigue_tolerance: 1 for a rested customer. */
export const fatigueDamping = (recentMessages: number, fatigueTolerance: number): number => {
  const { toleranceBase, tolerancePerTrait, exponent } = TRUE_MODEL.fatigue
  const tau = toleranceBase + tolerancePerTrait * fatigueTolerance
  return 1 / (1 + (recentMessages / tau) ** exponent)
}

/**
 * The creative's appeal before channel affinity, topic and fatigue scale it: reminder + discount + urgency
 * (with an offer) + personalization + call to action + social proof + exclusivity, floored at 0.
 */
export const creativeAppeal = (
  customer: CustomerTraits,
  creative: CreativeAttributes,
  context: Pick<ResponseContext, "channel" | "discountScale">
): number => {
  const depth = effectiveDiscountDepth(creative.offer, customer.orderValue)
  const discount =
    context.discountScale * customer.priceSensitivity * (1 - Math.exp(-depth / TRUE_MODEL.discountSaturationDepth))
  const urgency = depth > 0 ? TRUE_MODEL.urgencyWithOffer[creative.urgency] * customer.urgencyResponsiveness : 0
  const personalization = creative.personalized
    ? TRUE_MODEL.personalization[context.channel.channel] * (0.3 + 0.7 * customer.brandLoyalty)
    : 0
  const cta = TRUE_MODEL.cta[creative.cta] * (0.5 + customer.urgencyResponsiveness)
  const socialProof = creative.socialProof ? TRUE_MODEL.socialProof * (1 - customer.brandLoyalty) : 0
  const exclusivity = creative.exclusivity
    ? TRUE_MODEL.exclusivity.perLoyalty * customer.brandLoyalty + TRUE_MODEL.exclusivity.offset
    : 0
  return Math.max(
    0,
    context.channel.reminderLift + discount + urgency + personalization + cta + socialProof + exclusivity
  )
}

/** The negative effects that no affinity or topic can offset: pressure, length and over-messaging. */
export const creativePenalty = (
  customer: CustomerTraits,
  creative: CreativeAttributes,
  context: Pick<ResponseContext, "channel" | "recentMessages">
): number => {
  const depth = effectiveDiscountDepth(creative.offer, customer.orderValue)
  const pressure = depth > 0 ? 0 : TRUE_MODEL.urgencyWithoutOffer[creative.urgency]
  const annoyance = creative.urgency === "hard" ? -TRUE_MODEL.hardUrgencyAnnoyance * customer.brandLoyalty : 0
  const length = TRUE_MODEL.lengthPenalty[context.channel.channel][creative.length]
  const { freeMessages, perMessage } = TRUE_MODEL.fatiguePenalty
  const overMessaging =
    -perMessage * Math.max(0, context.recentMessages - freeMessages) * (1 - customer.fatigueTolerance)
  return pressure + annoyance + length + overMessaging
}

/**
 * The uplift on the logit scale of a message over no message:
 * Δ = S × tanh(g × affinity_k × D(n) × M_topic × appeal / S) + g × penalties, S = 1.3, g the creative gain
 * (1 unless the world's response shifts).
 */
export const trueUpliftLogit = (
  customer: CustomerTraits,
  creative: CreativeAttributes,
  context: ResponseContext
): number => {
  const affinity = customer.channelAffinity[context.channel.channel] ?? 1
  const damping = fatigueDamping(context.recentMessages, customer.fatigueTolerance)
  const topic = topicMultiplier(creative.topic, customer.favoriteTopic)
  const scale = TRUE_MODEL.upliftSaturation
  const gain = context.creativeGain ?? 1
  const positive = gain * affinity * damping * topic * creativeAppeal(customer, creative, context)
  return scale * Math.tanh(positive / scale) + gain * creativePenalty(customer, creative, context)
}

/** P(purchase within 7 days | no message) = σ(base + season). */
export const controlConversionProbability = (customer: CustomerTraits, seasonLogit: number): number =>
  sigmoid(customer.baseLogit + seasonLogit)

/** P(purchase within 7 days | message with `creative` on the context's channel) = σ(base + season + Δ). */
export const trueConversionProbability = (
  customer: CustomerTraits,
  creative: CreativeAttributes,
  context: ResponseContext
): number => sigmoid(customer.baseLogit + context.seasonLogit + trueUpliftLogit(customer, creative, context))

/** P(unsubscribe from the channel after this message); fatigue, pressure and irrelevance raise it. */
export const trueUnsubscribeProbability = (
  customer: CustomerTraits,
  creative: CreativeAttributes,
  context: ResponseContext
): number => {
  const u = TRUE_MODEL.unsubscribe
  const affinity = customer.channelAffinity[context.channel.channel] ?? 1
  const topic = creative.topic === null ? 0 : creative.topic === customer.favoriteTopic ? u.topicMatch : u.topicMismatch
  return sigmoid(
    context.channel.unsubscribeLogit +
      u.perRecentMessage * context.recentMessages * (u.toleranceOffset - customer.fatigueTolerance) +
      u.loyalty * (customer.brandLoyalty - 0.5) +
      u.affinity * Math.log(affinity) +
      (creative.urgency === "hard" ? u.hardUrgency : 0) +
      (context.channel.channel === "sms" && creative.length === "long" ? u.longSms : 0) +
      topic
  )
}

/** P(open | no purchase) for channels with opens (email, push); 0 elsewhere. A purchaser always opened. */
export const trueOpenProbability = (
  customer: CustomerTraits,
  creative: CreativeAttributes,
  context: ResponseContext
): number => {
  if (context.channel.openLogit === null) return 0
  const o = TRUE_MODEL.open
  const affinity = customer.channelAffinity[context.channel.channel] ?? 1
  return sigmoid(
    context.channel.openLogit +
      o.affinity * Math.log(affinity) +
      o.loyalty * (customer.brandLoyalty - 0.5) +
      (creative.personalized ? o.personalization : 0) +
      (creative.urgency === "none" ? 0 : o.urgency) +
      (creative.topic !== null && creative.topic === customer.favoriteTopic ? o.topicMatch : 0) +
      o.perRecentMessage * context.recentMessages
  )
}

/**
 * P(click | no purchase): given an open on channels with opens, given delivery on SMS; 0 where the channel
 * has no clicks. A purchaser after a message always clicked.
 */
export const trueClickProbability = (
  customer: CustomerTraits,
  creative: CreativeAttributes,
  context: ResponseContext
): number => {
  if (context.channel.clickLogit === null) return 0
  const c = TRUE_MODEL.click
  const depth = effectiveDiscountDepth(creative.offer, customer.orderValue)
  return sigmoid(
    context.channel.clickLogit +
      (creative.topic !== null && creative.topic === customer.favoriteTopic ? c.topicMatch : 0) +
      c.offerDepth * Math.min(1, depth / 0.3) +
      c.cta[creative.cta] +
      c.perRecentMessage * context.recentMessages
  )
}

/** Expected order value of a purchase made with this offer: order value × (1 − price reduction). */
export const expectedOrderValue = (customer: CustomerTraits, offer: Offer): number =>
  customer.orderValue * (1 - priceReduction(offer, customer.orderValue))
