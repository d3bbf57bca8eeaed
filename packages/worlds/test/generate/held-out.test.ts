// Held-out campaigns: the last K campaigns leave the history and come back as PRD simulate requests with their
// truth; new phrasings change the words and nothing else; bad options are refused with the field named.
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import {
  type GenerateWorldOptions,
  generateWorld,
  phraseBank,
  phrasesByAttribute,
  SIZE_PRESETS,
  WorldOptionsError,
  WorldTruth
} from "../../src/index.ts"
import { contentWords, contentWordsOf } from "../support/words.ts"

const world = await Effect.runPromise(generateWorld({ industry: "finance", seed: 5, size: "demo" }))
const rephrased = await Effect.runPromise(
  generateWorld({ industry: "finance", seed: 5, size: "demo", newPhrasings: true })
)

describe("held-out campaigns", () => {
  it("hold out the last 20% of campaigns by default, chronologically, and leave them out of the history", () => {
    const heldOut = Math.round(SIZE_PRESETS.demo.campaigns * 0.2)
    expect(world.options.holdoutCampaigns).toBe(heldOut)
    expect(world.requests.map((entry) => entry.file)).toEqual(
      Array.from({ length: heldOut }, (_, index) => `request_${index}.json`)
    )
    const sendTimes = world.truth.campaigns.map((campaign) => Date.parse(campaign.send_time))
    expect(sendTimes).toEqual([...sendTimes].sort((a, b) => a - b))
    const historyEnd = Date.parse(world.historyEnd)
    expect(sendTimes[0]).toBe(historyEnd)
    const lastHistorySend = Math.max(...world.historyTruth.map((campaign) => Date.parse(campaign.send_time)))
    expect(lastHistorySend).toBeLessThan(historyEnd)
    const historyInterventions = new Set(world.tables.interventions.map((row) => row.intervention_id))
    const historyCampaigns = new Set(world.tables.interventions.map((row) => String(row.creative_elements.campaign_id)))
    for (const campaign of world.truth.campaigns) {
      expect(historyCampaigns.has(campaign.campaign_id)).toBe(false)
      for (const variant of campaign.variants) expect(historyInterventions.has(variant.variant_id)).toBe(false)
    }
    expect(
      world.tables.exposures.some((row) => !historyInterventions.has(row.intervention_id) && row.channel !== "holdout")
    ).toBe(false)
  })

  it("write each as a PRD simulate request that matches its truth", () => {
    for (const [index, { request }] of world.requests.entries()) {
      const truth = world.truth.campaigns[index]
      expect(truth?.request).toBe(`request_${index}.json`)
      expect(request).toMatchObject({
        simulation_type: "intervention_test",
        industry_context: "finance",
        intervention: { type: "campaign", channels: [truth?.channel], timing: { schedule: "scheduled" } },
        target_population: { selection_method: "segment", segments: truth?.segments },
        simulation_params: { num_personas: 100, monte_carlo_runs: 100 }
      })
      expect(request.intervention.content_variants.map((variant) => variant.id)).toEqual(
        truth?.variants.map((variant) => variant.variant_id)
      )
      expect(request.intervention.content_variants.map((variant) => variant.template)).toEqual(
        truth?.variants.map((variant) => variant.text)
      )
      expect(request.target_population.size).toBe(truth?.variants.reduce((sum, variant) => sum + variant.recipients, 0))
      for (const variant of request.intervention.content_variants) {
        expect(variant.personalization_fields).toEqual(variant.template.includes("{{name}}") ? ["name"] : [])
      }
    }
  })

  it("carry a truth that validates, with expected rates per variant, segment and control", () => {
    const parsed = WorldTruth.parse(JSON.parse(JSON.stringify(world.truth)))
    expect(parsed.world).toMatchObject({ industry: "finance", seed: 5, size: "demo", attribution_window_days: 7 })
    for (const campaign of parsed.campaigns) {
      expect(campaign.variants.length).toBeGreaterThanOrEqual(2)
      expect(campaign.control.unsubscribe_rate).toBe(0)
      expect(campaign.control.recipients).toBeGreaterThan(0)
      for (const group of [...campaign.variants, campaign.control]) {
        expect(group.conversion_rate).toBeGreaterThan(0)
        expect(group.segments.reduce((sum, segment) => sum + segment.recipients, 0)).toBe(group.recipients)
        const weighted = group.segments.reduce((sum, segment) => sum + segment.conversion_rate * segment.recipients, 0)
        expect(weighted / group.recipients).toBeCloseTo(group.conversion_rate, 10)
        expect(group.segments.every((segment) => campaign.segments.includes(segment.segment))).toBe(true)
      }
      for (const variant of campaign.variants) expect(variant.unsubscribe_rate).toBeGreaterThan(0)
    }
  })

  it("with new phrasings keep every number and change only the held-out texts, in words bank A never used", () => {
    expect(rephrased.tables).toEqual(world.tables)
    const numbers = (truth: typeof world.truth) =>
      truth.campaigns.map((campaign) => ({
        control: campaign.control,
        variants: campaign.variants.map(({ text: _text, ...rest }) => rest)
      }))
    expect(numbers(rephrased.truth)).toEqual(numbers(world.truth))
    const bankA = phrasesByAttribute(phraseBank(world.template, "A"))
    const bankB = phrasesByAttribute(phraseBank(world.template, "B"))
    const wordsOnlyA = contentWordsOf(Object.values(bankA).flat())
    for (const word of contentWordsOf(Object.values(bankB).flat())) wordsOnlyA.delete(word)
    for (const [index, campaign] of rephrased.truth.campaigns.entries()) {
      for (const [variantIndex, variant] of campaign.variants.entries()) {
        expect(variant.text).not.toBe(world.truth.campaigns[index]?.variants[variantIndex]?.text)
        const shared = [...contentWords(variant.text)].filter((word) => wordsOnlyA.has(word))
        expect(shared, variant.text).toEqual([])
      }
    }
  })

  it("can be switched off, leaving the whole schedule in the history", async () => {
    const all = await Effect.runPromise(
      generateWorld({ industry: "retail", seed: 5, size: "demo", holdoutCampaigns: 0 })
    )
    expect(all.requests).toEqual([])
    expect(all.truth.campaigns).toEqual([])
    expect(new Set(all.tables.interventions.map((row) => row.creative_elements.campaign_id)).size).toBe(
      SIZE_PRESETS.demo.campaigns
    )
  })
})

describe("world options", () => {
  const failure = (options: GenerateWorldOptions) => Effect.runPromise(Effect.flip(generateWorld(options)))

  it("refuse an unknown industry, a seed that is not a safe integer and too many held-out campaigns, naming the field", async () => {
    const industry = await failure({ industry: "insurance" as never, seed: 1 })
    expect(industry).toBeInstanceOf(WorldOptionsError)
    expect(industry).toMatchObject({ field: "industry" })
    expect(industry.message).toMatch(/retail, telecom, finance, healthcare, realestate/)
    expect(await failure({ industry: "retail", seed: 1.5 })).toMatchObject({ field: "seed" })
    expect(await failure({ industry: "retail", seed: 1, size: "huge" as never })).toMatchObject({ field: "size" })
    const holdout = await failure({ industry: "retail", seed: 1, size: "demo", holdoutCampaigns: 39 })
    expect(holdout).toMatchObject({ field: "holdoutCampaigns" })
    expect(holdout.message).toMatch(/at most 38/)
    expect(await failure({ industry: "retail", seed: 1, holdoutCampaigns: -1 })).toMatchObject({
      field: "holdoutCampaigns"
    })
  })
})
