// Archetype deduplication: personas of one segment whose quantised traits and recent history coincide for a
// (creative, channel) share one program call. Each trait falls into one of `resolution` bins of equal weight
// within the segment (its weighted quantiles: a segment concentrated on one end still splits evenly);
// the history enters as a fatigue band on the channel (rested: none or low; tired: medium; fatigued: high or
// saturated), and the creative as whether it matches the persona's interests; lifecycle stage must coincide. The archetype that answers is the cell's medoid
// (its member nearest the cell's weighted centroid) with its traits set to that centroid, standing for the
// cell's total weight: a weighted mean over members is then the archetype's answer, up to the curvature of
// the response within a cell.
import { interestMatch } from "../creative/content-terms.ts"
import { memoTerms } from "../internal/memo.ts"
import { fatigueLevelOfPressure, fatiguePressure } from "../persona/exposure-fatigue.ts"
import type { Persona } from "../persona/persona.ts"

/** The persona traits archetypes quantise. */
export const ARCHETYPE_TRAITS = [
  "priceSensitivity",
  "urgencyResponsiveness",
  "brandLoyalty",
  "fatigueTolerance",
  "channelAffinity"
] as const
export type ArchetypeTrait = (typeof ARCHETYPE_TRAITS)[number]

/**
 * The traits quantised by default: those whose effect on a reaction is most non-linear (price sensitivity and
 * urgency meet the offer's depth and deadline; channel affinity scales attention). Loyalty and fatigue
 * tolerance enter the representative at the cell's centroid, which is exact for effects linear within a cell.
 */
export const DEFAULT_ARCHETYPE_TRAITS: ReadonlyArray<ArchetypeTrait> = [
  "priceSensitivity",
  "urgencyResponsiveness",
  "channelAffinity"
]

export interface DedupOptions {
  /** Equal-weight bins per trait within each segment (default 2: below or above the segment's median). */
  readonly resolution?: number | undefined
  /** Traits quantised (default DEFAULT_ARCHETYPE_TRAITS). */
  readonly traits?: ReadonlyArray<ArchetypeTrait> | undefined
}

/** A group of personas answered by one representative. */
export interface Archetype {
  readonly key: string
  readonly representative: Persona
  readonly members: ReadonlyArray<Persona>
}

// History enters as a fatigue band: none and low barely change a reaction, high and saturated both dominate it.
const FATIGUE_BAND: Readonly<Record<string, string>> = {
  none: "rested",
  low: "rested",
  medium: "tired",
  high: "fatigued",
  saturated: "fatigued"
}

const traitValue = (persona: Persona, trait: ArchetypeTrait, channel: string): number =>
  trait === "channelAffinity" ? (persona.traits.channelAffinity[channel] ?? 0.5) : persona.traits[trait]

// The inner cut points of `resolution` equal-weight bins of a trait within a group of personas.
const cutPoints = (values: ReadonlyArray<number>, weights: ReadonlyArray<number>, resolution: number): number[] => {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number))
  let total = 0
  for (const weight of weights) total += weight
  const cuts: number[] = []
  let cumulative = 0
  let next = 1
  for (const index of order) {
    cumulative += weights[index] as number
    while (next < resolution && cumulative >= (next * total) / resolution) {
      cuts.push(values[index] as number)
      next++
    }
  }
  return cuts
}

const bin = (value: number, cuts: ReadonlyArray<number>): number => {
  let index = 0
  while (index < cuts.length && value > (cuts[index] as number)) index++
  return index
}

/** Groups personas into archetypes for one creative and channel (segments never mix). */
export const archetypesFor = (
  personas: ReadonlyArray<Persona>,
  creativeText: string,
  channel: string,
  options: DedupOptions = {}
): ReadonlyArray<Archetype> => {
  const resolution = Math.max(1, Math.round(options.resolution ?? 2))
  const traits = options.traits ?? DEFAULT_ARCHETYPE_TRAITS
  const terms = memoTerms(creativeText)
  const pressures = new Map<Persona, number>()
  const pressureOf = (persona: Persona): number => {
    let value = pressures.get(persona)
    if (value === undefined) {
      value = fatiguePressure(persona.exposures, channel, persona.traits.fatigueTolerance)
      pressures.set(persona, value)
    }
    return value
  }
  // Cut points per segment and trait (weighted quantiles).
  const bySegment = new Map<string, Persona[]>()
  for (const persona of personas) {
    const group = bySegment.get(persona.segmentId)
    if (group === undefined) bySegment.set(persona.segmentId, [persona])
    else group.push(persona)
  }
  const cuts = new Map<string, number[][]>()
  for (const [segment, group] of bySegment) {
    const weights = group.map((persona) => persona.weight)
    cuts.set(
      segment,
      traits.map((trait) =>
        cutPoints(
          group.map((persona) => traitValue(persona, trait, channel)),
          weights,
          resolution
        )
      )
    )
  }
  const cells = new Map<string, Persona[]>()
  for (const persona of personas) {
    const segmentCuts = cuts.get(persona.segmentId) ?? []
    const bins = traits.map((trait, i) => bin(traitValue(persona, trait, channel), segmentCuts[i] ?? [])).join("")
    const matches = interestMatch(persona.traits.contentInterests, terms) > 0 ? "m" : "-"
    const key = `${persona.segmentId}|${persona.lifecycleStage}|${FATIGUE_BAND[fatigueLevelOfPressure(pressureOf(persona))]}|${matches}|${bins}`
    const cell = cells.get(key)
    if (cell === undefined) cells.set(key, [persona])
    else cell.push(persona)
  }
  const archetypes: Archetype[] = []
  for (const [key, members] of cells) {
    let total = 0
    const centroid = new Float64Array(traits.length)
    for (const member of members) {
      total += member.weight
      traits.forEach((trait, i) => {
        centroid[i] = (centroid[i] as number) + member.weight * traitValue(member, trait, channel)
      })
    }
    for (let i = 0; i < centroid.length; i++) centroid[i] = (centroid[i] as number) / total
    // The medoid also brings its touches, so it should be typical in fatigue pressure too.
    let meanPressure = 0
    for (const member of members) meanPressure += (member.weight * pressureOf(member)) / total
    let medoid = members[0] as Persona
    let best = Number.POSITIVE_INFINITY
    for (const member of members) {
      let distance = (pressureOf(member) - meanPressure) ** 2
      traits.forEach((trait, i) => {
        distance += (traitValue(member, trait, channel) - (centroid[i] as number)) ** 2
      })
      if (distance < best) {
        best = distance
        medoid = member
      }
    }
    const value = (trait: ArchetypeTrait, fallback: number): number => {
      const index = traits.indexOf(trait)
      return index < 0 ? fallback : (centroid[index] as number)
    }
    const representative: Persona = {
      ...medoid,
      id: `archetype:${key}`,
      source: "archetype",
      weight: total,
      members: members.length,
      traits: {
        ...medoid.traits,
        priceSensitivity: value("priceSensitivity", medoid.traits.priceSensitivity),
        urgencyResponsiveness: value("urgencyResponsiveness", medoid.traits.urgencyResponsiveness),
        brandLoyalty: value("brandLoyalty", medoid.traits.brandLoyalty),
        fatigueTolerance: value("fatigueTolerance", medoid.traits.fatigueTolerance),
        channelAffinity: {
          ...medoid.traits.channelAffinity,
          [channel]: value("channelAffinity", medoid.traits.channelAffinity[channel] ?? 0.5)
        }
      }
    }
    archetypes.push({ key, representative, members })
  }
  return archetypes
}
