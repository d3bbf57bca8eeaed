// Copywriter B never uses copywriter A's words for the same attribute, in any industry, so that texts written
// with new phrasings test whether a reader of texts generalises rather than matches A's phrases.
import { SeededRandom } from "@preflight/numeric"
import { describe, expect, it } from "vitest"
import {
  type CreativeAttributes,
  INDUSTRIES,
  phraseBank,
  phrasesByAttribute,
  renderCreative,
  templateFor
} from "../../src/index.ts"
import { contentWords, contentWordsOf } from "../support/words.ts"

describe("phrase banks", () => {
  it.each(INDUSTRIES)("%s: for every attribute, B's content words are disjoint from A's", (industry) => {
    const template = templateFor(industry)
    const a = phrasesByAttribute(phraseBank(template, "A"))
    const b = phrasesByAttribute(phraseBank(template, "B"))
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort())
    const overlaps: Array<string> = []
    for (const [attribute, phrasesA] of Object.entries(a)) {
      const wordsA = contentWordsOf(phrasesA)
      for (const word of contentWordsOf(b[attribute] ?? [])) {
        if (wordsA.has(word)) overlaps.push(`${attribute}: "${word}"`)
      }
    }
    expect(overlaps).toEqual([])
  })

  it.each(INDUSTRIES)("%s: each attribute has several phrasings in both banks", (industry) => {
    const template = templateFor(industry)
    for (const copywriter of ["A", "B"] as const) {
      const bank = phraseBank(template, copywriter)
      expect(bank.generic.greetings.length).toBeGreaterThanOrEqual(3)
      expect(bank.generic.urgency.hard.length).toBeGreaterThanOrEqual(3)
      for (const phrases of Object.values(bank.industry.headlines)) expect(phrases.length).toBeGreaterThanOrEqual(2)
      for (const phrases of Object.values(bank.industry.cta)) expect(phrases.length).toBeGreaterThanOrEqual(2)
      for (const topic of Object.values(bank.topics)) expect(topic.nouns.length).toBeGreaterThanOrEqual(2)
    }
  })

  it("renders every attribute: name placeholder, offer, urgency, topic and call to action; B in other words", () => {
    const template = templateFor("retail")
    const creative: CreativeAttributes = {
      offer: { kind: "percent", depth: 0.5 },
      urgency: "hard",
      personalized: true,
      cta: "strong",
      topic: "shoes",
      socialProof: true,
      exclusivity: true,
      length: "long"
    }
    const textA = renderCreative(creative, "email", template, phraseBank(template, "A"), new SeededRandom(1))
    const textB = renderCreative(creative, "email", template, phraseBank(template, "B"), new SeededRandom(1))
    expect(textA).toContain("{{name}}")
    expect(textA).toContain("50%")
    expect(textB).toContain("{{name}}")
    expect(textB.toLowerCase()).toContain("half")
    expect(textB).not.toContain("%")
    expect(
      contentWords(textA).has("shoes") || contentWords(textA).has("sneakers") || contentWords(textA).has("boots")
    ).toBe(true)
    expect(textA.split(" ").length).toBeGreaterThan(25)
    const short = renderCreative(
      { ...creative, length: "short" },
      "sms",
      template,
      phraseBank(template, "A"),
      new SeededRandom(1)
    )
    expect(short.split(" ").length).toBeLessThan(textA.split(" ").length)
    expect(short).toMatch(/STOP/)
  })

  it("texts with equal attributes vary: many phrasings per attribute", () => {
    const template = templateFor("telecom")
    const creative: CreativeAttributes = {
      offer: { kind: "amount", amount: 10 },
      urgency: "soft",
      personalized: false,
      cta: "direct",
      topic: null,
      socialProof: false,
      exclusivity: false,
      length: "medium"
    }
    const random = new SeededRandom(5)
    const texts = new Set(
      Array.from({ length: 40 }, () => renderCreative(creative, "email", template, phraseBank(template, "A"), random))
    )
    expect(texts.size).toBeGreaterThan(20)
  })
})
