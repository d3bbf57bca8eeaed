// The variants of one campaign, as attributes. Like a marketer's A/B test, a campaign starts from a base
// creative typical of its theme and channel, then varies one or two elements (offer, urgency, name, call to
// action, topic, social proof, exclusivity, length) across its 2–4 variants.
import type { SeededRandom } from "@preflight/numeric"
import type { CreativeAttributes, Offer } from "../model/creative.ts"
import { sameAttributes } from "../model/creative.ts"
import type {
  ChannelSpec,
  CtaStrength,
  IndustryTemplate,
  OfferKind,
  TextLength,
  ThemeSpec,
  UrgencyLevel
} from "../templates/template-types.ts"

type Dimension = "offer" | "urgency" | "personalized" | "cta" | "topic" | "socialProof" | "exclusivity" | "length"

const URGENCY_LEVELS: ReadonlyArray<UrgencyLevel> = ["none", "soft", "hard"]
const CTA_STRENGTHS: ReadonlyArray<CtaStrength> = ["soft", "direct", "strong"]
const LENGTHS: ReadonlyArray<TextLength> = ["short", "medium", "long"]
/** How often each channel's creatives greet the recipient by name (a call always does). */
const PERSONALIZATION_SHARE = { email: 0.5, sms: 0.3, push: 0.3, mail: 0.85, call: 1 } as const
/** Campaigns test 2, 3 or 4 variants with these probabilities. */
const VARIANT_COUNT_WEIGHTS = [0.45, 0.35, 0.2] as const

const weightedChoice = <K extends string>(random: SeededRandom, weights: Readonly<Partial<Record<K, number>>>): K => {
  const keys = Object.keys(weights) as Array<K>
  const index = random.weightedIndex(keys.map((key) => weights[key] ?? 0))
  const key = keys[index]
  if (key === undefined) throw new RangeError("no weights to choose from")
  return key
}

const offerOf = (kind: OfferKind, theme: ThemeSpec, random: SeededRandom): Offer => {
  switch (kind) {
    case "percent":
      return { kind, depth: random.choice(theme.percentDepths) }
    case "amount":
      return { kind, amount: random.choice(theme.amounts) }
    default:
      return { kind }
  }
}

/** Every offer the theme could make, plus none: the alternatives a test may try against the base offer. */
const offerAlternatives = (theme: ThemeSpec): ReadonlyArray<Offer> => {
  const offers: Array<Offer> = [{ kind: "none" }]
  for (const [kind, weight] of Object.entries(theme.offerWeights) as Array<[OfferKind, number]>) {
    if (!(weight > 0)) continue
    if (kind === "percent") for (const depth of theme.percentDepths) offers.push({ kind, depth })
    else if (kind === "amount") for (const amount of theme.amounts) offers.push({ kind, amount })
    else if (kind !== "none") offers.push({ kind })
  }
  return offers
}

const topicOf = (random: SeededRandom, template: IndustryTemplate, theme: ThemeSpec): string | null => {
  if (!random.bernoulli(theme.topicFocusShare)) return null
  const ids = template.topics.map((topic) => topic.id)
  const weights = ids.map((id) => (theme.topicWeights === undefined ? 1 : (theme.topicWeights[id] ?? 0)))
  return ids[random.weightedIndex(weights)] ?? null
}

const baseCreative = (
  random: SeededRandom,
  template: IndustryTemplate,
  theme: ThemeSpec,
  channel: ChannelSpec
): CreativeAttributes => ({
  offer: offerOf(weightedChoice(random, theme.offerWeights), theme, random),
  urgency: weightedChoice(random, theme.urgencyWeights),
  personalized: random.bernoulli(PERSONALIZATION_SHARE[channel.channel]),
  cta: weightedChoice(random, { soft: 0.25, direct: 0.5, strong: 0.25 }),
  topic: topicOf(random, template, theme),
  socialProof: random.bernoulli(theme.socialProofShare),
  exclusivity: random.bernoulli(theme.exclusivityShare),
  length: weightedChoice(random, channel.lengthWeights)
})

const otherThan = <T>(random: SeededRandom, values: ReadonlyArray<T>, current: T, same: (a: T, b: T) => boolean): T => {
  const others = values.filter((value) => !same(value, current))
  return others.length === 0 ? current : random.choice(others)
}

const vary = (
  random: SeededRandom,
  template: IndustryTemplate,
  theme: ThemeSpec,
  base: CreativeAttributes,
  dimension: Dimension
): CreativeAttributes => {
  switch (dimension) {
    case "offer":
      return {
        ...base,
        offer: otherThan(
          random,
          offerAlternatives(theme),
          base.offer,
          (a, b) => JSON.stringify(a) === JSON.stringify(b)
        )
      }
    case "urgency":
      return { ...base, urgency: otherThan(random, URGENCY_LEVELS, base.urgency, (a, b) => a === b) }
    case "personalized":
      return { ...base, personalized: !base.personalized }
    case "cta":
      return { ...base, cta: otherThan(random, CTA_STRENGTHS, base.cta, (a, b) => a === b) }
    case "topic":
      return {
        ...base,
        topic: otherThan(random, [null, ...template.topics.map((topic) => topic.id)], base.topic, (a, b) => a === b)
      }
    case "socialProof":
      return { ...base, socialProof: !base.socialProof }
    case "exclusivity":
      return { ...base, exclusivity: !base.exclusivity }
    case "length":
      return { ...base, length: otherThan(random, LENGTHS, base.length, (a, b) => a === b) }
  }
}

/**
 * The attributes of a campaign's 2–4 variants: a base creative and variants that differ from it in one or
 * two tested elements. No two variants are equal.
 */
export const designVariants = (
  random: SeededRandom,
  template: IndustryTemplate,
  theme: ThemeSpec,
  channel: ChannelSpec
): ReadonlyArray<CreativeAttributes> => {
  const variantCount = 2 + random.weightedIndex(VARIANT_COUNT_WEIGHTS)
  const base = baseCreative(random, template, theme, channel)
  const dimensionWeights: Readonly<Record<Dimension, number>> = {
    offer: 3,
    urgency: 2.5,
    personalized: channel.channel === "call" ? 0 : 1.5,
    cta: 1.5,
    topic: 1.5,
    socialProof: 1,
    exclusivity: 1,
    length: channel.channel === "call" ? 0.5 : 1
  }
  const tested: Array<Dimension> = []
  const testedCount = random.bernoulli(0.55) ? 1 : 2
  while (tested.length < testedCount) {
    const dimension = weightedChoice(random, dimensionWeights)
    if (!tested.includes(dimension)) tested.push(dimension)
  }
  const variants: Array<CreativeAttributes> = [base]
  let attempts = 0
  while (variants.length < variantCount) {
    attempts++
    // After many collisions (a test of a boolean has only two values) the test widens to one more element.
    if (attempts % 12 === 0) {
      const extra = weightedChoice(random, dimensionWeights)
      if (!tested.includes(extra)) tested.push(extra)
    }
    let candidate = base
    for (const dimension of tested) {
      candidate = random.bernoulli(tested.length === 1 ? 1 : 0.7)
        ? vary(random, template, theme, candidate, dimension)
        : candidate
    }
    if (!variants.some((existing) => sameAttributes(existing, candidate))) variants.push(candidate)
  }
  return variants
}
