// The two prompt renderings and reading them back: the offline model must recover the traits it uses from
// either, and neither may carry the persona's id or weight (identical profiles must make identical prompts).
import { describe, expect, it } from "vitest"
import type { Persona } from "../../src/persona/persona.ts"
import { Persona as PersonaSchema } from "../../src/persona/persona.ts"
import { readPersonaProfile } from "../../src/persona/read-persona-profile.ts"
import { renderPersonaJson, renderPersonaText } from "../../src/persona/render-persona.ts"

export const samplePersona: Persona = {
  id: "s1-p7",
  segmentId: "bargain hunters",
  weight: 1000,
  source: "sampled",
  demographics: { age: 34, gender: "female", location: "Leeds; UK" },
  valueTier: "high",
  lifecycleStage: "at_risk",
  tenureDays: 820,
  traits: {
    priceSensitivity: 0.72,
    urgencyResponsiveness: 0.4,
    brandLoyalty: 0.55,
    channelAffinity: { sms: 0.3, email: 0.81 },
    contentInterests: ["Running", "footwear"],
    fatigueTolerance: 0.6,
    preferredContactTimes: ["evening"]
  },
  bigFive: { openness: 0.6, conscientiousness: 0.5, extraversion: 0.4, agreeableness: 0.7, neuroticism: 0.3 },
  purchaseHistory: {
    purchases: 7,
    revenue: 412.5,
    averageOrderValue: 58.93,
    daysSinceLastPurchase: 12,
    discountedShare: 0.4
  },
  exposures: {
    touches: [
      { channel: "sms", daysAgo: 9 },
      { channel: "email", daysAgo: 2 }
    ]
  }
}

describe("persona renderings", () => {
  it("the sample persona is valid", () => {
    expect(PersonaSchema.safeParse(samplePersona).success).toBe(true)
  })

  it("renders compact text without id or weight", () => {
    const text = renderPersonaText(samplePersona)
    expect(text).toContain("price sensitivity 0.72; urgency responsiveness 0.40")
    expect(text).toContain("channel affinity: email 0.81, sms 0.30")
    expect(text).toContain("recent touches: email 2d, sms 9d")
    expect(text).toContain("location Leeds, UK")
    expect(text).not.toContain("s1-p7")
    expect(text).not.toContain("1000")
    expect(text.length).toBeLessThan(600)
    expect(renderPersonaText({ ...samplePersona, id: "other", weight: 3 })).toBe(text)
  })

  for (const [name, render] of [
    ["text", renderPersonaText],
    ["json", renderPersonaJson]
  ] as const) {
    it(`reads the ${name} rendering back`, () => {
      const reading = readPersonaProfile(render(samplePersona))
      expect(reading.recognized).toBe(true)
      expect(reading.priceSensitivity).toBeCloseTo(0.72, 10)
      expect(reading.urgencyResponsiveness).toBeCloseTo(0.4, 10)
      expect(reading.brandLoyalty).toBeCloseTo(0.55, 10)
      expect(reading.fatigueTolerance).toBeCloseTo(0.6, 10)
      expect(reading.channelAffinity).toEqual({ email: 0.81, sms: 0.3 })
      expect(reading.interests).toEqual(["running", "footwear"])
      expect(reading.valueTier).toBe("high")
      expect(reading.lifecycleStage).toBe("at_risk")
      expect(reading.age).toBe(34)
      expect(reading.purchases).toBe(7)
      expect(reading.daysSinceLastPurchase).toBe(12)
      expect([...reading.touches].sort((a, b) => a.daysAgo - b.daysAgo)).toEqual([
        { channel: "email", daysAgo: 2 },
        { channel: "sms", daysAgo: 9 }
      ])
    })
  }

  it("reads unknown text as a neutral, unrecognized profile", () => {
    const reading = readPersonaProfile("a thrifty student who likes sneakers")
    expect(reading.recognized).toBe(false)
    expect(reading.priceSensitivity).toBe(0.5)
  })
})
