// One repository shape for every history table: validated inserts and upserts (with inferred
// parents, like imports), lookups by key, filtered pages and counts, and keyset-paginated streams
// that read tables of any size in constant memory without holding a transaction open.
import { Effect, Option, Stream } from "effect"
import type { z } from "zod"
import { Database, type SqlValue } from "../database.ts"
import { ConstraintViolation, type DatabaseError, NotFound, RowValidationError, UnsupportedFilter } from "../errors.ts"
import type { ColumnSpec } from "../schema/columns.ts"
import { ROW_SCHEMAS, type RowInput, type RowOf, TABLES, type TableName } from "../schema/tables.ts"
import { compileFilter, type HistoryFilter, isFactTable, unsupportedFilters } from "./history-filter.ts"

export interface StreamOptions {
  /** Rows fetched per round trip (default 5,000). */
  readonly batchSize?: number
}

export interface TableRepository<T extends TableName> {
  readonly table: T
  /** Inserts new rows; a key that already exists fails with ConstraintViolation. Returns rows inserted. */
  readonly insert: (rows: ReadonlyArray<RowInput<T>>) => Effect.Effect<number, RowValidationError | DatabaseError>
  /** Inserts or replaces rows by primary key. Returns rows inserted or changed. */
  readonly upsert: (rows: ReadonlyArray<RowInput<T>>) => Effect.Effect<number, RowValidationError | DatabaseError>
  readonly get: (key: string) => Effect.Effect<RowOf[T], NotFound | DatabaseError>
  /** Rows matching `filter`, in stream order (facts by time, others by key), at most `limit` (default 1,000). */
  readonly find: (
    filter?: HistoryFilter,
    options?: { readonly limit?: number }
  ) => Effect.Effect<ReadonlyArray<RowOf[T]>, UnsupportedFilter | DatabaseError>
  readonly count: (filter?: HistoryFilter) => Effect.Effect<number, UnsupportedFilter | DatabaseError>
  /** Every matching row, fetched page by page. */
  readonly stream: (
    filter?: HistoryFilter,
    options?: StreamOptions
  ) => Stream.Stream<RowOf[T], UnsupportedFilter | DatabaseError>
}

// Postgres allows 65,535 bound parameters per statement.
const MAX_PARAMS = 60_000
const CURSOR = "preflight_cursor"

const quote = (name: string) => `"${name}"`

/** Normalizes a database value to the row type (numeric arrives as text from both drivers). */
const fromDatabase = (column: ColumnSpec, value: unknown): unknown => {
  if (value === null || value === undefined) return column.kind === "json" ? {} : null
  switch (column.kind) {
    case "decimal":
    case "integer":
      return typeof value === "number" ? value : Number(value)
    case "timestamp":
      return value instanceof Date ? value : new Date(String(value))
    case "json":
      return typeof value === "string" ? JSON.parse(value) : value
    default:
      return value
  }
}

const toDatabase = (column: ColumnSpec, value: unknown): SqlValue => {
  if (value === undefined || value === null) return column.kind === "json" ? {} : null
  return value as SqlValue
}

export const makeTableRepository = <T extends TableName>(name: T) =>
  Effect.gen(function* () {
    const db = yield* Database
    const table = TABLES[name]
    const schema = ROW_SCHEMAS[name] as unknown as z.ZodType<RowOf[T]>
    const columns = table.columns
    const columnList = columns.map((column) => quote(column.name)).join(", ")
    const fact = isFactTable(name)
    const key = quote(table.primaryKey)
    const orderBy = fact ? `"timestamp", ${key}` : key
    const selectList = fact ? `${columnList}, "timestamp"::text AS ${CURSOR}` : columnList

    const decode = (row: Record<string, unknown>): RowOf[T] => {
      const decoded: Record<string, unknown> = {}
      for (const column of columns) decoded[column.name] = fromDatabase(column, row[column.name])
      return decoded as RowOf[T]
    }

    const validate = (rows: ReadonlyArray<RowInput<T>>) => {
      const valid: Array<RowOf[T]> = []
      const issues: Array<{ index: number; column: string; reason: string }> = []
      rows.forEach((row, index) => {
        const parsed = schema.safeParse(row)
        if (parsed.success) valid.push(parsed.data)
        else {
          for (const issue of parsed.error.issues) {
            const column = issue.code === "unrecognized_keys" ? issue.keys.join(", ") : String(issue.path[0] ?? "(row)")
            issues.push({
              index,
              column,
              reason: issue.code === "unrecognized_keys" ? "unknown column" : issue.message
            })
          }
        }
      })
      return issues.length > 0 ? Effect.fail(new RowValidationError({ table: name, issues })) : Effect.succeed(valid)
    }

    const inferParents = (rows: ReadonlyArray<RowOf[T]>) =>
      Effect.forEach(table.inferredParents, (parent) => {
        const keys = [
          ...new Set(
            rows.map((row) => (row as Record<string, unknown>)[parent.column]).filter((value) => value != null)
          )
        ]
        if (keys.length === 0) return Effect.void
        const keyType = parent.table === "entities" ? "uuid" : "varchar"
        return db.execute(
          `INSERT INTO ${quote(parent.table)} (${quote(parent.key)}, inferred)
           SELECT DISTINCT value::${keyType}, true FROM jsonb_array_elements_text($1::text::jsonb) ON CONFLICT DO NOTHING`,
          [keys as ReadonlyArray<unknown>]
        )
      })

    const write = (rows: ReadonlyArray<RowInput<T>>, mode: "insert" | "upsert") =>
      Effect.gen(function* () {
        const valid = yield* validate(rows)
        if (valid.length === 0) return 0
        const rowsPerStatement = Math.floor(MAX_PARAMS / columns.length)
        const updatable = columns
          .filter((column) => column.name !== table.primaryKey)
          .map((column) => quote(column.name))
        const hasInferred = name === "entities" || name === "segments"
        const assignments = [
          ...updatable.map((column) => `${column} = EXCLUDED.${column}`),
          ...(hasInferred ? ["inferred = false"] : [])
        ]
        // An insert may still fill in an inferred placeholder; any other existing key is a conflict.
        const conflict =
          mode === "upsert"
            ? ` ON CONFLICT (${key}) DO UPDATE SET ${assignments.join(", ")}`
            : hasInferred
              ? ` ON CONFLICT (${key}) DO UPDATE SET ${assignments.join(", ")} WHERE ${quote(name)}.inferred`
              : ""
        return yield* db.transaction(
          Effect.gen(function* () {
            yield* inferParents(valid)
            let written = 0
            for (let start = 0; start < valid.length; start += rowsPerStatement) {
              const slice = valid.slice(start, start + rowsPerStatement)
              const params: Array<SqlValue> = []
              const tuples = slice.map((row) => {
                const placeholders = columns.map((column) => {
                  params.push(toDatabase(column, (row as Record<string, unknown>)[column.name]))
                  // JSON goes over the wire as text and is cast here, so neither driver re-encodes it.
                  return column.kind === "json" ? `$${params.length}::text::jsonb` : `$${params.length}`
                })
                return `(${placeholders.join(", ")})`
              })
              const affected = yield* db.execute(
                `INSERT INTO ${quote(name)} (${columnList}) VALUES ${tuples.join(", ")}${conflict}`,
                params
              )
              if (mode === "insert" && affected < slice.length) {
                return yield* new ConstraintViolation({
                  message: `duplicate key value violates unique constraint "${name}_pkey"`,
                  code: "23505",
                  constraint: `${name}_pkey`,
                  table: name,
                  detail: `${slice.length - affected} of the rows have a ${table.primaryKey} that already exists`
                })
              }
              written += affected
            }
            return written
          })
        )
      })

    const checkFilter = (filter: HistoryFilter) => {
      const unsupported = unsupportedFilters(name, filter)
      return unsupported.length > 0
        ? Effect.fail(new UnsupportedFilter({ table: name, filters: unsupported }))
        : Effect.void
    }

    const page = (filter: HistoryFilter, limit: number, after: ReadonlyArray<SqlValue> | undefined) =>
      Effect.gen(function* () {
        const params: Array<SqlValue> = []
        const compiled = compileFilter(name, filter, params)
        const where = [...compiled.where]
        if (after !== undefined) {
          if (fact) {
            params.push(after[0] ?? null, after[1] ?? null)
            where.push(`("timestamp", ${key}) > ($${params.length - 1}::timestamptz, $${params.length})`)
          } else {
            params.push(after[0] ?? null)
            where.push(`${key} > $${params.length}`)
          }
        }
        params.push(limit)
        const rows = yield* db.query<Record<string, unknown>>(
          `SELECT ${selectList} FROM ${quote(name)}${where.length > 0 ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY ${orderBy} LIMIT $${params.length}`,
          params
        )
        const last = rows[rows.length - 1]
        const cursor: ReadonlyArray<SqlValue> | undefined =
          last === undefined
            ? undefined
            : fact
              ? [String(last[CURSOR]), String(last[table.primaryKey])]
              : [String(last[table.primaryKey])]
        return { rows: rows.map(decode), cursor }
      })

    const repository: TableRepository<T> = {
      table: name,
      insert: (rows) => write(rows, "insert").pipe(Effect.withSpan(`${name}.insert`)),
      upsert: (rows) => write(rows, "upsert").pipe(Effect.withSpan(`${name}.upsert`)),
      get: (id) =>
        db.query<Record<string, unknown>>(`SELECT ${columnList} FROM ${quote(name)} WHERE ${key} = $1`, [id]).pipe(
          Effect.flatMap((rows) => {
            const row = rows[0]
            return row === undefined
              ? Effect.fail(new NotFound({ entity: table.primaryKey.replace(/_id$/, ""), id }))
              : Effect.succeed(decode(row))
          }),
          Effect.withSpan(`${name}.get`)
        ),
      find: (filter = {}, options = {}) =>
        checkFilter(filter).pipe(
          Effect.andThen(page(filter, options.limit ?? 1000, undefined)),
          Effect.map((result) => result.rows),
          Effect.withSpan(`${name}.find`)
        ),
      count: (filter = {}) =>
        Effect.gen(function* () {
          yield* checkFilter(filter)
          const compiled = compileFilter(name, filter)
          const rows = yield* db.query<{ count: number }>(
            `SELECT count(*)::int AS count FROM ${quote(name)}${compiled.where.length > 0 ? ` WHERE ${compiled.where.join(" AND ")}` : ""}`,
            compiled.params
          )
          return Number(rows[0]?.count ?? 0)
        }).pipe(Effect.withSpan(`${name}.count`)),
      stream: (filter = {}, options = {}) => {
        const batchSize = options.batchSize ?? 5000
        return Stream.fromEffect(checkFilter(filter)).pipe(
          Stream.flatMap(() =>
            Stream.paginate(undefined as ReadonlyArray<SqlValue> | undefined, (after) =>
              Effect.map(
                page(filter, batchSize, after),
                (result) =>
                  [
                    result.rows,
                    result.rows.length < batchSize || result.cursor === undefined
                      ? Option.none()
                      : Option.some(result.cursor)
                  ] as const
              )
            )
          )
        )
      }
    }
    return repository
  })
