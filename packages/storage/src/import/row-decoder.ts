// Turns one record of an import file into a validated row and its line of COPY CSV. Cells are
// converted by column kind (empty → NULL, numbers, JSON), then the whole row is checked by the
// table's zod schema; every problem is reported with its column.
import type { z } from "zod"
import { type ColumnSpec, importSchemaOf } from "../schema/columns.ts"
import type { TableSpec } from "../schema/tables.ts"

export interface CellIssue {
  readonly column: string
  readonly reason: string
}

export type DecodeResult =
  | {
      readonly ok: true
      readonly key: string
      readonly copyLine: string
      readonly parents: ReadonlyArray<string | null>
    }
  | { readonly ok: false; readonly issues: ReadonlyArray<CellIssue> }

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/
const INTEGER = /^[+-]?\d+$/

const csvQuote = (value: string): string => {
  // Quoting every text value is slightly larger than necessary but never ambiguous with NULL.
  return `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`
}

/** A value for the COPY stream: empty means NULL in PostgreSQL's CSV format. */
const copyCell = (column: ColumnSpec, value: unknown, rawNumeric: string | undefined): string => {
  if (value === null || value === undefined) return ""
  switch (column.kind) {
    case "uuid":
      return value as string
    case "text":
      return csvQuote(value as string)
    case "timestamp":
      // Validated ISO text; the import session runs in UTC, so zone-less values mean UTC.
      return value as string
    case "integer":
      return String(value)
    case "decimal":
      // Keep the file's exact digits: numeric is arbitrary precision, a double is not.
      return rawNumeric ?? String(value)
    case "json":
      return csvQuote(JSON.stringify(value))
  }
}

const describeValue = (raw: string): string => (raw.length > 40 ? `"${raw.slice(0, 40)}…"` : `"${raw}"`)

const issuesFromZod = (error: z.ZodError): Array<CellIssue> =>
  error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") return { column: issue.keys.join(", "), reason: "unknown column" }
    return { column: String(issue.path[0] ?? "(row)"), reason: issue.message }
  })

/** Decodes rows of one table; `fromCells` for CSV records, `fromObject` for JSON Lines objects. */
export interface RowDecoder {
  readonly columns: ReadonlyArray<ColumnSpec>
  fromCells(cells: ReadonlyArray<string>, positions: ReadonlyArray<number>): DecodeResult
  fromObject(value: unknown): DecodeResult
}

export const makeRowDecoder = (table: TableSpec): RowDecoder => {
  const schema = importSchemaOf(table.columns)
  const columns = table.columns
  const parentColumns = table.inferredParents.map((parent) => parent.column)

  const finish = (
    candidate: Record<string, unknown>,
    rawNumerics: Map<string, string>,
    issues: Array<CellIssue>
  ): DecodeResult => {
    const parsed = schema.safeParse(candidate)
    if (!parsed.success) issues.push(...issuesFromZod(parsed.error))
    if (issues.length > 0) return { ok: false, issues }
    const row = parsed.data as Record<string, unknown>
    let copyLine = ""
    for (let index = 0; index < columns.length; index += 1) {
      const column = columns[index] as ColumnSpec
      if (index > 0) copyLine += ","
      copyLine += copyCell(column, row[column.name], rawNumerics.get(column.name))
    }
    return {
      ok: true,
      key: String(row[table.primaryKey]),
      copyLine,
      parents: parentColumns.map((name) => (row[name] as string | null | undefined) ?? null)
    }
  }

  const fromCells = (cells: ReadonlyArray<string>, positions: ReadonlyArray<number>): DecodeResult => {
    const candidate: Record<string, unknown> = {}
    const rawNumerics = new Map<string, string>()
    const issues: Array<CellIssue> = []
    for (let index = 0; index < columns.length; index += 1) {
      const column = columns[index] as ColumnSpec
      const position = positions[index] ?? -1
      const raw = position < 0 ? "" : (cells[position] ?? "")
      if (raw === "") {
        // Absent: nullable columns become NULL, json columns {}, required ones fail in the schema.
        if (!column.nullable) candidate[column.name] = undefined
        continue
      }
      switch (column.kind) {
        case "integer":
          if (INTEGER.test(raw)) candidate[column.name] = Number(raw)
          else issues.push({ column: column.name, reason: `expected an integer, got ${describeValue(raw)}` })
          break
        case "decimal":
          if (NUMERIC.test(raw)) {
            candidate[column.name] = Number(raw)
            rawNumerics.set(column.name, raw)
          } else issues.push({ column: column.name, reason: `expected a number, got ${describeValue(raw)}` })
          break
        case "json":
          try {
            candidate[column.name] = JSON.parse(raw)
          } catch {
            issues.push({ column: column.name, reason: `invalid JSON: ${describeValue(raw)}` })
          }
          break
        default:
          candidate[column.name] = raw
      }
    }
    return finish(candidate, rawNumerics, issues)
  }

  const fromObject = (value: unknown): DecodeResult => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { ok: false, issues: [{ column: "(row)", reason: "expected a JSON object" }] }
    }
    const candidate: Record<string, unknown> = { ...(value as Record<string, unknown>) }
    const rawNumerics = new Map<string, string>()
    const issues: Array<CellIssue> = []
    for (const column of columns) {
      const cell = candidate[column.name]
      if (column.kind === "json" && typeof cell === "string") {
        // JSONB columns may also arrive as JSON text, as in CSV files.
        try {
          candidate[column.name] = JSON.parse(cell)
        } catch {
          issues.push({ column: column.name, reason: `invalid JSON: ${describeValue(cell)}` })
        }
      } else if (column.kind === "decimal" && typeof cell === "string") {
        if (NUMERIC.test(cell)) {
          candidate[column.name] = Number(cell)
          rawNumerics.set(column.name, cell)
        } else issues.push({ column: column.name, reason: `expected a number, got ${describeValue(cell)}` })
      }
    }
    return finish(candidate, rawNumerics, issues)
  }

  return { columns, fromCells, fromObject }
}
