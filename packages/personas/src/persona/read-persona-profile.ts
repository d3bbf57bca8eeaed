// Reads a persona profile back from a prompt (the compact text or the JSON rendering), for the offline
// persona model. Missing facts take neutral values (0.5 on the trait scales) and `recognized` says whether
// anything persona-like was found at all. Hot path: one pass over the lines, no regular expressions per field.
import {
  DAYPARTS,
  type Daypart,
  LIFECYCLE_STAGES,
  type LifecycleStage,
  VALUE_TIERS,
  type ValueTier
} from "./persona.ts"

/** The facts of a profile the behavioural model uses. */
export interface ProfileReading {
  readonly recognized: boolean
  readonly segment: string
  /** Customers an archetype is typical of (1 for a single persona). */
  readonly members: number
  readonly age: number | undefined
  readonly valueTier: ValueTier
  readonly lifecycleStage: LifecycleStage
  readonly priceSensitivity: number
  readonly urgencyResponsiveness: number
  readonly brandLoyalty: number
  readonly fatigueTolerance: number
  readonly channelAffinity: Readonly<Record<string, number>>
  readonly interests: ReadonlyArray<string>
  readonly preferredContactTimes: ReadonlyArray<Daypart>
  readonly purchases: number
  readonly averageOrderValue: number | undefined
  readonly daysSinceLastPurchase: number | undefined
  readonly touches: ReadonlyArray<{ readonly channel: string; readonly daysAgo: number }>
}

interface Mutable {
  recognized: boolean
  segment: string
  members: number
  age: number | undefined
  valueTier: ValueTier
  lifecycleStage: LifecycleStage
  priceSensitivity: number
  urgencyResponsiveness: number
  brandLoyalty: number
  fatigueTolerance: number
  channelAffinity: Record<string, number>
  interests: string[]
  preferredContactTimes: Daypart[]
  purchases: number
  averageOrderValue: number | undefined
  daysSinceLastPurchase: number | undefined
  touches: Array<{ channel: string; daysAgo: number }>
}

const neutral = (): Mutable => ({
  recognized: false,
  segment: "",
  members: 1,
  age: undefined,
  valueTier: "medium",
  lifecycleStage: "active",
  priceSensitivity: 0.5,
  urgencyResponsiveness: 0.5,
  brandLoyalty: 0.5,
  fatigueTolerance: 0.5,
  channelAffinity: {},
  interests: [],
  preferredContactTimes: [],
  purchases: 0,
  averageOrderValue: undefined,
  daysSinceLastPurchase: undefined,
  touches: []
})

const unitOr = (text: string | undefined, fallback: number): number => {
  const value = Number(text)
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : fallback
}

const numberOr = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined
  const value = Number.parseFloat(text)
  return Number.isFinite(value) ? value : undefined
}

const isTier = (value: string): value is ValueTier => (VALUE_TIERS as ReadonlyArray<string>).includes(value)
const isStage = (value: string): value is LifecycleStage => (LIFECYCLE_STAGES as ReadonlyArray<string>).includes(value)
const isDaypart = (value: string): value is Daypart => (DAYPARTS as ReadonlyArray<string>).includes(value)

// "key value" → [key, value] with the key being the leading words before the first numeric or known token.
const readFact = (fact: string, into: Mutable): void => {
  const space = fact.lastIndexOf(" ")
  if (space < 0) return
  const head = fact.slice(0, space)
  const tail = fact.slice(space + 1)
  switch (head) {
    case "price sensitivity":
      into.priceSensitivity = unitOr(tail, 0.5)
      into.recognized = true
      return
    case "urgency responsiveness":
      into.urgencyResponsiveness = unitOr(tail, 0.5)
      return
    case "brand loyalty":
      into.brandLoyalty = unitOr(tail, 0.5)
      return
    case "fatigue tolerance":
      into.fatigueTolerance = unitOr(tail, 0.5)
      return
    case "age":
      into.age = numberOr(tail)
      return
    case "value tier":
      if (isTier(tail)) into.valueTier = tail
      return
    case "lifecycle":
      if (isStage(tail)) into.lifecycleStage = tail
      return
    case "purchases":
      into.purchases = numberOr(tail) ?? 0
      return
    case "average order":
      into.averageOrderValue = numberOr(tail)
      return
    default:
      break
  }
  if (fact.startsWith("segment ")) into.segment = fact.slice(8)
  else if (fact.startsWith("typical of ")) into.members = Math.max(1, Number.parseInt(fact.slice(11), 10) || 1)
  else if (fact.startsWith("last purchase ")) into.daysSinceLastPurchase = numberOr(fact.slice(14))
}

const readList = (text: string): string[] =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0)

const readText = (profile: string, into: Mutable): void => {
  for (const line of profile.split("\n")) {
    if (line.startsWith("channel affinity: ")) {
      for (const item of readList(line.slice(18))) {
        const space = item.lastIndexOf(" ")
        if (space > 0) into.channelAffinity[item.slice(0, space)] = unitOr(item.slice(space + 1), 0.5)
      }
    } else if (line.startsWith("interests: ")) {
      into.interests = readList(line.slice(11)).map((item) => item.toLowerCase())
    } else if (line.startsWith("prefers contact: ")) {
      into.preferredContactTimes = readList(line.slice(17)).filter(isDaypart)
    } else if (line.startsWith("recent touches: ")) {
      const rest = line.slice(16)
      if (rest === "none") continue
      for (const item of readList(rest)) {
        const space = item.lastIndexOf(" ")
        if (space > 0 && item.endsWith("d")) {
          const daysAgo = Number(item.slice(space + 1, -1))
          if (Number.isFinite(daysAgo)) into.touches.push({ channel: item.slice(0, space), daysAgo })
        }
      }
    } else if (line.startsWith("big five: ")) {
      // Not used by the behavioural model; kept in the prompt for language models.
    } else {
      for (const fact of line.split("; ")) readFact(fact.trim(), into)
    }
  }
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined

const unitField = (record: Record<string, unknown> | undefined, key: string, fallback: number): number => {
  const value = record?.[key]
  return typeof value === "number" && Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : fallback
}

const readJson = (profile: string, into: Mutable): void => {
  let parsed: unknown
  try {
    parsed = JSON.parse(profile)
  } catch {
    return
  }
  const root = asRecord(parsed)
  if (root === undefined) return
  const traits = asRecord(root.traits)
  if (traits !== undefined) into.recognized = true
  if (typeof root.segment === "string") into.segment = root.segment
  if (typeof root.typical_of === "number" && root.typical_of >= 1) into.members = root.typical_of
  const demographics = asRecord(root.demographics)
  if (typeof demographics?.age === "number") into.age = demographics.age
  if (typeof root.value_tier === "string" && isTier(root.value_tier)) into.valueTier = root.value_tier
  if (typeof root.lifecycle_stage === "string" && isStage(root.lifecycle_stage))
    into.lifecycleStage = root.lifecycle_stage
  into.priceSensitivity = unitField(traits, "price_sensitivity", 0.5)
  into.urgencyResponsiveness = unitField(traits, "urgency_responsiveness", 0.5)
  into.brandLoyalty = unitField(traits, "brand_loyalty", 0.5)
  into.fatigueTolerance = unitField(traits, "fatigue_tolerance", 0.5)
  const affinity = asRecord(traits?.channel_affinity)
  if (affinity !== undefined)
    for (const key of Object.keys(affinity)) into.channelAffinity[key] = unitField(affinity, key, 0.5)
  const interests = traits?.content_interests
  if (Array.isArray(interests))
    into.interests = interests.filter((item) => typeof item === "string").map((item) => item.toLowerCase())
  const times = traits?.preferred_contact_times
  if (Array.isArray(times))
    into.preferredContactTimes = times.filter((item): item is Daypart => typeof item === "string" && isDaypart(item))
  const history = asRecord(root.purchase_history)
  if (typeof history?.purchases === "number") into.purchases = history.purchases
  if (typeof history?.averageOrderValue === "number") into.averageOrderValue = history.averageOrderValue
  if (typeof history?.daysSinceLastPurchase === "number") into.daysSinceLastPurchase = history.daysSinceLastPurchase
  const touches = root.recent_touches
  if (Array.isArray(touches)) {
    for (const touch of touches) {
      const record = asRecord(touch)
      if (typeof record?.channel === "string" && typeof record.days_ago === "number") {
        into.touches.push({ channel: record.channel, daysAgo: record.days_ago })
      }
    }
  }
}

/** Reads a persona profile in either rendering; unknown text gives a neutral reading with `recognized: false`. */
export const readPersonaProfile = (profile: string): ProfileReading => {
  const reading = neutral()
  const trimmed = profile.trimStart()
  if (trimmed.startsWith("{")) readJson(trimmed, reading)
  else readText(profile, reading)
  return reading
}
