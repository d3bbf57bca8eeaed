// Reads the five history tables into a `HistorySnapshot`. Values are cast in SQL (epoch milliseconds,
// float8, text) so PGlite and postgres.js hand back the same JavaScript types.
import { Database, type DatabaseError } from "@preflight/storage"
import { Effect } from "effect"
import {
  type CampaignRecord,
  type EntityTable,
  type ExposureColumns,
  entityOffsets,
  type HistorySnapshot,
  type InterventionRecord,
  OUTCOME_CODE,
  type OutcomeColumns,
  type OutcomeType
} from "./history-snapshot.ts"

interface EntityRow {
  readonly entity_id: string
  readonly segment_id: string | null
  readonly created_ms: number | null
  readonly attributes: unknown
  readonly lifecycle_stage: string | null
  readonly value_tier: string | null
}

interface InterventionRow {
  readonly intervention_id: string
  readonly type: string
  readonly content_template: string | null
  readonly creative_elements: unknown
  readonly targeting_criteria: unknown
}

interface ExposureRow {
  readonly entity_id: string
  readonly t: number
  readonly channel: string
  readonly intervention_id: string | null
  readonly cost: number
}

interface OutcomeRow {
  readonly entity_id: string
  readonly t: number
  readonly outcome_type: string
  readonly value: number
}

/** JSON columns arrive parsed from PGlite and as text from some drivers; both become objects here. */
const asRecord = (value: unknown): Readonly<Record<string, unknown>> => {
  const parsed = typeof value === "string" ? safeParse(value) : value
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {}
}

const safeParse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const stringList = (value: unknown): ReadonlyArray<string> =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []

const outcomeCode = (type: string): number => OUTCOME_CODE[(type in OUTCOME_CODE ? type : "other") as OutcomeType]

const buildEntities = (rows: ReadonlyArray<EntityRow>): EntityTable => {
  const segments = [...new Set(rows.flatMap((row) => (row.segment_id === null ? [] : [row.segment_id])))].sort()
  const segmentIndex = new Map(segments.map((segment, index) => [segment, index]))
  const ids = rows.map((row) => row.entity_id)
  return {
    count: rows.length,
    ids,
    indexOf: new Map(ids.map((id, index) => [id, index])),
    segment: Int32Array.from(rows, (row) => (row.segment_id === null ? -1 : (segmentIndex.get(row.segment_id) ?? -1))),
    segments,
    attributes: rows.map((row) => asRecord(row.attributes)),
    lifecycleStage: rows.map((row) => row.lifecycle_stage),
    valueTier: rows.map((row) => row.value_tier),
    createdAtMs: Float64Array.from(rows, (row) => (row.created_ms === null ? Number.NaN : Number(row.created_ms)))
  }
}

/**
 * Loads the whole history. Entities named only by exposures or outcomes (inferred rows) are kept: their
 * segment is unknown, but their messages still count for fatigue and their outcomes for attribution.
 */
export const loadHistory = Effect.fn("Simulator.loadHistory")(function* () {
  const database = yield* Database
  const entityRows = yield* database.query<EntityRow>(
    `SELECT entity_id::text AS entity_id, segment_id, (extract(epoch FROM created_at) * 1000)::float8 AS created_ms,
            attributes, lifecycle_stage, value_tier
       FROM entities ORDER BY entity_id`
  )
  const interventionRows = yield* database.query<InterventionRow>(
    `SELECT intervention_id::text AS intervention_id, type, content_template, creative_elements, targeting_criteria
       FROM interventions ORDER BY intervention_id`
  )
  const exposureRows = yield* database.query<ExposureRow>(
    `SELECT entity_id::text AS entity_id, (extract(epoch FROM "timestamp") * 1000)::float8 AS t, channel,
            intervention_id, coalesce(cost, 0)::float8 AS cost
       FROM exposures ORDER BY entity_id, "timestamp", exposure_id`
  )
  const outcomeRows = yield* database.query<OutcomeRow>(
    `SELECT entity_id::text AS entity_id, (extract(epoch FROM "timestamp") * 1000)::float8 AS t, outcome_type,
            coalesce(outcome_value, 0)::float8 AS value
       FROM outcomes ORDER BY entity_id, "timestamp", outcome_id`
  )
  return assembleSnapshot(entityRows, interventionRows, exposureRows, outcomeRows)
}) satisfies () => Effect.Effect<HistorySnapshot, DatabaseError, Database>

/** Builds the snapshot from rows already sorted by entity id then time (exported for tests). */
export const assembleSnapshot = (
  entityRows: ReadonlyArray<EntityRow>,
  interventionRows: ReadonlyArray<InterventionRow>,
  exposureRows: ReadonlyArray<ExposureRow>,
  outcomeRows: ReadonlyArray<OutcomeRow>
): HistorySnapshot => {
  const entities = buildEntities(entityRows)

  // Campaigns: `creative_elements.campaign_id` groups variants; a variant without one is its own campaign.
  const campaignIds: Array<string> = []
  const campaignIndexOf = new Map<string, number>()
  const campaignOf = (id: string): number => {
    const known = campaignIndexOf.get(id)
    if (known !== undefined) return known
    campaignIds.push(id)
    campaignIndexOf.set(id, campaignIds.length - 1)
    return campaignIds.length - 1
  }
  const interventions: Array<InterventionRecord> = interventionRows.map((row, index) => {
    const elements = asRecord(row.creative_elements)
    const campaignId =
      typeof elements.campaign_id === "string" && elements.campaign_id !== ""
        ? elements.campaign_id
        : row.intervention_id
    return {
      index,
      id: row.intervention_id,
      channel: row.type.trim().toLowerCase(),
      text: row.content_template ?? "",
      campaignIndex: campaignOf(campaignId),
      segments: stringList(asRecord(row.targeting_criteria).segments)
    }
  })
  const interventionIndexOf = new Map(interventions.map((record) => [record.id, record.index]))

  const channels = [
    ...new Set(exposureRows.flatMap((row) => (row.channel === "holdout" ? [] : [row.channel.trim().toLowerCase()])))
  ].sort()
  const channelIndexOf = new Map(channels.map((channel, index) => [channel, index]))

  const exposureCount = exposureRows.length
  const exposureEntity = new Int32Array(exposureCount)
  const exposureTime = new Float64Array(exposureCount)
  const exposureChannel = new Int32Array(exposureCount)
  const exposureIntervention = new Int32Array(exposureCount)
  const exposureCampaign = new Int32Array(exposureCount)
  const exposureCost = new Float64Array(exposureCount)
  for (let row = 0; row < exposureCount; row++) {
    const exposure = exposureRows[row] as ExposureRow
    exposureEntity[row] = entities.indexOf.get(exposure.entity_id) ?? -1
    exposureTime[row] = Number(exposure.t)
    exposureCost[row] = Number(exposure.cost)
    const isHoldout = exposure.channel === "holdout"
    exposureChannel[row] = isHoldout ? -1 : (channelIndexOf.get(exposure.channel.trim().toLowerCase()) ?? -1)
    const target = exposure.intervention_id ?? ""
    const variant = isHoldout ? undefined : interventionIndexOf.get(target)
    exposureIntervention[row] = variant ?? -1
    exposureCampaign[row] =
      variant !== undefined
        ? (interventions[variant] as InterventionRecord).campaignIndex
        : (campaignIndexOf.get(target) ?? -1)
  }

  const outcomeCount = outcomeRows.length
  const outcomeEntity = new Int32Array(outcomeCount)
  const outcomeTime = new Float64Array(outcomeCount)
  const outcomeType = new Uint8Array(outcomeCount)
  const outcomeValue = new Float64Array(outcomeCount)
  for (let row = 0; row < outcomeCount; row++) {
    const outcome = outcomeRows[row] as OutcomeRow
    outcomeEntity[row] = entities.indexOf.get(outcome.entity_id) ?? -1
    outcomeTime[row] = Number(outcome.t)
    outcomeType[row] = outcomeCode(outcome.outcome_type.trim().toLowerCase())
    outcomeValue[row] = Number(outcome.value)
  }

  const exposures: ExposureColumns = {
    count: exposureCount,
    entity: exposureEntity,
    timeMs: exposureTime,
    channel: exposureChannel,
    intervention: exposureIntervention,
    campaign: exposureCampaign,
    cost: exposureCost,
    entityStart: entityOffsets(exposureEntity, entities.count)
  }
  const outcomes: OutcomeColumns = {
    count: outcomeCount,
    entity: outcomeEntity,
    timeMs: outcomeTime,
    type: outcomeType,
    value: outcomeValue,
    entityStart: entityOffsets(outcomeEntity, entities.count)
  }
  const campaigns = buildCampaigns(campaignIds, interventions, exposures, entities, channels)
  let fromMs = Number.POSITIVE_INFINITY
  let toMs = Number.NEGATIVE_INFINITY
  for (const times of [exposureTime, outcomeTime]) {
    for (let row = 0; row < times.length; row++) {
      const t = times[row] as number
      if (t < fromMs) fromMs = t
      if (t > toMs) toMs = t
    }
  }
  return { entities, interventions, campaigns, exposures, outcomes, channels, fromMs, toMs }
}

const buildCampaigns = (
  ids: ReadonlyArray<string>,
  interventions: ReadonlyArray<InterventionRecord>,
  exposures: ExposureColumns,
  entities: EntityTable,
  channels: ReadonlyArray<string>
): ReadonlyArray<CampaignRecord> => {
  const count = ids.length
  const first = new Float64Array(count).fill(Number.POSITIVE_INFINITY)
  const last = new Float64Array(count).fill(Number.NEGATIVE_INFINITY)
  const messages = new Int32Array(count)
  const holdouts = new Int32Array(count)
  const channelCounts = Array.from({ length: count }, () => new Int32Array(channels.length))
  const recipientSegments = Array.from({ length: count }, () => new Set<number>())
  for (let row = 0; row < exposures.count; row++) {
    const campaign = exposures.campaign[row] as number
    if (campaign < 0) continue
    const t = exposures.timeMs[row] as number
    if (t < (first[campaign] as number)) first[campaign] = t
    if (t > (last[campaign] as number)) last[campaign] = t
    const channel = exposures.channel[row] as number
    if (channel < 0) holdouts[campaign] = (holdouts[campaign] as number) + 1
    else {
      messages[campaign] = (messages[campaign] as number) + 1
      const counts = channelCounts[campaign] as Int32Array
      counts[channel] = (counts[channel] as number) + 1
    }
    const entity = exposures.entity[row] as number
    const segment = entity >= 0 ? (entities.segment[entity] as number) : -1
    if (segment >= 0) (recipientSegments[campaign] as Set<number>).add(segment)
  }
  return ids.map((id, index) => {
    const variants = interventions.filter((record) => record.campaignIndex === index).map((record) => record.index)
    const counts = channelCounts[index] as Int32Array
    let best = -1
    for (let channel = 0; channel < counts.length; channel++) {
      if (best < 0 || (counts[channel] as number) > (counts[best] as number)) best = channel
    }
    const namedSegments = [
      ...new Set(variants.flatMap((variant) => (interventions[variant] as InterventionRecord).segments))
    ]
    const observedSegments = [...(recipientSegments[index] as Set<number>)]
      .map((segment) => entities.segments[segment] as string)
      .sort()
    const firstVariant = variants[0] === undefined ? undefined : interventions[variants[0]]
    return {
      index,
      id,
      channel:
        best >= 0 && (counts[best] as number) > 0 ? (channels[best] as string) : (firstVariant?.channel ?? "unknown"),
      variants,
      firstSendMs: first[index] as number,
      lastSendMs: last[index] as number,
      segments: namedSegments.length > 0 ? namedSegments.sort() : observedSegments,
      messages: messages[index] as number,
      holdouts: holdouts[index] as number
    }
  })
}
