// Row counts of the history tables, for `preflight db status` and for tests.
import { Effect } from "effect"
import { Database } from "./database.ts"
import { TABLE_NAMES, type TableName } from "./schema/tables.ts"

export interface TableCounts {
  readonly rows: Readonly<Record<TableName, number>>
  /** Placeholder rows created for keys that facts mentioned before their own rows were imported. */
  readonly inferred: { readonly entities: number; readonly segments: number }
}

export const tableCounts = Effect.gen(function* () {
  const db = yield* Database
  const selects = TABLE_NAMES.map((table) => `(SELECT count(*)::int FROM "${table}") AS "${table}"`)
  const [row] = yield* db.query<Record<string, number>>(
    `SELECT ${selects.join(", ")},
       (SELECT count(*)::int FROM entities WHERE inferred) AS inferred_entities,
       (SELECT count(*)::int FROM segments WHERE inferred) AS inferred_segments`
  )
  const value = (key: string) => Number(row?.[key] ?? 0)
  return {
    rows: Object.fromEntries(TABLE_NAMES.map((table) => [table, value(table)])) as Record<TableName, number>,
    inferred: { entities: value("inferred_entities"), segments: value("inferred_segments") }
  } satisfies TableCounts
})
