// Column kinds of the history tables and their zod types. One definition drives the SQL casts,
// the zod row schemas, the CSV cell decoding and the CSV/JSONL encoding, so they cannot disagree.
import { z } from "zod"
import { isIsoTimestamp, isoToDate } from "./iso-timestamp.ts"

export type ColumnKind = "uuid" | "text" | "timestamp" | "integer" | "decimal" | "json"

export interface ColumnSpec {
  readonly name: string
  readonly kind: ColumnKind
  /** May be missing or empty; stored as NULL (json columns store `{}` instead). */
  readonly nullable: boolean
  /** Numbers must be ≥ 0 (mirrors the table's CHECK constraint, so a bad row is named, not a failed COPY). */
  readonly nonNegative?: boolean
}

const INT32_MIN = -2147483648
const INT32_MAX = 2147483647

// Postgres text cannot hold NUL; rejecting it here keeps the database from failing mid-COPY.
const noNul = (value: string) => !value.includes("\u0000")

const timestampText = z.string().refine(isIsoTimestamp, {
  error: "expected an ISO 8601 timestamp such as 2024-05-01T09:30:00Z"
})

const timestampSchema = z
  .union([z.date(), timestampText])
  .transform((value) => (value instanceof Date ? value : isoToDate(value)))

// Postgres jsonb refuses strings (keys included) holding NUL (`\u0000`) or a lone UTF-16 surrogate
// (`\ud800`), failing the whole statement without naming the row; they are refused here instead.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const jsonbUnsafeString = (text: string): string | undefined => {
  if (text.includes("\u0000")) return "contains a NUL character (\\u0000), which Postgres jsonb cannot store"
  if (LONE_SURROGATE.test(text)) return "contains an unpaired UTF-16 surrogate, which Postgres jsonb cannot store"
  return undefined
}

/** The first string in a JSON value that jsonb cannot store, with its path (`a.b[2]`). */
const findJsonbUnsafe = (value: unknown, path: string): string | undefined => {
  if (typeof value === "string") {
    const reason = jsonbUnsafeString(value)
    return reason === undefined ? undefined : `${path === "" ? "value" : path} ${reason}`
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findJsonbUnsafe(value[i], `${path}[${i}]`)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      const keyReason = jsonbUnsafeString(key)
      if (keyReason !== undefined) return `key ${JSON.stringify(key)} ${keyReason}`
      const found = findJsonbUnsafe(inner, path === "" ? key : `${path}.${key}`)
      if (found !== undefined) return found
    }
  }
  return undefined
}

const jsonObjectSchema = z
  .record(z.string(), z.unknown(), { error: "expected a JSON object" })
  .superRefine((value, context) => {
    const unsafe = findJsonbUnsafe(value, "")
    if (unsafe !== undefined) context.addIssue({ code: "custom", message: unsafe })
  })

/**
 * The zod type of one column's value (nullable columns accept null or absence). In "import" mode
 * timestamps stay validated text (Postgres reads them, in a UTC session) instead of Date objects,
 * which keeps million-row imports fast; "row" mode is what repositories accept and return.
 */
export const columnSchema = (column: ColumnSpec, mode: "row" | "import" = "row"): z.ZodType => {
  const base = (() => {
    switch (column.kind) {
      case "uuid":
        return z.guid({ error: "invalid UUID" })
      case "text":
        return z.string().min(1, { error: "empty text" }).refine(noNul, { error: "text contains a NUL character" })
      case "timestamp":
        return mode === "row" ? timestampSchema : timestampText
      case "integer":
        return z
          .number({ error: "expected an integer" })
          .int({ error: "expected an integer" })
          .min(column.nonNegative === true ? 0 : INT32_MIN, {
            error: column.nonNegative === true ? "must not be negative" : "integer out of range"
          })
          .max(INT32_MAX, { error: "integer out of range" })
      case "decimal": {
        const number = z.number({ error: "expected a number" }).finite({ error: "expected a finite number" })
        return column.nonNegative === true ? number.min(0, { error: "must not be negative" }) : number
      }
      case "json":
        return jsonObjectSchema
    }
  })()
  if (column.kind === "json") return base.optional().transform((value) => value ?? {})
  return column.nullable
    ? base
        .nullable()
        .optional()
        .transform((value) => value ?? null)
    : base
}

type JsonObject = Record<string, unknown>

/** The decoded value of a column kind. */
export interface ValueOfKind {
  readonly uuid: string
  readonly text: string
  readonly timestamp: Date
  readonly integer: number
  readonly decimal: number
  readonly json: JsonObject
}

/** What a caller may pass for a column kind (timestamps as Date or ISO 8601 text). */
export interface InputOfKind extends Omit<ValueOfKind, "timestamp"> {
  readonly timestamp: Date | string
}

type Value<C extends ColumnSpec> = C["kind"] extends "json"
  ? JsonObject
  : C["nullable"] extends true
    ? ValueOfKind[C["kind"]] | null
    : ValueOfKind[C["kind"]]

type OptionalColumns<C extends ColumnSpec> = C extends { readonly nullable: true } ? C["name"] : never

/** The row type a list of column specs describes. */
export type RowFromColumns<Columns extends ReadonlyArray<ColumnSpec>> = {
  readonly [C in Columns[number] as C["name"]]: Value<C>
}

/** The input type accepted for such a row: nullable columns may be omitted. */
export type InputFromColumns<Columns extends ReadonlyArray<ColumnSpec>> = {
  readonly [C in Columns[number] as Exclude<C["name"], OptionalColumns<C>>]: InputOfKind[C["kind"]]
} & {
  readonly [C in Columns[number] as OptionalColumns<C>]?: InputOfKind[C["kind"]] | null
}

/** The zod object an import validates each decoded record with (timestamps as validated ISO text). */
export const importSchemaOf = (columns: ReadonlyArray<ColumnSpec>): z.ZodType =>
  z.strictObject(Object.fromEntries(columns.map((column) => [column.name, columnSchema(column, "import")])))

/** A strict zod object for a table's rows: unknown keys are rejected and named. */
export const rowSchemaOf = <const Columns extends ReadonlyArray<ColumnSpec>>(
  columns: Columns
): z.ZodType<RowFromColumns<Columns>, InputFromColumns<Columns>> =>
  // The object is assembled from the same specs the types are computed from, hence the one cast.
  z.strictObject(
    Object.fromEntries(columns.map((column) => [column.name, columnSchema(column)]))
  ) as unknown as z.ZodType<RowFromColumns<Columns>, InputFromColumns<Columns>>
