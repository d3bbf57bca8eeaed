// Real customers as personas: a seeded sample of a fit's reachable customers per segment, read back from the
// database with their attributes and turned into grounded personas (their behaviour from the fit's customer
// states). Simulations and calibration both sample their panels here, so both see the same kind of persona.
import { SeededRandom } from "@preflight/numeric"
import type { EntityObservation } from "@preflight/personas"
import { type Persona, type PersonaInputError, personaFromEntity } from "@preflight/personas"
import { Database, type DatabaseError } from "@preflight/storage"
import { Effect, Result } from "effect"
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
}

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
  const { states } = fit.backbone
  const random = new SeededRandom(seed).fork("personas")
  return segments.map((segment, s) => {
    const segmentIndex = states.segments.indexOf(segment)
    const members: Array<number> = []
    for (let e = 0; e < states.count; e++) {
      if (states.segment[e] === segmentIndex && states.reachable[e] === 1 && states.unsubscribed[e] === 0) {
        members.push(e)
      }
    }
    return { segment, members: random.fork(segment).sample(members, counts[s] ?? 1), available: members.length }
  })
}

/**
 * The sampled customers as grounded personas, per sample in order. Each weighs `available / sampled` of its
 * segment, so a panel's segment means are population means.
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
             WHERE entity_id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)`,
            [JSON.stringify(ids)]
          )
    const byId = new Map(rows.map((row) => [row.entity_id, row]))
    const result: Array<ReadonlyArray<Persona>> = []
    for (const sample of samples) {
      const weight = sample.available / Math.max(1, sample.members.length)
      const personas: Array<Persona> = []
      for (const member of sample.members) {
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
