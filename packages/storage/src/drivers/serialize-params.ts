// Both drivers receive parameters in one canonical form: objects and arrays as JSON text, dates as
// ISO 8601 in UTC, bigints as decimal text. SQL that stores JSON casts the parameter explicitly
// (`$1::text::jsonb`): postgres.js JSON-encodes any parameter the server describes as jsonb, so a
// bare `$1` into a jsonb column would store a JSON string instead of the object.
import type { SqlValue } from "./sql-connection.ts"

export const serializeParam = (value: SqlValue): string | number | boolean | null => {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value
  if (typeof value === "bigint") return value.toString()
  if (value instanceof Date) return value.toISOString()
  return JSON.stringify(value)
}

export const serializeParams = (values: ReadonlyArray<SqlValue>): Array<string | number | boolean | null> =>
  values.map(serializeParam)
