// Grounded personas: a real customer's observation becomes a persona whose traits are estimated from their
// own behaviour (shrunk to the segment's baseline), whose demographics come from the mapped attributes and
// whose exposure history is their real recent touches. Park et al. 2024: grounding in the person's own data
// is what makes simulated people answer like the real ones (85 % vs 74 % for demographics only).
import { Result } from "effect"
import type { z } from "zod"
import { PersonaInputError } from "../errors.ts"
import type { Daypart, Demographics, LifecycleStage, Persona, Touch, ValueTier } from "../persona/persona.ts"
import { continuousMean, type TraitDistribution } from "../priors/distributions.ts"
import { betaFromMoments, truncatedMoments } from "../priors/fit-distributions.ts"
import type { SegmentPriors } from "../priors/segment-priors.ts"
import { contactTimeAttribute, interestsAttribute, numericAttribute, textAttribute } from "./entity-attributes.ts"
import { EntityObservation } from "./entity-observation.ts"
import { DEFAULT_TRAIT_PRIOR, estimateBehaviourTraits, type TraitPrior } from "./estimate-traits.ts"
import { DEFAULT_GROUNDING } from "./grounding-baseline.ts"
import { normalizeLifecycleStage, normalizeValueTier } from "./normalize-labels.ts"

const DAY_MS = 86_400_000

/** The Beta prior a segment's distribution of a [0, 1] trait gives for shrinkage (moments for a truncated normal). */
export const traitPriorOf = (priors: SegmentPriors | undefined, trait: string): TraitPrior => {
  const distribution = priors?.traits[trait]
  if (distribution?.type === "beta") return { alpha: distribution.alpha, beta: distribution.beta }
  if (distribution?.type === "truncated_normal") {
    const { mean, variance } = truncatedMoments(
      distribution.mean,
      distribution.sd,
      distribution.lower,
      distribution.upper
    )
    const fitted = betaFromMoments(mean, variance)
    return { alpha: fitted.alpha, beta: fitted.beta }
  }
  return DEFAULT_TRAIT_PRIOR
}

/** Options of `personaFromEntity`. */
export interface PersonaFromEntityOptions {
  /** The segment's priors: their grounding baseline shrinks the estimates, their means fill missing traits. */
  readonly priors?: SegmentPriors | undefined
  /** The moment the persona is simulated at (epoch ms or ISO text); default: the latest recent exposure. */
  readonly asOf?: number | string | undefined
  /** Customers this persona stands for (default 1). */
  readonly weight?: number | undefined
}

/** Names the first zod issue of a parse, prefixed with the row it came from. */
export const zodInputError = (what: string, prefix: string, error: z.ZodError): PersonaInputError => {
  const issue = error.issues[0]
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter((part) => part !== "").join(".")
  return new PersonaInputError({ what, path, reason: issue?.message ?? "invalid value" })
}

/** Validates an observation; errors name the entity and the field. */
export const parseEntityObservation = (
  raw: unknown,
  row?: number
): Result.Result<EntityObservation, PersonaInputError> => {
  const parsed = EntityObservation.safeParse(raw)
  const id =
    raw !== null && typeof raw === "object" && "entityId" in raw && typeof raw.entityId === "string"
      ? raw.entityId
      : undefined
  const prefix = `${row === undefined ? "" : `row ${row} `}${id === undefined ? "" : `(entity ${id})`}`.trim()
  if (!parsed.success) return Result.fail(zodInputError("entity observation", prefix, parsed.error))
  const behaviour = parsed.data.behaviour
  if (behaviour !== undefined) {
    let exposures = 0
    for (const counts of Object.values(behaviour.channels)) exposures += counts.exposures
    for (const kind of ["discounted", "urgent"] as const) {
      const counts = behaviour[kind]
      if (counts !== undefined && counts.exposures > exposures) {
        return Result.fail(
          new PersonaInputError({
            what: "entity observation",
            path: `${prefix} behaviour.${kind}.exposures`.trim(),
            reason: `${counts.exposures} exposures to ${kind} creatives, more than the ${exposures} exposures on all channels`
          })
        )
      }
    }
  }
  return Result.succeed(parsed.data)
}

const timeOf = (at: number | string): number => (typeof at === "number" ? at : Date.parse(at))

const priorMean = (distribution: TraitDistribution | undefined): number | undefined => {
  if (distribution === undefined) return undefined
  if (distribution.type === "beta" || distribution.type === "truncated_normal" || distribution.type === "lognormal") {
    return continuousMean(distribution)
  }
  return undefined
}

const modalLabel = (distribution: TraitDistribution | undefined): string | undefined => {
  if (distribution?.type !== "categorical") return undefined
  let best = -1
  let label: string | undefined
  distribution.categories.forEach((category, index) => {
    const share = distribution.shares[index] ?? 0
    if (share > best) {
      best = share
      label = category
    }
  })
  return label
}

// A stage from purchase recency when the organisation gives none: RFM-style recency bands.
const inferStage = (
  purchases: number,
  daysSinceLastPurchase: number | undefined,
  tenureDays: number | undefined
): LifecycleStage => {
  if (purchases === 0) return tenureDays !== undefined && tenureDays < 90 ? "new" : "lapsed"
  if (daysSinceLastPurchase === undefined) return "active"
  if (daysSinceLastPurchase <= 90) return "active"
  if (daysSinceLastPurchase <= 180) return "at_risk"
  if (daysSinceLastPurchase <= 365) return "lapsed"
  return "churned"
}

/**
 * Builds a persona from a real customer. Each behaviour trait is the posterior mean of `estimateBehaviourTraits`:
 * the customer's counts against the reference rates of `priors.grounding` (else `DEFAULT_GROUNDING`), shrunk
 * toward the segment's prior of that trait (else Beta(5, 5)); a trait without data takes the prior's mean.
 * Attributes are read only through `ATTRIBUTE_KEYS`.
 * @example
 * const persona = personaFromEntity({ entityId: "c-7", segmentId: "s1", attributes: { age: 34 },
 *   behaviour: { channels: { email: { exposures: 40, opens: 12, clicks: 3, purchases: 1, unsubscribes: 0 } },
 *     purchases: 2, revenue: 80 } }, { priors })
 */
export const personaFromEntity = (
  raw: EntityObservation,
  options: PersonaFromEntityOptions = {}
): Result.Result<Persona, PersonaInputError> => {
  const parsed = parseEntityObservation(raw)
  if (Result.isFailure(parsed)) return Result.fail(parsed.failure)
  const observation = parsed.success
  const priors = options.priors
  const baseline = priors?.grounding ?? DEFAULT_GROUNDING
  const attributes = observation.attributes
  const behaviour = observation.behaviour
  const estimates =
    behaviour === undefined
      ? undefined
      : estimateBehaviourTraits(behaviour, baseline, (trait) => traitPriorOf(priors, trait))
  const fallback = (trait: string): number => priorMean(priors?.traits[trait]) ?? 0.5

  const demographics: Record<string, string | number> = {}
  const name = textAttribute(attributes, "name")
  if (name !== undefined) demographics.name = name
  const age = numericAttribute(attributes, "age")
  if (age !== undefined && age >= 0 && age <= 120) demographics.age = age
  for (const fact of ["gender", "location", "occupation", "incomeBand"] as const) {
    const value = textAttribute(attributes, fact)
    if (value !== undefined && value !== "") demographics[fact] = value
  }

  const purchases = behaviour?.purchases ?? Math.max(0, Math.round(numericAttribute(attributes, "purchases") ?? 0))
  const revenue = behaviour?.revenue ?? Math.max(0, numericAttribute(attributes, "revenue") ?? 0)
  const tenureDays = numericAttribute(attributes, "tenureDays")
  const daysSinceLastPurchase = behaviour?.daysSinceLastPurchase
  const averageOrderValue =
    numericAttribute(attributes, "averageOrderValue") ?? (purchases > 0 ? revenue / purchases : undefined)

  const tierLabel = observation.valueTier ?? textAttribute(attributes, "valueTier")
  const valueTier: ValueTier =
    normalizeValueTier(tierLabel) ?? normalizeValueTier(modalLabel(priors?.traits.valueTier)) ?? "medium"
  const stageLabel = observation.lifecycleStage ?? textAttribute(attributes, "lifecycleStage")
  const lifecycleStage = normalizeLifecycleStage(stageLabel) ?? inferStage(purchases, daysSinceLastPurchase, tenureDays)

  const channelAffinity: Record<string, number> = {}
  for (const [trait, distribution] of Object.entries(priors?.traits ?? {})) {
    if (trait.startsWith("channelAffinity.")) channelAffinity[trait.slice(16)] = priorMean(distribution) ?? 0.5
  }
  for (const [channel, estimate] of Object.entries(estimates?.channelAffinity ?? {}))
    channelAffinity[channel] = estimate.mean

  let preferredContactTimes: Daypart[] = [...(estimates?.preferredContactTimes ?? [])]
  if (preferredContactTimes.length === 0) {
    const stated = contactTimeAttribute(attributes)
    if (stated !== undefined) preferredContactTimes = [stated]
  }

  const touches: Touch[] = []
  const recent = observation.recentExposures ?? []
  if (recent.length > 0) {
    const times = recent.map((exposure) => timeOf(exposure.at))
    const bad = times.findIndex((time) => !Number.isFinite(time))
    if (bad >= 0) {
      return Result.fail(
        new PersonaInputError({
          what: "entity observation",
          path: `(entity ${observation.entityId}) recentExposures.${bad}.at`,
          reason: `"${String(recent[bad]?.at)}" is not a time`
        })
      )
    }
    const asOf = options.asOf === undefined ? Math.max(...times) : timeOf(options.asOf)
    if (!Number.isFinite(asOf)) {
      return Result.fail(
        new PersonaInputError({
          what: "persona options",
          path: "asOf",
          reason: `"${String(options.asOf)}" is not a time`
        })
      )
    }
    recent.forEach((exposure, index) => {
      const daysAgo = (asOf - (times[index] as number)) / DAY_MS
      if (daysAgo < 0) return // after the simulated moment: not yet seen
      touches.push({
        channel: exposure.channel,
        daysAgo,
        ...(exposure.interventionId === undefined ? {} : { interventionId: exposure.interventionId })
      })
    })
  }

  let discountedShare: number | undefined
  if (behaviour?.discounted !== undefined) {
    let attributed = 0
    for (const counts of Object.values(behaviour.channels)) attributed += counts.purchases
    if (attributed > 0) discountedShare = Math.min(1, behaviour.discounted.purchases / attributed)
  }

  const persona: Persona = {
    id: `entity:${observation.entityId}`,
    segmentId: observation.segmentId,
    weight: options.weight ?? 1,
    source: "entity",
    entityId: observation.entityId,
    demographics: demographics as Demographics,
    valueTier,
    lifecycleStage,
    ...(tenureDays === undefined || tenureDays < 0 ? {} : { tenureDays }),
    traits: {
      priceSensitivity: estimates?.priceSensitivity?.mean ?? fallback("priceSensitivity"),
      urgencyResponsiveness: estimates?.urgencyResponsiveness?.mean ?? fallback("urgencyResponsiveness"),
      brandLoyalty: estimates?.brandLoyalty?.mean ?? fallback("brandLoyalty"),
      channelAffinity,
      contentInterests: interestsAttribute(attributes),
      fatigueTolerance: estimates?.fatigueTolerance?.mean ?? fallback("fatigueTolerance"),
      preferredContactTimes
    },
    purchaseHistory: {
      purchases,
      revenue,
      ...(averageOrderValue === undefined ? {} : { averageOrderValue }),
      ...(daysSinceLastPurchase === undefined ? {} : { daysSinceLastPurchase }),
      ...(discountedShare === undefined ? {} : { discountedShare })
    },
    exposures: { touches }
  }
  return Result.succeed(persona)
}
