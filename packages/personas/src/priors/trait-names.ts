// The traits a segment prior may describe, what kind of distribution each accepts, and where a sampled
// value goes in the persona. Per-channel affinities and Big Five scores are families ("channelAffinity.sms").
import { BigFive, DAYPARTS, LIFECYCLE_STAGES, VALUE_TIERS } from "../persona/persona.ts"

/** What a trait's values are: a number in [0, 1], a positive number, any number, a label, labels, or shares. */
export type TraitKind = "unit" | "positive" | "real" | "label" | "labels" | "shares"

interface TraitSpec {
  readonly kind: TraitKind
  /** The labels a label trait may take, when fixed. */
  readonly labels?: ReadonlyArray<string>
}

const FIXED: Readonly<Record<string, TraitSpec>> = {
  age: { kind: "real" },
  gender: { kind: "label" },
  location: { kind: "label" },
  occupation: { kind: "label" },
  incomeBand: { kind: "label" },
  valueTier: { kind: "label", labels: VALUE_TIERS },
  lifecycleStage: { kind: "label", labels: LIFECYCLE_STAGES },
  tenureDays: { kind: "positive" },
  priceSensitivity: { kind: "unit" },
  urgencyResponsiveness: { kind: "unit" },
  brandLoyalty: { kind: "unit" },
  fatigueTolerance: { kind: "unit" },
  contentInterests: { kind: "labels" },
  preferredContactTimes: { kind: "shares", labels: DAYPARTS },
  purchases: { kind: "positive" },
  averageOrderValue: { kind: "positive" },
  daysSinceLastPurchase: { kind: "positive" }
}

const BIG_FIVE = Object.keys(BigFive.shape)

/** The spec of a trait name, or undefined for a name the factory does not know. */
export const traitSpec = (name: string): TraitSpec | undefined => {
  const fixed = FIXED[name]
  if (fixed !== undefined) return fixed
  if (name.startsWith("channelAffinity.") && /^[a-z][a-z0-9_]*$/.test(name.slice(16))) return { kind: "unit" }
  if (name.startsWith("bigFive.") && BIG_FIVE.includes(name.slice(8))) return { kind: "unit" }
  return undefined
}

/** Every fixed trait name (families not included), for documentation and error messages. */
export const FIXED_TRAIT_NAMES: ReadonlyArray<string> = Object.keys(FIXED)
