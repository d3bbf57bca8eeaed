// The documented directions of the true model (README, "The true response model"), one per effect, and the
// timing profile that makes the truth equal what the attribution rule measures.
import { describe, expect, it } from "vitest"
import {
  attributedConversionProbability,
  type ChannelSpec,
  type CreativeAttributes,
  type CustomerTraits,
  controlConversionProbability,
  expectedOrderValue,
  fatigueDamping,
  purchaseHazard,
  purchaseProbabilityWithin,
  type ResponseContext,
  sigmoid,
  templateFor,
  trueClickProbability,
  trueConversionProbability,
  trueOpenProbability,
  trueUnsubscribeProbability,
  trueUpliftLogit
} from "../../src/index.ts"

const retail = templateFor("retail")
const channel = (name: string): ChannelSpec => {
  const spec = retail.channels.find((candidate) => candidate.channel === name)
  if (spec === undefined) throw new Error(`no ${name} channel`)
  return spec
}

const customer = (overrides: Partial<CustomerTraits> = {}): CustomerTraits => ({
  baseLogit: -3.8,
  priceSensitivity: 0.5,
  urgencyResponsiveness: 0.5,
  brandLoyalty: 0.5,
  fatigueTolerance: 0.5,
  orderValue: 80,
  channelAffinity: { email: 1, sms: 1, push: 1 },
  favoriteTopic: "shoes",
  ...overrides
})

const creative = (overrides: Partial<CreativeAttributes> = {}): CreativeAttributes => ({
  offer: { kind: "none" },
  urgency: "none",
  personalized: false,
  cta: "direct",
  topic: null,
  socialProof: false,
  exclusivity: false,
  length: "short",
  ...overrides
})

const context = (overrides: Partial<ResponseContext> = {}): ResponseContext => ({
  channel: channel("email"),
  discountScale: retail.discountScale,
  recentMessages: 0,
  seasonLogit: 0,
  ...overrides
})

const percent = (depth: number) => ({ kind: "percent", depth }) as const
const uplift = (
  c: Partial<CreativeAttributes>,
  who: Partial<CustomerTraits> = {},
  where: Partial<ResponseContext> = {}
) => trueUpliftLogit(customer(who), creative(c), context(where))

describe("true response model", () => {
  it("control conversion is σ(base + season); a message shifts it by the uplift", () => {
    expect(controlConversionProbability(customer(), 0.3)).toBeCloseTo(sigmoid(-3.5), 12)
    const treated = trueConversionProbability(customer(), creative({ offer: percent(0.2) }), context())
    expect(treated).toBeCloseTo(sigmoid(-3.8 + uplift({ offer: percent(0.2) })), 12)
  })

  it("the discount effect saturates in depth and scales with price sensitivity", () => {
    const gain = (from: number, to: number, who: Partial<CustomerTraits> = {}) =>
      uplift({ offer: percent(to) }, who) - uplift(from === 0 ? {} : { offer: percent(from) }, who)
    expect(gain(0, 0.1)).toBeGreaterThan(gain(0.4, 0.5) * 3)
    expect(gain(0.4, 0.5)).toBeGreaterThan(0)
    expect(uplift({ offer: percent(0.3) }, { priceSensitivity: 0.9 })).toBeGreaterThan(
      uplift({ offer: percent(0.3) }, { priceSensitivity: 0.1 }) + 0.3
    )
    // A money-off amount is worth more to a small basket than to a large one.
    const amount = { offer: { kind: "amount", amount: 20 } } as const
    expect(uplift(amount, { orderValue: 40 })).toBeGreaterThan(uplift(amount, { orderValue: 400 }))
  })

  it("urgency helps urgency-responsive customers only with an offer, and slightly hurts without one", () => {
    const responsive = { urgencyResponsiveness: 0.9, brandLoyalty: 0.1 }
    expect(uplift({ offer: percent(0.2), urgency: "soft" }, responsive)).toBeGreaterThan(
      uplift({ offer: percent(0.2) }, responsive)
    )
    expect(uplift({ urgency: "soft" }, responsive)).toBeLessThan(uplift({}, responsive))
    const gainFor = (u: number) =>
      uplift({ offer: percent(0.2), urgency: "soft" }, { urgencyResponsiveness: u }) -
      uplift({ offer: percent(0.2) }, { urgencyResponsiveness: u })
    expect(gainFor(0.9)).toBeGreaterThan(gainFor(0.1) * 3)
  })

  it("hard urgency annoys loyal customers", () => {
    expect(uplift({ offer: percent(0.2), urgency: "hard" }, { brandLoyalty: 0.95 })).toBeLessThan(
      uplift({ offer: percent(0.2) }, { brandLoyalty: 0.95 })
    )
    expect(uplift({ urgency: "hard" }, { brandLoyalty: 0.9 })).toBeLessThan(uplift({}, { brandLoyalty: 0.9 }) - 0.3)
  })

  it("personalization helps on email and push, barely on SMS, and loyal customers most", () => {
    const gain = (name: string, loyalty = 0.5) =>
      uplift({ personalized: true }, { brandLoyalty: loyalty }, { channel: channel(name) }) -
      uplift({}, { brandLoyalty: loyalty }, { channel: channel(name) })
    expect(gain("email")).toBeGreaterThan(0.1)
    expect(gain("push")).toBeGreaterThan(0.1)
    expect(gain("sms")).toBeLessThan(gain("email") / 2)
    expect(gain("email", 0.95)).toBeGreaterThan(gain("email", 0.05) * 2)
  })

  it("a topic matching the customer's interest multiplies the effect; another topic shrinks it", () => {
    const offer = { offer: percent(0.25) }
    const match = uplift({ ...offer, topic: "shoes" })
    const general = uplift({ ...offer, topic: null })
    const mismatch = uplift({ ...offer, topic: "home" })
    expect(match).toBeGreaterThan(general)
    expect(general).toBeGreaterThan(mismatch)
    // Not logit-linear: the discount's effect depends on the topic.
    const discountGain = (topic: string) => uplift({ ...offer, topic }) - uplift({ topic })
    expect(discountGain("shoes") / discountGain("home")).toBeGreaterThan(1.6)
  })

  it("channel affinity scales the effect per customer (channel × segment), saturating for the strongest", () => {
    const withAffinity = (email: number) => uplift({ offer: percent(0.2) }, { channelAffinity: { email } })
    expect(withAffinity(1.5)).toBeGreaterThan(withAffinity(1) * 1.3)
    expect(withAffinity(0.5)).toBeLessThan(withAffinity(1) * 0.6)
    // The positive part never exceeds 1.3 on the logit scale: at most e^1.3 ≈ 3.7 times the odds.
    const strongest = uplift(
      { offer: percent(0.5), urgency: "soft", topic: "shoes", personalized: true, cta: "strong" },
      { priceSensitivity: 0.99, urgencyResponsiveness: 0.99, brandLoyalty: 0.01, channelAffinity: { email: 3 } }
    )
    expect(strongest).toBeGreaterThan(1)
    expect(strongest).toBeLessThanOrEqual(1.3)
  })

  it("long texts are penalised on SMS, not on e-mail", () => {
    const sms = { channel: channel("sms") }
    expect(uplift({ length: "long" }, {}, sms)).toBeLessThan(uplift({ length: "short" }, {}, sms) - 0.2)
    expect(uplift({ length: "long" }, { brandLoyalty: 0.5 })).toBeGreaterThan(uplift({ length: "short" }) - 0.06)
  })

  it("fatigue shrinks the uplift and raises the unsubscribe risk, less for tolerant customers", () => {
    expect(fatigueDamping(0, 0.5)).toBe(1)
    expect(fatigueDamping(4, 0.5)).toBeLessThan(fatigueDamping(2, 0.5))
    expect(fatigueDamping(4, 0.9)).toBeGreaterThan(fatigueDamping(4, 0.1))
    const offer = { offer: percent(0.2) }
    expect(uplift(offer, {}, { recentMessages: 4 })).toBeLessThan(uplift(offer, {}, { recentMessages: 0 }) / 2)
    const unsubscribe = (recent: number, tolerance = 0.5) =>
      trueUnsubscribeProbability(
        customer({ fatigueTolerance: tolerance }),
        creative(),
        context({ recentMessages: recent })
      )
    expect(unsubscribe(5)).toBeGreaterThan(unsubscribe(0) * 2.5)
    expect(unsubscribe(5, 0.9)).toBeLessThan(unsubscribe(5, 0.1))
  })

  it("unsubscribe rates per message sit between 0.05% and 1%, higher on SMS and when fatigued", () => {
    const rested = trueUnsubscribeProbability(customer({ brandLoyalty: 0.8 }), creative(), context())
    const tired = trueUnsubscribeProbability(
      customer({ brandLoyalty: 0.3, fatigueTolerance: 0.2 }),
      creative({ urgency: "hard" }),
      context({ channel: channel("sms"), recentMessages: 4 })
    )
    expect(rested).toBeGreaterThan(0.0005)
    expect(rested).toBeLessThan(0.003)
    expect(tired).toBeGreaterThan(0.004)
    expect(tired).toBeLessThan(0.02)
  })

  it("opens and clicks: e-mail opens ~20%, personal and relevant messages more; SMS has clicks, no opens", () => {
    const open = trueOpenProbability(customer(), creative(), context())
    expect(open).toBeGreaterThan(0.12)
    expect(open).toBeLessThan(0.3)
    expect(
      trueOpenProbability(customer(), creative({ personalized: true, topic: "shoes" }), context())
    ).toBeGreaterThan(open)
    const sms = context({ channel: channel("sms") })
    expect(trueOpenProbability(customer(), creative(), sms)).toBe(0)
    expect(trueClickProbability(customer(), creative(), sms)).toBeGreaterThan(0.02)
    expect(trueClickProbability(customer(), creative({ offer: percent(0.3) }), context())).toBeGreaterThan(
      trueClickProbability(customer(), creative(), context())
    )
  })

  it("order value falls with the discount; free extras and gifts take nothing off", () => {
    expect(expectedOrderValue(customer(), percent(0.25))).toBeCloseTo(60, 10)
    expect(expectedOrderValue(customer(), { kind: "amount", amount: 20 })).toBeCloseTo(60, 10)
    expect(expectedOrderValue(customer(), { kind: "free" })).toBe(80)
  })

  it("the attributed conversion equals p1 over a full window and shrinks when the next touch cuts it", () => {
    expect(attributedConversionProbability(0.02, 0.05, 7)).toBeCloseTo(0.05, 12)
    expect(attributedConversionProbability(0.02, 0.02, 3.5)).toBeCloseTo(1 - Math.sqrt(0.98), 12)
    // The message-driven part comes early: half the window holds more than half the extra purchases.
    const early = attributedConversionProbability(0.02, 0.05, 3.5) - attributedConversionProbability(0.02, 0.02, 3.5)
    expect(early).toBeGreaterThan(0.5 * 0.03)
    const hazard = purchaseHazard(0.03, 0.02)
    expect(purchaseProbabilityWithin(hazard, 2)).toBeLessThan(purchaseProbabilityWithin(hazard, 4))
    expect(purchaseProbabilityWithin(hazard, 7)).toBeCloseTo(0.02, 12)
  })
})
