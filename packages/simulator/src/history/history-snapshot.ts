// The history as the models read it: the five tables in columnar, index-linked form (entities by index,
// exposures and outcomes sorted by entity then time, variants grouped into campaigns), built once per fit.

/** Outcome types the models use; anything else is kept as `other` (DESIGN.md: other types are kept). */
export const OUTCOME_TYPES = ["purchase", "open", "click", "unsubscribe", "other"] as const
export type OutcomeType = (typeof OUTCOME_TYPES)[number]
export const OUTCOME_CODE: Readonly<Record<OutcomeType, number>> = {
  purchase: 0,
  open: 1,
  click: 2,
  unsubscribe: 3,
  other: 4
}

export interface EntityTable {
  readonly count: number
  readonly ids: ReadonlyArray<string>
  readonly indexOf: ReadonlyMap<string, number>
  /** Index into `segments`, −1 when the entity has no segment. */
  readonly segment: Int32Array
  readonly segments: ReadonlyArray<string>
  readonly attributes: ReadonlyArray<Readonly<Record<string, unknown>>>
  readonly lifecycleStage: ReadonlyArray<string | null>
  readonly valueTier: ReadonlyArray<string | null>
  /** Milliseconds since the epoch, NaN when unknown. */
  readonly createdAtMs: Float64Array
}

export interface InterventionRecord {
  readonly index: number
  readonly id: string
  /** The channel the variant was made for (`interventions.type`). */
  readonly channel: string
  /** The text the recipient saw. */
  readonly text: string
  readonly campaignIndex: number
  readonly segments: ReadonlyArray<string>
}

export interface CampaignRecord {
  readonly index: number
  readonly id: string
  /** The channel most of its messages went out on. */
  readonly channel: string
  readonly variants: ReadonlyArray<number>
  /** First and last send (ms since the epoch). */
  readonly firstSendMs: number
  readonly lastSendMs: number
  /** Segments named by its variants' targeting criteria, else the recipients' segments. */
  readonly segments: ReadonlyArray<string>
  readonly messages: number
  readonly holdouts: number
}

/** Exposure rows sorted by entity then time; `entityStart[e]`…`entityStart[e + 1]` are entity e's rows. */
export interface ExposureColumns {
  readonly count: number
  readonly entity: Int32Array
  readonly timeMs: Float64Array
  /** Index into the snapshot's `channels`, −1 for a holdout row. */
  readonly channel: Int32Array
  /** Index of the variant delivered, −1 for holdout rows and messages of unknown interventions. */
  readonly intervention: Int32Array
  /** Index of the campaign (a holdout row's too), −1 when unknown. */
  readonly campaign: Int32Array
  readonly cost: Float64Array
  readonly entityStart: Int32Array
}

/** Outcome rows sorted by entity then time, with the same per-entity offsets as the exposures. */
export interface OutcomeColumns {
  readonly count: number
  readonly entity: Int32Array
  readonly timeMs: Float64Array
  /** `OUTCOME_CODE` of the type. */
  readonly type: Uint8Array
  /** Revenue for purchases (0 when absent). */
  readonly value: Float64Array
  readonly entityStart: Int32Array
}

export interface HistorySnapshot {
  readonly entities: EntityTable
  readonly interventions: ReadonlyArray<InterventionRecord>
  readonly campaigns: ReadonlyArray<CampaignRecord>
  readonly exposures: ExposureColumns
  readonly outcomes: OutcomeColumns
  /** Message channels seen in exposures (holdout excluded), sorted. */
  readonly channels: ReadonlyArray<string>
  /** First and last event time (ms). */
  readonly fromMs: number
  readonly toMs: number
}

/** Per-entity offsets of rows sorted by entity index. */
export const entityOffsets = (entity: Int32Array, entityCount: number): Int32Array => {
  const start = new Int32Array(entityCount + 1)
  for (let row = 0; row < entity.length; row++) {
    const slot = (entity[row] as number) + 1
    start[slot] = (start[slot] as number) + 1
  }
  for (let e = 0; e < entityCount; e++) start[e + 1] = (start[e + 1] as number) + (start[e] as number)
  return start
}
