// The fixed numeric encoding of creative features for the causal layer: stable names in a stable order
// (append only; a change of meaning gets a new name), documented in the README's table. Binary features are
// 0/1, grades are 0/0.5/1, counts and sizes are log1p-compressed.
import type { CreativeFeatures } from "./creative-features.ts"
import { TOPICS } from "./topics.ts"

/** Version of the encoding; bumped whenever a name, order or meaning changes. */
export const CREATIVE_FEATURE_VERSION = "creative-features-v2"

const BASE_NAMES = [
  "discount",
  "discount_depth",
  "discount_up_to",
  "amount_off_log1p",
  "has_price",
  "no_discount_stated",
  "free_shipping",
  "bonus",
  "financing",
  "urgency",
  "urgency_soft",
  "urgency_hard",
  "scarcity",
  "exclusivity",
  "social_proof",
  "personalization",
  "placeholder",
  "direct_address_density",
  "picked_for_you",
  "call_to_action",
  "cta_soft",
  "cta_direct",
  "words_log1p",
  "chars_log1p",
  "sentiment",
  "shoutiness",
  "question"
] as const

/** The names of the vector's entries, in order: the base features, then `topic_<id>` for every topic. */
export const CREATIVE_FEATURE_NAMES: ReadonlyArray<string> = [...BASE_NAMES, ...TOPICS.map((topic) => `topic_${topic}`)]

const grade = (level: string, low: string, high: string): number => (level === high ? 1 : level === low ? 0.5 : 0)

/** Encodes features as `{ names, values }` (names are `CREATIVE_FEATURE_NAMES`). */
export const creativeFeatureVector = (
  features: CreativeFeatures
): { names: ReadonlyArray<string>; values: Float64Array } => {
  const values = new Float64Array(CREATIVE_FEATURE_NAMES.length)
  const base = [
    features.discount ? 1 : 0,
    features.discountDepth,
    features.discountUpTo ? 1 : 0,
    Math.log1p(features.amountOff ?? 0),
    features.price === null ? 0 : 1,
    features.noDiscountStated ? 1 : 0,
    features.freeShipping ? 1 : 0,
    features.bonus ? 1 : 0,
    features.financing ? 1 : 0,
    grade(features.urgency, "soft", "hard"),
    features.urgency === "soft" ? 1 : 0,
    features.urgency === "hard" ? 1 : 0,
    features.scarcity ? 1 : 0,
    features.exclusivity ? 1 : 0,
    features.socialProof ? 1 : 0,
    features.personalization,
    features.placeholders > 0 ? 1 : 0,
    features.directAddressDensity,
    features.pickedForYou ? 1 : 0,
    grade(features.callToAction, "soft", "direct"),
    features.callToAction === "soft" ? 1 : 0,
    features.callToAction === "direct" ? 1 : 0,
    Math.log1p(features.words),
    Math.log1p(features.chars),
    features.sentiment,
    features.shoutiness,
    features.question ? 1 : 0
  ]
  base.forEach((value, index) => {
    values[index] = value
  })
  TOPICS.forEach((topic, index) => {
    values[BASE_NAMES.length + index] = features.topics[topic]
  })
  return { names: CREATIVE_FEATURE_NAMES, values }
}
