// Real customers as personas: a seeded sample of a fit's reachable customers per segment, read back from the
// database with their attributes and turned into grounded personas (their behaviour from the fit's customer
// states). Simulations and calibration both sample their panels here, so both see the same kind of persona.
//
// A small sample rarely mirrors its segment: each persona's weight (how many customers it stands for) is raked
// (@preflight/calibration) so the weighted sample matches the segment's reachable customers on lifecycle stage
// and value tier, over the categories the sample contains; when raking cannot converge the weights stay equal.
import { rake } from "@preflight/calibration"
import { SeededRandom } from "@preflight/numeric"
import { type EntityObservation, type Persona, type PersonaInputError, personaFromEntity } from "@preflight/personas"
import { Database, type DatabaseError } from "@preflight/storage"
import { Effect, Result } from "effect"
import { BoundedCache } from "../models/bounded-cache.ts"
import type { StoredFit } from "../persistence/fit-store.ts"

interface EntityRow {
  readonly entity_id: string
  readonly attributes: unknown
  readonly lifecycle_stage: string | null
  readonly value_tier: string | null
}

/** A segment's sampled members (indices into the fit's customer states) and how many were available. */
export interface SegmentSample {
  readonly segment: string
  readonly members: ReadonlyArray<number>
  readonly available: number
  /** Customers each member stands for (raked to the segment's margins); they sum to `available`. */
  readonly weights: ReadonlyArray<number>
}

/** The one-hot column groups the weights are raked on (prefixes of the design's customer columns). */
const RAKING_GROUPS = ["lifecycle=", "value_tier="] as const

/** Per member of `members`, the index of its 1 among `columns` (or columns.length when none is set). */
const categoryCodes = (fit: StoredFit, members: ReadonlyArray<number>, columns: ReadonlyArray<number>): Int32Array => {
  const { states, layout } = fit.backbone
  return Int32Array.from(members, (member) => {
    const found = columns.findIndex((column) => states.values[member * layout.customerCols + column] === 1)
    return found < 0 ? columns.length : found
  })
}

/** A raking group's one-hot columns and how many members of a population fall in each category. */
interface GroupCounts {
  readonly prefix: string
  readonly columns: ReadonlyArray<number>
  /** Members per category code (`categoryCodes`: index of the column set, or columns.length for none). */
  readonly counts: Int32Array
}

/** The category counts of `population` for each raking group the layout has. */
const groupCounts = (fit: StoredFit, population: ReadonlyArray<number>): ReadonlyArray<GroupCounts> => {
  const { layout } = fit.backbone
  return RAKING_GROUPS.flatMap((prefix) => {
    const columns = layout.names.flatMap((name, column) =>
      column < layout.customerCols && name.startsWith(prefix) ? [column] : []
    )
    if (columns.length === 0) return []
    const counts = new Int32Array(columns.length + 1)
    for (const code of categoryCodes(fit, population, columns)) counts[code] = (counts[code] as number) + 1
    return [{ prefix, columns, counts }]
  })
}

/** `rakedWeights` from the population's size and category counts (`groupCounts`). */
const rakeToCounts = (
  fit: StoredFit,
  sampled: ReadonlyArray<number>,
  populationSize: number,
  groups: ReadonlyArray<GroupCounts>
): ReadonlyArray<number> => {
  const equal = sampled.map(() => populationSize / Math.max(1, sampled.length))
  if (sampled.length < 2) return equal
  const margins = groups.flatMap((population) => {
    const sampleCodes = categoryCodes(fit, sampled, population.columns)
    const present = [...new Set(sampleCodes)].sort((a, b) => a - b)
    if (present.length < 2) return []
    const counts = present.map((code) => population.counts[code] as number)
    const total = counts.reduce((sum, count) => sum + count, 0)
    if (total === 0) return []
    return [
      {
        name: population.prefix,
        categories: Int32Array.from(sampleCodes, (code) => present.indexOf(code)),
        targets: counts.map((count) => count / total)
      }
    ]
  })
  if (margins.length === 0) return equal
  const raked = rake(margins, { maxSweeps: 200, tolerance: 1e-8 })
  if (Result.isFailure(raked)) return equal
  const sum = raked.success.weights.reduce((total, weight) => total + weight, 0)
  return sum > 0 ? Array.from(raked.success.weights, (weight) => (weight * populationSize) / sum) : equal
}

/**
 * Weights of `sampled` raked to the category shares of `population` on each one-hot group, restricted to the
 * categories the sample has (a category without a persona cannot be given weight); equal weights otherwise.
 */
export const rakedWeights = (
  fit: StoredFit,
  sampled: ReadonlyArray<number>,
  population: ReadonlyArray<number>
): ReadonlyArray<number> => rakeToCounts(fit, sampled, population.length, groupCounts(fit, population))

/** The state column index of a behaviour feature, or -1 when the layout has none. */
const columnOf = (fit: StoredFit, name: string): number => fit.backbone.layout.names.indexOf(name)

const behaviourOf = (fit: StoredFit, member: number): EntityObservation["behaviour"] => {
  const { states, layout } = fit.backbone
  const read = (name: string): number | undefined => {
    const column = columnOf(fit, name)
    if (column < 0 || column >= layout.customerCols) return undefined
    const value = states.values[member * layout.customerCols + column] as number
    return Number.isFinite(value) ? value : undefined
  }
  const purchases = Math.max(0, Math.round(read("purchases_365d") ?? 0))
  const daysSince = read("days_since_purchase")
  return {
    channels: {},
    purchases,
    revenue: Math.max(0, read("revenue_365d") ?? 0),
    ...(daysSince !== undefined && purchases > 0 ? { daysSinceLastPurchase: Math.max(0, daysSince) } : {}),
    periodDays: 365
  }
}

/** Seeded sample of reachable, subscribed customers: `counts[s]` of `segments[s]`. */
export const sampleSegmentMembers = (
  fit: StoredFit,
  segments: ReadonlyArray<string>,
  counts: ReadonlyArray<number>,
  seed: number
): ReadonlyArray<SegmentSample> => {
  const random = new SeededRandom(seed).fork("personas")
  return segments.map((segment, s) => {
    const frame = segmentFrame(fit, segment)
    const sampled = random.fork(segment).sample(frame.members, counts[s] ?? 1)
    return {
      segment,
      members: sampled,
      available: frame.members.length,
      weights: rakeToCounts(fit, sampled, frame.members.length, frame.groups)
    }
  })
}

/** A segment's sampling frame: the customers a persona may be drawn from and their raking category counts. */
interface SegmentFrame {
  readonly members: ReadonlyArray<number>
  readonly groups: ReadonlyArray<GroupCounts>
}

// Frames depend on the fit alone (its customer states), so each loaded fit keeps its own; a new fit is a new
// object and starts empty. Bounded: a fit has few segments, but callers may name others.
const segmentFrames = new WeakMap<StoredFit, BoundedCache<SegmentFrame>>()

const segmentFrame = (fit: StoredFit, segment: string): SegmentFrame => {
  const frames = segmentFrames.get(fit) ?? new BoundedCache<SegmentFrame>(64)
  segmentFrames.set(fit, frames)
  const known = frames.get(segment)
  if (known !== undefined) return known
  const { states } = fit.backbone
  const segmentIndex = states.segments.indexOf(segment)
  const channels = states.unsubscribed.length / Math.max(1, states.count)
  // Reachable and unsubscribed are customers × channels: a customer can be a persona when some channel still
  // reaches them.
  const reachableSomewhere = (e: number): boolean => {
    for (let channel = 0; channel < channels; channel++) {
      const cell = e * channels + channel
      if (states.reachable[cell] === 1 && states.unsubscribed[cell] === 0) return true
    }
    return false
  }
  const members: Array<number> = []
  for (let e = 0; e < states.count; e++) {
    if (states.segment[e] === segmentIndex && reachableSomewhere(e)) members.push(e)
  }
  const frame = { members, groups: groupCounts(fit, members) }
  frames.set(segment, frame)
  return frame
}

/**
 * The sampled customers as grounded personas, per sample in order, each weighing its raked weight, so a panel's
 * segment means estimate the segment's population means.
 */
export const groundedPersonas = (
  fit: StoredFit,
  samples: ReadonlyArray<SegmentSample>
): Effect.Effect<ReadonlyArray<ReadonlyArray<Persona>>, PersonaInputError | DatabaseError, Database> =>
  Effect.gen(function* () {
    const db = yield* Database
    const ids = samples.flatMap((sample) => sample.members.map((member) => fit.backbone.states.entityIds[member]))
    const rows =
      ids.length === 0
        ? []
        : yield* db.query<EntityRow>(
            // The ids travel as one JSON array: both drivers pass text parameters the same way.
            `SELECT entity_id::text AS entity_id, attributes, lifecycle_stage, value_tier FROM entities
             WHERE entity_id IN (SELECT jsonb_array_elements_text($1::text::jsonb)::uuid)`,
            [JSON.stringify(ids)]
          )
    const byId = new Map(rows.map((row) => [row.entity_id, row]))
    const result: Array<ReadonlyArray<Persona>> = []
    for (const sample of samples) {
      const personas: Array<Persona> = []
      for (const [index, member] of sample.members.entries()) {
        // Raked weights can be tiny but never 0: a persona must stand for someone.
        const weight = Math.max(1e-6, sample.weights[index] ?? sample.available / Math.max(1, sample.members.length))
        const entityId = fit.backbone.states.entityIds[member] as string
        const row = byId.get(entityId)
        const attributes =
          row !== undefined && typeof row.attributes === "object" && row.attributes !== null
            ? (row.attributes as Record<string, unknown>)
            : {}
        const persona = personaFromEntity(
          {
            entityId,
            segmentId: sample.segment,
            attributes,
            ...(row?.lifecycle_stage ? { lifecycleStage: row.lifecycle_stage } : {}),
            ...(row?.value_tier ? { valueTier: row.value_tier } : {}),
            behaviour: behaviourOf(fit, member)
          },
          { asOf: fit.backbone.toMs, weight }
        )
        if (Result.isFailure(persona)) return yield* persona.failure
        personas.push(persona.success)
      }
      result.push(personas)
    }
    return result
  })
