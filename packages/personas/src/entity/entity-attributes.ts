// Which free-form entity attributes become persona facts. Only these keys are read (first match wins), so
// an organisation's other attributes never leak into prompts by accident; numbers become traits only here.
import { DAYPARTS, type Daypart } from "../persona/persona.ts"

/** Attribute keys read for each persona fact, in order of preference. */
export const ATTRIBUTE_KEYS = {
  name: ["name", "first_name", "firstname"],
  age: ["age"],
  gender: ["gender", "sex"],
  location: ["location", "city", "region", "state", "country"],
  occupation: ["occupation", "job", "job_title"],
  incomeBand: ["income_band", "income_bracket", "income"],
  valueTier: ["value_tier", "tier", "loyalty_tier"],
  lifecycleStage: ["lifecycle_stage", "lifecycle", "stage"],
  tenureDays: ["tenure_days", "tenure"],
  averageOrderValue: ["avg_order_value", "average_order_value", "aov"],
  purchases: ["purchases", "orders", "order_count"],
  revenue: ["revenue", "lifetime_value", "ltv", "total_spend"],
  interests: ["interests", "interest", "favorite_category", "favourite_category", "preferred_category", "category"],
  contactTime: ["preferred_contact_time", "preferred_time", "contact_time"]
} as const

export type AttributeFact = keyof typeof ATTRIBUTE_KEYS

/** The first attribute present for a fact. */
export const attributeValue = (attributes: Readonly<Record<string, unknown>>, fact: AttributeFact): unknown => {
  for (const key of ATTRIBUTE_KEYS[fact]) {
    const value = attributes[key]
    if (value !== undefined && value !== null && value !== "") return value
  }
  return undefined
}

/** A finite number from a number or numeric text. */
export const numericAttribute = (
  attributes: Readonly<Record<string, unknown>>,
  fact: AttributeFact
): number | undefined => {
  const value = attributeValue(attributes, fact)
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined
  if (typeof value === "string" && value.trim() !== "") {
    const parsed = Number(value)
    return Number.isFinite(parsed) ? parsed : undefined
  }
  return undefined
}

/** A text value (numbers are printed). */
export const textAttribute = (
  attributes: Readonly<Record<string, unknown>>,
  fact: AttributeFact
): string | undefined => {
  const value = attributeValue(attributes, fact)
  if (typeof value === "string") return value.trim()
  if (typeof value === "number" && Number.isFinite(value)) return String(value)
  return undefined
}

/** Interests as lower-case labels: an array of strings, or text separated by commas, semicolons or pipes. */
export const interestsAttribute = (attributes: Readonly<Record<string, unknown>>): string[] => {
  const value = attributeValue(attributes, "interests")
  const items = Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : typeof value === "string"
      ? value.split(/[,;|]/)
      : []
  const seen = new Set<string>()
  for (const item of items) {
    const label = item.trim().toLowerCase()
    if (label !== "") seen.add(label)
  }
  return [...seen]
}

const HOUR_PARTS: ReadonlyArray<readonly [number, Daypart]> = [
  [5, "night"],
  [12, "morning"],
  [17, "afternoon"],
  [22, "evening"],
  [24, "night"]
]

/** A preferred day part from "evening", "18:30" or an hour number. */
export const contactTimeAttribute = (attributes: Readonly<Record<string, unknown>>): Daypart | undefined => {
  const value = attributeValue(attributes, "contactTime")
  if (typeof value === "string") {
    const lower = value.trim().toLowerCase()
    const named = DAYPARTS.find((part) => lower.includes(part))
    if (named !== undefined) return named
    const hour = Number.parseInt(lower, 10)
    if (Number.isFinite(hour)) return HOUR_PARTS.find(([limit]) => hour < limit)?.[1]
  }
  if (typeof value === "number" && value >= 0 && value < 24) return HOUR_PARTS.find(([limit]) => value < limit)?.[1]
  return undefined
}
