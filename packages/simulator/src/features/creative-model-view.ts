// The creative as the response models see it: the extractor's features coarsened to the few levels a marketer
// would name (a discount depth to 5 points, a length class, urgency none/soft/hard, a topic present or not).
// A history holds only tens or hundreds of creatives: with exact character counts or sentiment scores every
// creative has its own value, the trees learn each creative's own (noisy) result instead of what its offer,
// urgency and topic do, and none of it carries over to tomorrow's texts. Coarse levels are shared by many
// creatives, so the models must pool.
import type { CreativeReader } from "./creative-reader.ts"

type Coarsen = (value: number) => number

const roundTo =
  (step: number): Coarsen =>
  (value) =>
    Math.round(value / step) * step
const binary: Coarsen = (value) => (value >= 0.5 ? 1 : 0)
const present: Coarsen = (value) => (value >= 0.4 ? 1 : 0)
/** Characters from log1p(chars): SMS-short (< 90), short (< 160), medium (< 320), long. */
const lengthClass: Coarsen = (logChars) => {
  const chars = Math.expm1(logChars)
  return chars < 90 ? 0 : chars < 160 ? 1 : chars < 320 ? 2 : 3
}
const sentimentSign: Coarsen = (value) => (value > 0.2 ? 1 : value < -0.2 ? -1 : 0)

/** How each extractor feature enters the models (absent names are left out). */
const VIEW: ReadonlyArray<readonly [string, string, Coarsen]> = [
  ["discount", "discount", binary],
  ["discount_depth", "discount_depth", roundTo(0.05)],
  ["discount_up_to", "discount_up_to", binary],
  ["amount_off_log1p", "amount_off_log1p", roundTo(0.5)],
  ["has_price", "has_price", binary],
  ["no_discount_stated", "no_discount_stated", binary],
  ["free_shipping", "free_shipping", binary],
  ["bonus", "bonus", binary],
  ["financing", "financing", binary],
  ["urgency", "urgency", roundTo(0.5)],
  ["scarcity", "scarcity", binary],
  ["exclusivity", "exclusivity", binary],
  ["social_proof", "social_proof", binary],
  ["placeholder", "personal_placeholder", binary],
  ["picked_for_you", "picked_for_you", binary],
  ["call_to_action", "call_to_action", roundTo(0.5)],
  ["chars_log1p", "length_class", lengthClass],
  ["shoutiness", "shoutiness", roundTo(0.5)],
  ["question", "question", binary],
  ["sentiment", "sentiment_sign", sentimentSign]
]

/** Wraps a reader so its features come out coarsened (topics become present / absent). */
export const modelViewReader = (base: CreativeReader): CreativeReader => {
  const picks: Array<{ index: number; coarsen: Coarsen }> = []
  const names: Array<string> = []
  for (const [source, name, coarsen] of VIEW) {
    const index = base.featureNames.indexOf(source)
    if (index < 0) continue
    picks.push({ index, coarsen })
    names.push(name)
  }
  base.featureNames.forEach((name, index) => {
    if (!name.startsWith("topic_")) return
    picks.push({ index, coarsen: present })
    names.push(name)
  })
  return {
    version: `${base.version}+model-view-1`,
    featureNames: names,
    read: (text, channel) => {
      const reading = base.read(text, channel)
      return {
        features: Float64Array.from(picks, ({ index, coarsen }) => coarsen(reading.features[index] ?? 0)),
        terms: reading.terms
      }
    },
    termsOf: base.termsOf
  }
}
