// A creative reader that can use a real model: the ReadCreative signature asks a language model for the same
// features the deterministic extractor reads, and `readCreative` merges the two: the model's values where a
// real model answered (it reads phrasings no rule anticipated), the extractor's for what only counting can
// give (length, capitals, placeholders, keywords, price). The offline persona model answers ReadCreative from
// the extractor itself, so offline the merge changes nothing.
import { LanguageModel, Predict, type PredictError, Signature } from "@preflight/core-signatures"
import { Effect } from "effect"
import { z } from "zod"
import { OFFLINE_PROVIDER } from "../offline/offline-persona-model.ts"
import { type CreativeFeatures, extractCreativeFeatures } from "./creative-features.ts"
import { TOPICS, type Topic } from "./topics.ts"

export const ReadCreative = Signature.make({
  instructions:
    "Read a marketing message and report what it offers and how it says it. Report only what the text states: a discount depth only when a fraction or percentage is stated (buy-one-get-one-free counts as 0.5), money off separately, and 'no discount' when the text says so.",
  inputs: {
    creative_text: z.string().describe("The message as the recipient sees it"),
    channel: z.string().describe("Channel: email|sms|push|mail|…")
  },
  outputs: {
    discount: z
      .boolean()
      .describe("Whether the message offers any discount (percentage, fraction, multibuy, money off, a sale)"),
    discount_depth: z
      .number()
      .min(0)
      .max(1)
      .describe(
        "Fraction off stated in the text (0.2 for '20% off', 0.5 for 'half price'); 0 when no fraction is stated"
      ),
    amount_off: z.number().min(0).describe("Money off stated (15 for '$15 off'); 0 when none"),
    free_shipping: z.boolean().describe("Free shipping or delivery"),
    bonus: z.boolean().describe("A free gift, bonus, extra allowance, free month or trial"),
    urgency: z
      .enum(["none", "soft", "hard"])
      .describe("hard: a deadline within about a day or only a few left; soft: this week, soon, limited time; none"),
    scarcity: z.boolean().describe("Limited stock, places or edition"),
    exclusivity: z.boolean().describe("VIP, members only, early access, exclusive"),
    social_proof: z.boolean().describe("Bestseller, ratings, numbers of happy customers"),
    personalization: z
      .number()
      .min(0)
      .max(1)
      .describe("How personal the message is (0-1): name placeholders, 'picked for you', direct address"),
    call_to_action: z
      .enum(["none", "soft", "direct"])
      .describe("direct: shop now, buy, claim, book; soft: learn more, see details; none"),
    sentiment: z.number().min(-1).max(1).describe("Tone from -1 (negative) to +1 (positive)"),
    topic: z.enum([...TOPICS, "none"]).describe("The main topic, or none")
  }
})

export type CreativeReadingOutputs = typeof ReadCreative.outputType

/** The extractor's features with a model's reading laid over them (see the module comment for which wins). */
export const mergeCreativeReading = (
  extracted: CreativeFeatures,
  reading: CreativeReadingOutputs
): CreativeFeatures => {
  const discount = reading.discount || reading.discount_depth > 0 || reading.amount_off > 0
  const topics = { ...extracted.topics }
  let topTopic: Topic | null = extracted.topTopic
  if (reading.topic !== "none") {
    topics[reading.topic] = Math.max(topics[reading.topic], 0.9)
    topTopic = reading.topic
  }
  return {
    ...extracted,
    discount,
    discountDepth: discount ? reading.discount_depth : 0,
    discountKind: !discount
      ? "none"
      : extracted.discountKind !== "none" && reading.discount_depth > 0 === extracted.discountDepth > 0
        ? extracted.discountKind
        : reading.discount_depth > 0
          ? "percent"
          : reading.amount_off > 0
            ? "amount"
            : "generic",
    discountUpTo: discount && extracted.discountUpTo,
    amountOff: reading.amount_off > 0 ? reading.amount_off : null,
    noDiscountStated: !discount && extracted.noDiscountStated,
    freeShipping: reading.free_shipping,
    bonus: reading.bonus,
    urgency: reading.urgency,
    scarcity: reading.scarcity,
    exclusivity: reading.exclusivity,
    socialProof: reading.social_proof,
    personalization: reading.personalization,
    callToAction: reading.call_to_action,
    sentiment: reading.sentiment,
    topics,
    topTopic
  }
}

/**
 * Reads a creative with the current language model and merges the reading with the extractor's. With the
 * offline persona model the result is the extractor's reading.
 * @example const features = yield* readCreative("Psst — our sneakers are a steal this week", "sms")
 */
export const readCreative = (
  text: string,
  channel: string,
  reader: Predict<typeof ReadCreative.inputType, CreativeReadingOutputs> = new Predict(ReadCreative)
): Effect.Effect<CreativeFeatures, PredictError, LanguageModel> =>
  Effect.gen(function* () {
    const extracted = extractCreativeFeatures(text)
    const model = yield* LanguageModel
    const { outputs } = yield* reader.run({ creative_text: text, channel })
    return model.provider === OFFLINE_PROVIDER ? extracted : mergeCreativeReading(extracted, outputs)
  })
