// The numeric encoding: fixed names and order, values in their documented scales, and interest matching.
import { describe, expect, it } from "vitest"
import { contentTerms, interestMatch } from "../../src/creative/content-terms.ts"
import { extractCreativeFeatures } from "../../src/creative/creative-features.ts"
import { deterministicCreativeReader } from "../../src/creative/creative-reader.ts"
import { CREATIVE_FEATURE_NAMES, creativeFeatureVector } from "../../src/creative/feature-vector.ts"
import { TOPICS } from "../../src/creative/topics.ts"

describe("creativeFeatureVector", () => {
  it("has stable names in a stable order", () => {
    expect(CREATIVE_FEATURE_NAMES.slice(0, 5)).toEqual([
      "discount",
      "discount_depth",
      "discount_up_to",
      "amount_off_log1p",
      "has_price"
    ])
    expect(CREATIVE_FEATURE_NAMES).toHaveLength(27 + TOPICS.length)
    expect(new Set(CREATIVE_FEATURE_NAMES).size).toBe(CREATIVE_FEATURE_NAMES.length)
    expect(CREATIVE_FEATURE_NAMES.at(-1)).toBe(`topic_${TOPICS.at(-1)}`)
  })

  it("encodes a creative", () => {
    const { names, values } = creativeFeatureVector(
      extractCreativeFeatures("Today only: up to 30% off boots and $10 off trainers. Shop now!")
    )
    const value = (name: string) => values[names.indexOf(name)]
    expect(value("discount")).toBe(1)
    expect(value("discount_depth")).toBeCloseTo(0.3, 12)
    expect(value("discount_up_to")).toBe(1)
    expect(value("amount_off_log1p")).toBeCloseTo(Math.log1p(10), 12)
    expect(value("urgency")).toBe(1)
    expect(value("urgency_hard")).toBe(1)
    expect(value("call_to_action")).toBe(1)
    expect(value("topic_footwear")).toBeGreaterThan(0.6)
    expect(values.every((v) => Number.isFinite(v))).toBe(true)
  })
})

describe("deterministicCreativeReader", () => {
  it("reads features and terms in the causal layer's shape", () => {
    const reading = deterministicCreativeReader.read("50% off sneakers", "sms")
    expect(reading.features).toEqual(creativeFeatureVector(extractCreativeFeatures("50% off sneakers")).values)
    expect(reading.terms.has("footwear")).toBe(true)
    expect(deterministicCreativeReader.featureNames).toBe(CREATIVE_FEATURE_NAMES)
    expect(deterministicCreativeReader.termsOf("Running shoes").has("shoe")).toBe(true)
  })
})

describe("interest matching", () => {
  it("matches customer interests with creatives through words, singulars and topics", () => {
    const terms = contentTerms("New trail sneakers just landed")
    expect(interestMatch(["footwear"], terms)).toBe(1)
    expect(interestMatch(["sneaker"], terms)).toBe(1)
    expect(interestMatch(["gardening", "sneakers"], terms)).toBe(0.5)
    expect(interestMatch(["mortgages"], terms)).toBe(0)
    expect(interestMatch([], terms)).toBe(0)
    expect(contentTerms("running shoes")).toEqual(new Set(["running", "shoes", "shoe", "footwear", "sports_fitness"]))
  })
})
