// ReadCreative: the offline model answers it from the extractor (so the merge changes nothing), a real
// model's reading overrides the semantic fields while counts stay the extractor's.
import { ScriptedLanguageModel } from "@preflight/core-signatures"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { extractCreativeFeatures } from "../../src/creative/creative-features.ts"
import { readCreative } from "../../src/creative/read-creative.ts"
import { runOffline } from "../support/run.ts"

const text = "Psst - our sneakers are a steal this week. Grab a pair!"

describe("readCreative", () => {
  it("offline, it is the extractor's reading (and the call is recorded as the offline model's)", async () => {
    const { value, ledger } = await runOffline(readCreative(text, "sms"))
    expect(value).toEqual(extractCreativeFeatures(text))
    expect(ledger.history()[0]?.model).toContain("not a language model")
  })

  it("with a real model, its reading wins for what it reads and the counts stay", async () => {
    const model = ScriptedLanguageModel.make({
      answers: [
        {
          outputs: {
            discount: true,
            discount_depth: 0.25,
            amount_off: 0,
            free_shipping: false,
            bonus: false,
            urgency: "soft",
            scarcity: false,
            exclusivity: false,
            social_proof: false,
            personalization: 0.1,
            call_to_action: "direct",
            sentiment: 0.6,
            topic: "footwear"
          }
        }
      ]
    })
    const merged = await Effect.runPromise(readCreative(text, "sms").pipe(Effect.provide(model.layer)))
    const extracted = extractCreativeFeatures(text)
    expect(merged.discount).toBe(true)
    expect(merged.discountDepth).toBe(0.25)
    expect(merged.urgency).toBe("soft")
    expect(merged.topTopic).toBe("footwear")
    expect(merged.topics.footwear).toBeGreaterThanOrEqual(0.9)
    expect(merged.chars).toBe(extracted.chars)
    expect(merged.keywords).toEqual(extracted.keywords)
    expect(merged.shoutiness).toBe(extracted.shoutiness)
  })
})
