// The PRD's history tables as data: columns, keys, and the parents an import may have to infer.
// Row types use the tables' own snake_case column names, so a row, a CSV header and a JSON Lines
// object all name things the same way.
import type { z } from "zod"
import { type ColumnSpec, rowSchemaOf } from "./columns.ts"

export const TABLE_NAMES = ["segments", "entities", "interventions", "exposures", "outcomes"] as const
export type TableName = (typeof TABLE_NAMES)[number]

/** A referenced row an import creates as an inferred placeholder when the file mentions an unknown key. */
export interface InferredParent {
  readonly column: string
  readonly table: TableName
  readonly key: string
}

export interface TableSpec {
  readonly name: TableName
  readonly primaryKey: string
  readonly columns: ReadonlyArray<ColumnSpec>
  readonly inferredParents: ReadonlyArray<InferredParent>
}

const uuid = <N extends string>(name: N) => ({ name, kind: "uuid", nullable: false }) as const
const requiredText = <N extends string>(name: N) => ({ name, kind: "text", nullable: false }) as const
const text = <N extends string>(name: N) => ({ name, kind: "text", nullable: true }) as const
const timestamp = <N extends string>(name: N) => ({ name, kind: "timestamp", nullable: false }) as const
const optionalTimestamp = <N extends string>(name: N) => ({ name, kind: "timestamp", nullable: true }) as const
const count = <N extends string>(name: N) => ({ name, kind: "integer", nullable: true, nonNegative: true }) as const
const decimal = <N extends string>(name: N) => ({ name, kind: "decimal", nullable: true }) as const
const amount = <N extends string>(name: N) => ({ name, kind: "decimal", nullable: true, nonNegative: true }) as const
const json = <N extends string>(name: N) => ({ name, kind: "json", nullable: true }) as const

const segmentColumns = [
  requiredText("segment_id"),
  json("definition"),
  count("size"),
  json("trait_priors"),
  json("historical_metrics")
] as const

const entityColumns = [
  uuid("entity_id"),
  text("segment_id"),
  optionalTimestamp("created_at"),
  json("attributes"),
  text("lifecycle_stage"),
  text("value_tier")
] as const

const interventionColumns = [
  uuid("intervention_id"),
  requiredText("type"),
  text("content_template"),
  json("creative_elements"),
  json("targeting_criteria")
] as const

const exposureColumns = [
  uuid("exposure_id"),
  uuid("entity_id"),
  timestamp("timestamp"),
  requiredText("channel"),
  text("intervention_id"),
  json("content"),
  amount("cost"),
  count("frequency_cumulative")
] as const

const outcomeColumns = [
  uuid("outcome_id"),
  uuid("entity_id"),
  timestamp("timestamp"),
  requiredText("outcome_type"),
  decimal("outcome_value"),
  json("metadata")
] as const

export const segmentsTable: TableSpec = {
  name: "segments",
  primaryKey: "segment_id",
  columns: segmentColumns,
  inferredParents: []
}

export const entitiesTable: TableSpec = {
  name: "entities",
  primaryKey: "entity_id",
  columns: entityColumns,
  inferredParents: [{ column: "segment_id", table: "segments", key: "segment_id" }]
}

export const interventionsTable: TableSpec = {
  name: "interventions",
  primaryKey: "intervention_id",
  columns: interventionColumns,
  inferredParents: []
}

export const exposuresTable: TableSpec = {
  name: "exposures",
  primaryKey: "exposure_id",
  columns: exposureColumns,
  inferredParents: [{ column: "entity_id", table: "entities", key: "entity_id" }]
}

export const outcomesTable: TableSpec = {
  name: "outcomes",
  primaryKey: "outcome_id",
  columns: outcomeColumns,
  inferredParents: [{ column: "entity_id", table: "entities", key: "entity_id" }]
}

export const TABLES: Readonly<Record<TableName, TableSpec>> = {
  segments: segmentsTable,
  entities: entitiesTable,
  interventions: interventionsTable,
  exposures: exposuresTable,
  outcomes: outcomesTable
}

export const isTableName = (name: string): name is TableName => (TABLE_NAMES as ReadonlyArray<string>).includes(name)

// zod schemas for rows: what repositories accept (timestamps as Date or ISO text) and return.
export const SegmentRow = rowSchemaOf(segmentColumns)
export const EntityRow = rowSchemaOf(entityColumns)
export const InterventionRow = rowSchemaOf(interventionColumns)
export const ExposureRow = rowSchemaOf(exposureColumns)
export const OutcomeRow = rowSchemaOf(outcomeColumns)

export type Segment = z.output<typeof SegmentRow>
export type Entity = z.output<typeof EntityRow>
export type Intervention = z.output<typeof InterventionRow>
export type Exposure = z.output<typeof ExposureRow>
export type Outcome = z.output<typeof OutcomeRow>

export const ROW_SCHEMAS = {
  segments: SegmentRow,
  entities: EntityRow,
  interventions: InterventionRow,
  exposures: ExposureRow,
  outcomes: OutcomeRow
} as const

/** The row type of each table. */
export type RowOf = { readonly [T in TableName]: z.output<(typeof ROW_SCHEMAS)[T]> }

/** Input accepted for a row of table `T` (timestamps may be ISO text; nullable columns may be absent). */
export type RowInput<T extends TableName> = z.input<(typeof ROW_SCHEMAS)[T]>
