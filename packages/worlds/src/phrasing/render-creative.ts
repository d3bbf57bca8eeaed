// Renders a creative's attributes into the text a recipient sees, in one copywriter's words. Many templates
// per attribute and a random sentence order make texts with equal attributes read differently.
import type { SeededRandom } from "@preflight/numeric"
import type { CreativeAttributes } from "../model/creative.ts"
import type { Channel, IndustryCopy, IndustryTemplate, TopicCopy } from "../templates/template-types.ts"
import { GENERIC_COPY_A, GENERIC_COPY_B, type GenericCopy, type SentenceSlot } from "./generic-copy.ts"

export type Copywriter = "A" | "B"

/** Everything one copywriter may say for one industry. */
export interface PhraseBank {
  readonly copywriter: Copywriter
  readonly generic: GenericCopy
  readonly industry: IndustryCopy
  readonly topics: Readonly<Record<string, TopicCopy>>
}

/** Copywriter `copywriter`'s bank for `template`. */
export const phraseBank = (template: IndustryTemplate, copywriter: Copywriter): PhraseBank => ({
  copywriter,
  generic: copywriter === "A" ? GENERIC_COPY_A : GENERIC_COPY_B,
  industry: copywriter === "A" ? template.copyA : template.copyB,
  topics: Object.fromEntries(template.topics.map((topic) => [topic.id, copywriter === "A" ? topic.copyA : topic.copyB]))
})

/**
 * Every phrase of a bank grouped by the attribute it expresses (offer, urgency, personalization, cta,
 * socialProof, exclusivity, `topic:<id>`, general). Used to check that two copywriters share no words.
 */
export const phrasesByAttribute = (bank: PhraseBank): Readonly<Record<string, ReadonlyArray<string>>> => {
  const headlines = Object.values(bank.industry.headlines).flat()
  return {
    offer: [...headlines, ...(bank.industry.halfPriceHeadlines ?? [])],
    urgency: [...bank.generic.urgency.soft, ...bank.generic.urgency.hard],
    personalization: bank.generic.greetings,
    cta: Object.values(bank.industry.cta).flat(),
    socialProof: bank.generic.socialProof,
    exclusivity: bank.generic.exclusivity,
    general: [...bank.industry.generalScope, ...bank.industry.generalBenefits, ...bank.industry.signOff],
    ...Object.fromEntries(
      Object.entries(bank.topics).map(([id, copy]) => [`topic:${id}`, [...copy.nouns, ...copy.benefits]])
    )
  }
}

const BENEFIT_SENTENCES = { short: 0, medium: 1, long: 3 } as const

const capitalize = (sentence: string): string =>
  sentence.length === 0 ? sentence : `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`

const fill = (template: string, slots: Readonly<Record<string, string>>): string =>
  template.replace(/\{(scope|pct|amount|money|brand|count)\}/g, (_, key: string) => slots[key] ?? "")

/** A social-proof count such as "12,400": rounded like a marketer would. */
const customerCount = (random: SeededRandom): string => {
  const count = random.intBetween(12, 480) * 100
  return count.toLocaleString("en-US")
}

const headlineOf = (attributes: CreativeAttributes, bank: PhraseBank, random: SeededRandom): string => {
  const offer = attributes.offer
  const half = bank.industry.halfPriceHeadlines
  if (offer.kind === "percent" && Math.round(offer.depth * 100) === 50 && half !== undefined && half.length > 0) {
    return random.choice(half)
  }
  return random.choice(bank.industry.headlines[offer.kind])
}

/**
 * The text of a creative for `channel`, written by the copywriter of `bank`. `{{name}}` stays a placeholder.
 * The same attributes, bank and random state always give the same text.
 */
export const renderCreative = (
  attributes: CreativeAttributes,
  channel: Channel,
  template: IndustryTemplate,
  bank: PhraseBank,
  random: SeededRandom
): string => {
  const topicCopy = attributes.topic === null ? undefined : bank.topics[attributes.topic]
  const scope = random.choice(topicCopy?.nouns ?? bank.industry.generalScope)
  const offer = attributes.offer
  const slots = {
    scope,
    brand: template.brand,
    pct: offer.kind === "percent" ? String(Math.round(offer.depth * 100)) : "",
    amount: offer.kind === "amount" ? String(offer.amount) : "",
    money: offer.kind === "amount" ? `$${offer.amount}` : "",
    count: customerCount(random)
  }
  const benefitPool = [...(topicCopy?.benefits ?? []), ...bank.industry.generalBenefits]
  const benefitCount = Math.min(
    benefitPool.length,
    channel === "sms" || channel === "push"
      ? Math.min(2, BENEFIT_SENTENCES[attributes.length])
      : BENEFIT_SENTENCES[attributes.length]
  )
  // Topic sentences first: a focused creative talks about its topic before the brand's general promises.
  const benefits =
    topicCopy === undefined
      ? random.sample(benefitPool, benefitCount)
      : [
          ...random.sample(topicCopy.benefits, Math.min(benefitCount, topicCopy.benefits.length)),
          ...random.sample(bank.industry.generalBenefits, Math.max(0, benefitCount - topicCopy.benefits.length))
        ]
  const sentenceFor = (slot: SentenceSlot): ReadonlyArray<string> => {
    switch (slot) {
      case "greeting":
        return attributes.personalized ? [random.choice(bank.generic.greetings)] : []
      case "headline":
        return [capitalize(fill(headlineOf(attributes, bank, random), slots))]
      case "exclusivity":
        return attributes.exclusivity ? [random.choice(bank.generic.exclusivity)] : []
      case "socialProof":
        return attributes.socialProof ? [fill(random.choice(bank.generic.socialProof), slots)] : []
      case "benefits":
        return benefits
      case "urgency":
        return attributes.urgency === "none" ? [] : [random.choice(bank.generic.urgency[attributes.urgency])]
      case "cta":
        return [random.choice(bank.industry.cta[attributes.cta])]
      case "signOff":
        return (channel === "email" && attributes.length === "long") || channel === "mail"
          ? [fill(random.choice(bank.industry.signOff), slots)]
          : []
      case "footer":
        return channel === "sms" ? [bank.generic.smsFooter] : []
    }
  }
  const order = random.choice(bank.generic.orders)
  return order.flatMap(sentenceFor).join(" ")
}
