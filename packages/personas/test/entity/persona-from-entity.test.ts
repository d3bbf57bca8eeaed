// Grounded personas: traits follow the customer's own behaviour, shrunk when the data are few; attributes map
// through the documented keys; recent exposures become touches; bad rows are typed errors naming the field.
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import type { EntityObservation } from "../../src/entity/entity-observation.ts"
import { personaFromEntity } from "../../src/entity/persona-from-entity.ts"
import type { Persona } from "../../src/persona/persona.ts"

const channel = (exposures: number, clicks: number, purchases = 0, unsubscribes = 0) => ({
  exposures,
  opens: clicks,
  clicks,
  purchases,
  unsubscribes
})

const observation = (overrides: Partial<EntityObservation> = {}): EntityObservation => ({
  entityId: "c-1",
  segmentId: "s1",
  attributes: {},
  ...overrides
})

const persona = (input: EntityObservation, asOf?: string): Persona => {
  const result = personaFromEntity(input, asOf === undefined ? {} : { asOf })
  if (Result.isFailure(result)) throw new Error(result.failure.message)
  return result.success
}

const affinityOf = (exposures: number, clicks: number): number =>
  persona(observation({ behaviour: { channels: { email: channel(exposures, clicks) }, purchases: 0, revenue: 0 } }))
    .traits.channelAffinity.email ?? Number.NaN

describe("personaFromEntity", () => {
  it("reads engagement relative to the reference rate, and shrinks what few exposures say", () => {
    // Default reference 3 %: 30 % over 200 messages is a strong fan, 0 of 200 a cold one.
    expect(affinityOf(200, 60)).toBeGreaterThan(0.85)
    expect(affinityOf(200, 0)).toBeLessThan(0.3)
    expect(affinityOf(200, 6)).toBeGreaterThan(0.4)
    expect(affinityOf(200, 6)).toBeLessThan(0.6)
    // Two clicks out of two is not proof of devotion: shrunk well below the 200-message fan.
    expect(affinityOf(2, 2)).toBeLessThan(0.8)
    expect(affinityOf(2, 2)).toBeLessThan(affinityOf(200, 60))
    expect(affinityOf(2, 2)).toBeGreaterThan(0.5)
  })

  it("price sensitivity follows purchases on discounted vs other creatives", () => {
    const buyer = (discountedPurchases: number, otherPurchases: number) =>
      persona(
        observation({
          behaviour: {
            channels: { email: channel(200, 40, discountedPurchases + otherPurchases) },
            purchases: discountedPurchases + otherPurchases,
            revenue: 100,
            discounted: { exposures: 100, purchases: discountedPurchases }
          }
        })
      ).traits.priceSensitivity
    expect(buyer(12, 0)).toBeGreaterThan(0.75)
    expect(buyer(0, 12)).toBeLessThan(0.3)
    expect(Math.abs(buyer(6, 6) - 0.5)).toBeLessThan(0.05)
    expect(buyer(12, 0)).toBeGreaterThan(buyer(2, 0))
  })

  it("fatigue tolerance falls with unsubscribes and with responses that die off at high frequency", () => {
    const tolerance = (
      unsubscribes: number,
      frequency?: EntityObservation["behaviour"] extends infer B
        ? B extends { frequency?: infer F }
          ? F
          : never
        : never
    ) =>
      persona(
        observation({
          behaviour: {
            channels: { email: channel(300, 9, 0, unsubscribes) },
            purchases: 0,
            revenue: 0,
            ...(frequency === undefined ? {} : { frequency })
          }
        })
      ).traits.fatigueTolerance
    expect(tolerance(0)).toBeGreaterThan(tolerance(3))
    const decays = tolerance(0, { lowExposures: 100, lowResponses: 10, highExposures: 200, highResponses: 2 })
    const holds = tolerance(0, { lowExposures: 100, lowResponses: 5, highExposures: 200, highResponses: 10 })
    expect(decays).toBeLessThan(holds)
  })

  it("maps attributes through the documented keys and labels onto the persona vocabulary", () => {
    const p = persona(
      observation({
        attributes: {
          age: "34",
          sex: "female",
          city: "Leeds",
          interests: "Running; Trail Shoes",
          tier: "Gold",
          tenure_days: 400,
          secret: 42
        },
        lifecycleStage: "Dormant"
      })
    )
    expect(p.demographics).toEqual({ age: 34, gender: "female", location: "Leeds" })
    expect(p.traits.contentInterests).toEqual(["running", "trail shoes"])
    expect(p.valueTier).toBe("high")
    expect(p.lifecycleStage).toBe("lapsed")
    expect(p.tenureDays).toBe(400)
    expect(p.source).toBe("entity")
    expect(p.entityId).toBe("c-1")
    expect(JSON.stringify(p)).not.toContain("secret")
  })

  it("infers the lifecycle stage from purchase recency when none is given", () => {
    const stage = (days: number) =>
      persona(observation({ behaviour: { channels: {}, purchases: 3, revenue: 90, daysSinceLastPurchase: days } }))
        .lifecycleStage
    expect(stage(20)).toBe("active")
    expect(stage(150)).toBe("at_risk")
    expect(stage(300)).toBe("lapsed")
    expect(stage(500)).toBe("churned")
  })

  it("turns recent exposures into touches dated from the simulated moment", () => {
    const p = persona(
      observation({
        recentExposures: [
          { channel: "email", at: "2026-03-10T09:00:00Z", interventionId: "i1" },
          { channel: "sms", at: "2026-03-14T09:00:00Z" },
          { channel: "sms", at: "2026-03-20T09:00:00Z" }
        ]
      }),
      "2026-03-15T09:00:00Z"
    )
    expect(p.exposures.touches).toEqual([
      { channel: "email", daysAgo: 5, interventionId: "i1" },
      { channel: "sms", daysAgo: 1 }
    ])
  })

  it("bad rows are typed errors naming the entity and field", () => {
    const negative = personaFromEntity(
      observation({ behaviour: { channels: { email: channel(-1, 0) }, purchases: 0, revenue: 0 } })
    )
    if (Result.isSuccess(negative)) throw new Error("expected an error")
    expect(negative.failure.path).toBe("(entity c-1).behaviour.channels.email.exposures")
    const tooMany = personaFromEntity(
      observation({
        behaviour: {
          channels: { email: channel(10, 0) },
          purchases: 0,
          revenue: 0,
          discounted: { exposures: 11, purchases: 0 }
        }
      })
    )
    expect(Result.isFailure(tooMany) && tooMany.failure.path).toBe("(entity c-1) behaviour.discounted.exposures")
    const badTime = personaFromEntity(observation({ recentExposures: [{ channel: "email", at: "yesterday" }] }))
    expect(Result.isFailure(badTime) && badTime.failure.path).toBe("(entity c-1) recentExposures.0.at")
  })
})
