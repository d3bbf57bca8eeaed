// Entity observations generated from personas whose traits are known, following the trait definitions of
// `estimate-traits.ts` exactly: every exposure is engaged with probability r_c · a / (1 − a) (affinity a,
// reference rate r_c), an engaged exposure converts with probability q or q · s / (1 − s) on discounted
// creatives (price sensitivity s), likewise for urgency, and unsubscribes with ū · (1 − f) / f (tolerance f).
// The priors in `priors.ts` make E[a / (1 − a)] = 1 so the pooled rates equal the references.
import { SeededRandom } from "@preflight/numeric"
import type { EntityObservation } from "../../src/entity/entity-observation.ts"
import type { Persona } from "../../src/persona/persona.ts"

export const REFERENCE_ENGAGEMENT: Readonly<Record<string, number>> = { email: 0.2, sms: 0.1 }
export const BASE_CONVERSION = 0.06
export const REFERENCE_UNSUBSCRIBE = 0.01

const odds = (value: number): number => value / (1 - value)

/** One observation per persona, seeded; `exposuresPerYear` messages spread over email (75 %) and SMS. */
export const syntheticEntities = (
  personas: ReadonlyArray<Persona>,
  seed: number,
  exposuresPerYear = 250
): EntityObservation[] => {
  const root = new SeededRandom(seed)
  return personas.map((persona, index) => {
    const random = root.fork(index)
    const t = persona.traits
    const channels: Record<
      string,
      { exposures: number; opens: number; clicks: number; purchases: number; unsubscribes: number }
    > = {}
    let discountedExposures = 0
    let discountedPurchases = 0
    let urgentExposures = 0
    let urgentPurchases = 0
    let purchases = 0
    const total = random.poisson(exposuresPerYear)
    const emails = random.binomial(total, 0.75)
    for (const [channel, count] of [
      ["email", emails],
      ["sms", total - emails]
    ] as const) {
      const engagement = Math.min(
        0.95,
        (REFERENCE_ENGAGEMENT[channel] as number) * odds(t.channelAffinity[channel] ?? 0.5)
      )
      const unsubscribe = Math.min(0.5, REFERENCE_UNSUBSCRIBE / odds(t.fatigueTolerance))
      let clicks = 0
      let bought = 0
      let unsubscribes = 0
      for (let k = 0; k < count; k++) {
        const discounted = random.next() < 0.4
        const urgent = random.next() < 0.3
        if (discounted) discountedExposures++
        if (urgent) urgentExposures++
        if (random.next() < unsubscribe) unsubscribes++
        if (random.next() >= engagement) continue
        clicks++
        let conversion = BASE_CONVERSION
        if (discounted) conversion *= odds(t.priceSensitivity)
        if (urgent) conversion *= odds(t.urgencyResponsiveness)
        if (random.next() < Math.min(0.95, conversion)) {
          bought++
          if (discounted) discountedPurchases++
          if (urgent) urgentPurchases++
        }
      }
      purchases += bought
      channels[channel] = { exposures: count, opens: clicks, clicks, purchases: bought, unsubscribes }
    }
    return {
      entityId: `e${index}`,
      segmentId: persona.segmentId,
      attributes: {
        age: persona.demographics.age,
        gender: persona.demographics.gender,
        tenure_days: persona.tenureDays,
        avg_order_value: persona.purchaseHistory.averageOrderValue,
        value_tier: persona.valueTier,
        interests: persona.traits.contentInterests
      },
      behaviour: {
        channels,
        purchases,
        revenue: purchases * (persona.purchaseHistory.averageOrderValue ?? 50),
        discounted: { exposures: discountedExposures, purchases: discountedPurchases },
        urgent: { exposures: urgentExposures, purchases: urgentPurchases },
        periodDays: 365
      }
    }
  })
}
