// The five templates are complete and coherent: what a world generator and a reader of the README rely on.
import { describe, expect, it } from "vitest"
import { INDUSTRIES, isIndustry, templateFor } from "../../src/index.ts"

describe("industry templates", () => {
  it.each(INDUSTRIES)(
    "%s has 4–6 segments whose shares add up, priors in range and realistic control rates",
    (industry) => {
      const template = templateFor(industry)
      expect(template.industry).toBe(industry)
      expect(template.segments.length).toBeGreaterThanOrEqual(4)
      expect(template.segments.length).toBeLessThanOrEqual(6)
      expect(template.segments.reduce((sum, segment) => sum + segment.share, 0)).toBeCloseTo(1, 6)
      expect(new Set(template.segments.map((segment) => segment.id)).size).toBe(template.segments.length)
      const topics = new Set(template.topics.map((topic) => topic.id))
      const channels = new Set(template.channels.map((spec) => spec.channel))
      for (const segment of template.segments) {
        const p = segment.priors
        expect(p.baseConversion7d).toBeGreaterThanOrEqual(0.005)
        expect(p.baseConversion7d).toBeLessThanOrEqual(0.05)
        for (const trait of [p.priceSensitivity, p.urgencyResponsiveness, p.brandLoyalty, p.fatigueTolerance]) {
          expect(trait).toBeGreaterThan(0)
          expect(trait).toBeLessThan(1)
        }
        expect(Object.keys(p.topicWeights).every((topic) => topics.has(topic))).toBe(true)
        expect(Object.keys(p.channelAffinity).every((channel) => channels.has(channel as never))).toBe(true)
      }
    }
  )

  it.each(INDUSTRIES)("%s channels have a cost per send, themes name real segments, topics and seasons", (industry) => {
    const template = templateFor(industry)
    const segments = new Set(template.segments.map((segment) => segment.id))
    const topics = new Set(template.topics.map((topic) => topic.id))
    const seasons = new Set(template.seasons.map((season) => season.name))
    expect(template.channels.map((spec) => spec.channel)).toEqual(expect.arrayContaining(["email", "sms"]))
    for (const spec of template.channels) {
      expect(spec.costPerSend).toBeGreaterThan(0)
      expect(spec.sendHoursUtc.length).toBeGreaterThan(0)
      expect(template.exampleCreatives[spec.channel]?.length ?? 0).toBeGreaterThan(0)
    }
    expect(template.outcomeTypes).toEqual(["open", "click", "purchase", "unsubscribe"])
    for (const theme of template.themes) {
      expect(Object.keys(theme.segmentWeights).every((segment) => segments.has(segment))).toBe(true)
      expect(Object.keys(theme.topicWeights ?? {}).every((topic) => topics.has(topic))).toBe(true)
      if (theme.season !== undefined) expect(seasons.has(theme.season)).toBe(true)
      expect(theme.percentDepths.every((depth) => depth > 0 && depth < 1)).toBe(true)
    }
    expect(template.topics.length).toBeGreaterThanOrEqual(4)
  })

  it("recognises industry names", () => {
    expect(isIndustry("telecom")).toBe(true)
    expect(isIndustry("insurance")).toBe(false)
  })
})
