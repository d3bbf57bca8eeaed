// Two renderings of a persona for prompts: a compact text (one fact group per line, ~400 characters, what
// the persona programs send by default) and JSON (the seeds' "persona traits as JSON"). Neither carries the
// persona's id or weight, so identical profiles make identical prompts (and share cache entries); an
// archetype says how many customers it is typical of.
import type { Persona } from "./persona.ts"

const number2 = (value: number): string => (Math.round(value * 100) / 100).toFixed(2)

// Free-text values must not break the line and field structure the offline model reads back.
const clean = (text: string): string => text.replace(/[;\n\r|]+/g, ",").trim()

/**
 * The compact text rendering, e.g.
 * ```
 * segment s1; age 34; gender female; location Leeds; value tier high; lifecycle active; tenure 820 days
 * price sensitivity 0.72; urgency responsiveness 0.40; brand loyalty 0.55; fatigue tolerance 0.60
 * channel affinity: email 0.81, sms 0.30
 * interests: running, footwear
 * prefers contact: evening
 * purchases 7; revenue 412.50; average order 58.93; last purchase 12 days ago; on discount 40%
 * recent touches: email 2d, sms 9d
 * ```
 */
export const renderPersonaText = (persona: Persona): string => {
  const who: string[] = [`segment ${clean(persona.segmentId)}`]
  // An archetype speaks for several similar customers: a language model may read it as "typical", the
  // offline model averages out individual taste.
  if (persona.members !== undefined && persona.members > 1) who.push(`typical of ${persona.members} similar customers`)
  const d = persona.demographics
  if (d.name !== undefined) who.push(`name ${clean(d.name)}`)
  if (d.age !== undefined) who.push(`age ${Math.round(d.age)}`)
  if (d.gender !== undefined) who.push(`gender ${clean(d.gender)}`)
  if (d.location !== undefined) who.push(`location ${clean(d.location)}`)
  if (d.occupation !== undefined) who.push(`occupation ${clean(d.occupation)}`)
  if (d.incomeBand !== undefined) who.push(`income ${clean(d.incomeBand)}`)
  who.push(`value tier ${persona.valueTier}`, `lifecycle ${persona.lifecycleStage}`)
  if (persona.tenureDays !== undefined) who.push(`tenure ${Math.round(persona.tenureDays)} days`)
  const t = persona.traits
  const lines = [
    who.join("; "),
    `price sensitivity ${number2(t.priceSensitivity)}; urgency responsiveness ${number2(t.urgencyResponsiveness)}; brand loyalty ${number2(t.brandLoyalty)}; fatigue tolerance ${number2(t.fatigueTolerance)}`
  ]
  const affinity = Object.entries(t.channelAffinity)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([channel, value]) => `${channel} ${number2(value)}`)
  if (affinity.length > 0) lines.push(`channel affinity: ${affinity.join(", ")}`)
  if (t.contentInterests.length > 0) lines.push(`interests: ${t.contentInterests.map(clean).join(", ")}`)
  if (t.preferredContactTimes.length > 0) lines.push(`prefers contact: ${t.preferredContactTimes.join(", ")}`)
  const b = persona.bigFive
  if (b !== undefined) {
    lines.push(
      `big five: openness ${number2(b.openness)}, conscientiousness ${number2(b.conscientiousness)}, extraversion ${number2(b.extraversion)}, agreeableness ${number2(b.agreeableness)}, neuroticism ${number2(b.neuroticism)}`
    )
  }
  const h = persona.purchaseHistory
  const bought = [`purchases ${h.purchases}`, `revenue ${h.revenue.toFixed(2)}`]
  if (h.averageOrderValue !== undefined) bought.push(`average order ${h.averageOrderValue.toFixed(2)}`)
  if (h.daysSinceLastPurchase !== undefined)
    bought.push(`last purchase ${Math.round(h.daysSinceLastPurchase)} days ago`)
  if (h.discountedShare !== undefined) bought.push(`on discount ${Math.round(h.discountedShare * 100)}%`)
  lines.push(bought.join("; "))
  const touches = [...persona.exposures.touches]
    .sort((a, b) => a.daysAgo - b.daysAgo)
    .map((touch) => `${touch.channel} ${Math.round(touch.daysAgo * 10) / 10}d`)
  lines.push(`recent touches: ${touches.length === 0 ? "none" : touches.join(", ")}`)
  return lines.join("\n")
}

/** The JSON rendering: the persona without id, weight, source and entity id, with rounded traits. */
export const personaProfileJson = (persona: Persona): Record<string, unknown> => {
  const round = (value: number): number => Math.round(value * 100) / 100
  const t = persona.traits
  return {
    segment: persona.segmentId,
    ...(persona.members !== undefined && persona.members > 1 ? { typical_of: persona.members } : {}),
    demographics: persona.demographics,
    value_tier: persona.valueTier,
    lifecycle_stage: persona.lifecycleStage,
    ...(persona.tenureDays === undefined ? {} : { tenure_days: Math.round(persona.tenureDays) }),
    traits: {
      price_sensitivity: round(t.priceSensitivity),
      urgency_responsiveness: round(t.urgencyResponsiveness),
      brand_loyalty: round(t.brandLoyalty),
      fatigue_tolerance: round(t.fatigueTolerance),
      channel_affinity: Object.fromEntries(Object.entries(t.channelAffinity).map(([c, v]) => [c, round(v)])),
      content_interests: t.contentInterests,
      preferred_contact_times: t.preferredContactTimes
    },
    ...(persona.bigFive === undefined
      ? {}
      : { big_five: Object.fromEntries(Object.entries(persona.bigFive).map(([k, v]) => [k, round(v)])) }),
    purchase_history: persona.purchaseHistory,
    recent_touches: persona.exposures.touches.map((touch) => ({ channel: touch.channel, days_ago: touch.daysAgo }))
  }
}

/** The JSON rendering as a string (stable key order). */
export const renderPersonaJson = (persona: Persona): string => JSON.stringify(personaProfileJson(persona))
