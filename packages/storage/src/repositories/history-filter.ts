// Filters the history repositories understand, compiled to a WHERE clause with bound parameters.
import type { SqlValue } from "../database.ts"
import type { TableName } from "../schema/tables.ts"

/** A half-open time window [from, to) on the `timestamp` of exposures and outcomes. */
export interface TimeWindow {
  readonly from?: Date
  readonly to?: Date
}

export interface HistoryFilter extends TimeWindow {
  /** Rows of entities in this segment (facts are joined through their entity). */
  readonly segmentId?: string
  readonly entityId?: string
  /** Exposures of one intervention. */
  readonly interventionId?: string
  readonly channel?: string
  readonly outcomeType?: string
  readonly type?: string
}

export interface CompiledFilter {
  readonly where: ReadonlyArray<string>
  readonly params: Array<SqlValue>
}

const FACT_TABLES: ReadonlySet<TableName> = new Set(["exposures", "outcomes"])

/** Which filters apply to which table; an inapplicable filter is an error, not silently ignored. */
const SUPPORTED: Readonly<Record<TableName, ReadonlyArray<keyof HistoryFilter>>> = {
  segments: [],
  entities: ["segmentId"],
  interventions: ["type"],
  exposures: ["segmentId", "entityId", "interventionId", "channel", "from", "to"],
  outcomes: ["segmentId", "entityId", "outcomeType", "from", "to"]
}

export const unsupportedFilters = (table: TableName, filter: HistoryFilter): ReadonlyArray<string> =>
  (Object.keys(filter) as Array<keyof HistoryFilter>).filter(
    (key) => filter[key] !== undefined && !SUPPORTED[table].includes(key)
  )

export const compileFilter = (
  table: TableName,
  filter: HistoryFilter,
  params: Array<SqlValue> = []
): CompiledFilter => {
  const where: Array<string> = []
  const bind = (value: SqlValue) => {
    params.push(value)
    return `$${params.length}`
  }
  if (filter.segmentId !== undefined) {
    where.push(
      FACT_TABLES.has(table)
        ? `entity_id IN (SELECT entity_id FROM entities WHERE segment_id = ${bind(filter.segmentId)})`
        : `segment_id = ${bind(filter.segmentId)}`
    )
  }
  if (filter.entityId !== undefined) where.push(`entity_id = ${bind(filter.entityId)}`)
  if (filter.interventionId !== undefined) where.push(`intervention_id = ${bind(filter.interventionId)}`)
  if (filter.channel !== undefined) where.push(`channel = ${bind(filter.channel)}`)
  if (filter.outcomeType !== undefined) where.push(`outcome_type = ${bind(filter.outcomeType)}`)
  if (filter.type !== undefined) where.push(`type = ${bind(filter.type)}`)
  if (filter.from !== undefined) where.push(`"timestamp" >= ${bind(filter.from)}`)
  if (filter.to !== undefined) where.push(`"timestamp" < ${bind(filter.to)}`)
  return { where, params }
}

export const isFactTable = (table: TableName): boolean => FACT_TABLES.has(table)
