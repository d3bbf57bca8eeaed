// extractCreativeFeatures: what a marketing text offers and how it says it, read deterministically from
// general English marketing language (not templates): discount depth and money off, price, free shipping,
// bonus, financing, explicit absence of a discount, graded urgency, scarcity, exclusivity, social proof,
// personalisation, graded call to action, length, sentiment, shoutiness, a question, topic scores and the
// content keywords. Used by the offline persona model and by the causal layer (see feature-vector.ts).
import { normalizeText } from "./normalize-text.ts"
import { type AppealReading, type CallToActionLevel, readAppeals } from "./read-appeals.ts"
import { type DiscountKind, readOffer } from "./read-offer.ts"
import { readUrgency, type UrgencyLevel } from "./read-urgency.ts"
import { readSentiment } from "./sentiment.ts"
import { STOP_WORDS } from "./stop-words.ts"
import { scoreTopics, TOPIC_PRESENT, TOPICS, type Topic } from "./topics.ts"

/** The features of one creative. */
export interface CreativeFeatures {
  readonly discount: boolean
  /** Fraction off in [0, 1] when the text states one (largest); 0 otherwise, even with money off. */
  readonly discountDepth: number
  readonly discountKind: DiscountKind
  readonly discountUpTo: boolean
  /** Money off in the text's currency (largest), null when none. */
  readonly amountOff: number | null
  readonly currency: string | null
  /** A price stated without a discount cue ("from $9.99"), null when none. */
  readonly price: number | null
  /** The text says there is no discount ("no discount today", "full price"). */
  readonly noDiscountStated: boolean
  readonly freeShipping: boolean
  readonly bonus: boolean
  readonly financing: boolean
  readonly urgency: UrgencyLevel
  readonly scarcity: boolean
  readonly exclusivity: boolean
  readonly socialProof: boolean
  /** 0.45·placeholder + 0.35·picked-for-you + 0.2·min(1, direct address / 8 %). */
  readonly personalization: number
  readonly placeholders: number
  readonly directAddressDensity: number
  readonly pickedForYou: boolean
  readonly callToAction: CallToActionLevel
  readonly chars: number
  readonly words: number
  /** Lexicon sentiment with negation, in (−1, 1). */
  readonly sentiment: number
  readonly exclamations: number
  readonly capsWords: number
  /** 0.5·min(1, exclamations / 3) + 0.5·min(1, share of all-caps words / 30 %). */
  readonly shoutiness: number
  readonly question: boolean
  /** Score per topic in [0, 1). */
  readonly topics: Readonly<Record<Topic, number>>
  /** The highest-scoring topic when its score reaches TOPIC_PRESENT, else null. */
  readonly topTopic: Topic | null
  /** Lower-cased content words, stop words removed, in order of first appearance. */
  readonly keywords: ReadonlyArray<string>
  /** The phrases that decided the offer, urgency and appeals (for rationales and tests). */
  readonly cues: ReadonlyArray<string>
}

// All-caps tokens that are names, not shouting.
const ACRONYMS = new Set(
  "VIP VIPS SMS MMS BOGO APR APY AER ISA UK US USA EU GB MB TB 5G 4G TV PC GP NHS DIY FAQ ID PIN OK AM PM UTC EV SUV MOT LTV FCA FDIC ATM ETA RSVP ASAP PS NB IT HR CEO LED USB HD 4K UHD NFL NBA BBQ XL XXL XS S M L".split(
    " "
  )
)

const shouting = (folded: string): { capsWords: number; letterWords: number } => {
  let capsWords = 0
  let letterWords = 0
  const WORD = /[A-Za-z][A-Za-z0-9']*/g
  let previous = ""
  for (let m = WORD.exec(folded); m !== null; m = WORD.exec(folded)) {
    const word = m[0]
    letterWords++
    // A promo code after "code" is written in capitals by convention.
    if (
      word.length >= 3 &&
      word === word.toUpperCase() &&
      /[A-Z]{3}/.test(word) &&
      !ACRONYMS.has(word) &&
      previous !== "code"
    ) {
      capsWords++
    }
    previous = word.toLowerCase()
  }
  return { capsWords, letterWords }
}

const keywordsOf = (tokens: ReadonlyArray<{ readonly text: string }>): string[] => {
  const seen = new Set<string>()
  for (const token of tokens) {
    const word = token.text.replace(/'s$/, "")
    if (word.length < 3 || !/^[a-z]/.test(word) || STOP_WORDS.has(word)) continue
    seen.add(word)
  }
  return [...seen]
}

/**
 * Reads a creative's features. Deterministic and fast (well under a millisecond for an e-mail; see the
 * README's figures), and it reads any English marketing text: it was written from general phrasing, not tuned
 * to a generator's templates.
 * @example extractCreativeFeatures("Ends tonight: 30% off all boots. Shop now!").discountDepth // 0.3
 */
export const extractCreativeFeatures = (text: string): CreativeFeatures => {
  const normalized = normalizeText(text)
  const offer = readOffer(normalized)
  const urgency = readUrgency(normalized)
  const appeals: AppealReading = readAppeals(normalized)
  const sentiment = readSentiment(normalized)
  const scores = scoreTopics(normalized.lower, normalized.tokens)
  const topics = {} as Record<Topic, number>
  let topTopic: Topic | null = null
  let best = TOPIC_PRESENT
  TOPICS.forEach((topic, index) => {
    const score = scores[index] as number
    topics[topic] = score
    if (score >= best) {
      best = score
      topTopic = topic
    }
  })
  const { capsWords, letterWords } = shouting(normalized.folded)
  const exclamations = (normalized.folded.match(/!/g) ?? []).length
  const capsShare = letterWords === 0 ? 0 : capsWords / letterWords
  return {
    discount: offer.discount,
    discountDepth: offer.discountDepth,
    discountKind: offer.discountKind,
    discountUpTo: offer.upTo,
    amountOff: offer.amountOff,
    currency: offer.currency,
    price: offer.price,
    noDiscountStated: offer.noDiscountStated,
    freeShipping: offer.freeShipping,
    bonus: offer.bonus,
    financing: offer.financing,
    urgency: urgency.level,
    scarcity: urgency.scarcity,
    exclusivity: appeals.exclusivity,
    socialProof: appeals.socialProof,
    personalization: appeals.personalization,
    placeholders: appeals.placeholders,
    directAddressDensity: appeals.directAddressDensity,
    pickedForYou: appeals.pickedForYou,
    callToAction: appeals.callToAction,
    chars: text.length,
    words: letterWords,
    sentiment: sentiment.score,
    exclamations,
    capsWords,
    shoutiness: 0.5 * Math.min(1, exclamations / 3) + 0.5 * Math.min(1, capsShare / 0.3),
    question: normalized.folded.includes("?"),
    topics,
    topTopic,
    keywords: keywordsOf(normalized.tokens),
    cues: [...offer.cues, ...urgency.cues, ...appeals.cues]
  }
}
