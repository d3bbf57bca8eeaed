// Value handling shared by the registry repositories: JSON goes over the wire as text (`$n::text::jsonb`,
// read back with `col::text`), so both drivers store and return exactly the same JSON; inputs are checked
// with zod and refused with a RowValidationError naming the row and field.
import { Effect } from "effect"
import type { z } from "zod"
import { RowValidationError } from "../errors.ts"

/** JSON text for a jsonb parameter (`undefined` is stored as JSON null). */
export const jsonParam = (value: unknown): string => JSON.stringify(value ?? null)

/** A jsonb column selected as text, parsed. */
export const readJson = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : (value ?? null))

/** A timestamp column as a Date. */
export const readDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)))

/** A nullable timestamp column. */
export const readOptionalDate = (value: unknown): Date | null =>
  value === null || value === undefined ? null : readDate(value)

/** A numeric column (both drivers may return numeric and bigint as text). */
export const readNumber = (value: unknown): number => (typeof value === "number" ? value : Number(value))

/** A nullable numeric column. */
export const readOptionalNumber = (value: unknown): number | null =>
  value === null || value === undefined ? null : readNumber(value)

/** A nullable text column. */
export const readOptionalText = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value)

/** Validates `rows` against `schema`; every issue is named by row index and field. */
export const validateRows = <T>(
  table: string,
  schema: z.ZodType<T>,
  rows: ReadonlyArray<unknown>
): Effect.Effect<ReadonlyArray<T>, RowValidationError> => {
  const valid: T[] = []
  const issues: Array<{ index: number; column: string; reason: string }> = []
  rows.forEach((row, index) => {
    const parsed = schema.safeParse(row)
    if (parsed.success) valid.push(parsed.data)
    else {
      for (const issue of parsed.error.issues) {
        issues.push({
          index,
          column:
            issue.code === "unrecognized_keys" ? issue.keys.join(", ") : issue.path.map(String).join(".") || "(row)",
          reason: issue.code === "unrecognized_keys" ? "unknown field" : issue.message
        })
      }
    }
  })
  return issues.length > 0 ? Effect.fail(new RowValidationError({ table, issues })) : Effect.succeed(valid)
}

/** Validates one value. */
export const validateOne = <T>(
  table: string,
  schema: z.ZodType<T>,
  row: unknown
): Effect.Effect<T, RowValidationError> => Effect.map(validateRows(table, schema, [row]), (rows) => rows[0] as T)
