// Exports a history table to CSV or JSON Lines in the same shape imports accept, so an export
// re-imports to the same rows. Rows are read in keyset-paginated pages and written with
// back-pressure, so tables of any size stream in constant memory.
import { once } from "node:events"
import type { Writable } from "node:stream"
import { Effect } from "effect"
import { Database, type SqlValue } from "../database.ts"
import { ExportWriteError } from "../errors.ts"
import type { ImportFormat } from "../import/file-source.ts"
import type { ColumnSpec } from "../schema/columns.ts"
import { TABLES, type TableName } from "../schema/tables.ts"

export interface ExportOptions {
  readonly table: TableName
  readonly format: ImportFormat
  readonly output: Writable
  /** Rows per round trip (default 10,000). */
  readonly batchSize?: number
  readonly onProgress?: (rowsWritten: number) => void
}

export interface ExportSummary {
  readonly table: TableName
  readonly format: ImportFormat
  readonly rows: number
  readonly seconds: number
}

const quote = (name: string) => `"${name}"`

/** Every column as text, exactly as stored (timestamps with microseconds in UTC, numeric digits kept). */
const textExpression = (column: ColumnSpec): string => {
  const name = quote(column.name)
  switch (column.kind) {
    case "timestamp":
      return `to_char(${name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ${name}`
    case "text":
      return name
    default:
      return `${name}::text AS ${name}`
  }
}

const csvCell = (column: ColumnSpec, value: string | null): string => {
  if (value === null) return ""
  if (column.kind === "text" || column.kind === "json") {
    return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
  }
  return value
}

const jsonValue = (column: ColumnSpec, value: string | null): string => {
  if (value === null) return "null"
  // jsonb text is JSON already; numeric is written as a string so its exact digits survive (a JSON
  // number would be read back as a double: "123.40" would become 123.4). Imports accept both forms.
  return column.kind === "integer" || column.kind === "json" ? value : JSON.stringify(value)
}

const writeChunk = async (output: Writable, chunk: string): Promise<void> => {
  if (!output.write(chunk)) await once(output, "drain")
}

/**
 * Writes every row of `table` to `output` (not closed afterwards). Inferred placeholder rows of
 * entities and segments are left out: they are not data the user supplied.
 */
export const exportTable = (options: ExportOptions) =>
  Effect.gen(function* () {
    const db = yield* Database
    const table = TABLES[options.table]
    const columns = table.columns
    const batchSize = options.batchSize ?? 10_000
    const key = quote(table.primaryKey)
    const hasInferred = table.name === "entities" || table.name === "segments"
    const started = performance.now()
    const select = `SELECT ${columns.map(textExpression).join(", ")}, ${key}::text AS preflight_cursor FROM ${quote(table.name)}`

    const write = (chunk: string) =>
      Effect.tryPromise({
        try: () => writeChunk(options.output, chunk),
        catch: (cause) => new ExportWriteError({ message: `cannot write the export: ${String(cause)}`, cause })
      })

    if (options.format === "csv") yield* write(`${columns.map((column) => column.name).join(",")}\n`)
    let rows = 0
    let after: string | undefined
    for (;;) {
      const where: Array<string> = hasInferred ? ["NOT inferred"] : []
      const params: Array<SqlValue> = []
      if (after !== undefined) {
        params.push(after)
        where.push(`${key} > $1`)
      }
      params.push(batchSize)
      const page = yield* db.query<Record<string, string | null>>(
        `${select}${where.length > 0 ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY ${key} LIMIT $${params.length}`,
        params
      )
      if (page.length === 0) break
      const lines = page.map((row) =>
        options.format === "csv"
          ? columns.map((column) => csvCell(column, row[column.name] ?? null)).join(",")
          : `{${columns.map((column) => `${JSON.stringify(column.name)}:${jsonValue(column, row[column.name] ?? null)}`).join(",")}}`
      )
      yield* write(`${lines.join("\n")}\n`)
      rows += page.length
      options.onProgress?.(rows)
      after = page[page.length - 1]?.preflight_cursor ?? undefined
      if (page.length < batchSize) break
    }
    return {
      table: table.name,
      format: options.format,
      rows,
      seconds: (performance.now() - started) / 1000
    } satisfies ExportSummary
  }).pipe(Effect.withSpan("storage.exportTable", { attributes: { table: options.table } }))
