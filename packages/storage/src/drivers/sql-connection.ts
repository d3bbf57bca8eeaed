// The Promise-level contract both backends (PGlite, postgres.js) implement. The Effect service in
// `database.ts` is written once on top of it, so the two backends cannot drift apart.
import type { PGlite } from "@electric-sql/pglite"

/** A value bound to a `$n` placeholder. Objects are sent as JSON (for jsonb columns). */
export type SqlValue =
  | string
  | number
  | boolean
  | null
  | Date
  | bigint
  | ReadonlyArray<unknown>
  | { readonly [key: string]: unknown }

export interface QueryResult<Row> {
  readonly rows: ReadonlyArray<Row>
  /** Rows inserted, updated, deleted or returned by the statement. */
  readonly rowCount: number
}

/** One connection (or one open transaction) that statements run on, in order. */
export interface SqlConnection {
  query<Row>(text: string, params: ReadonlyArray<SqlValue>): Promise<QueryResult<Row>>
  /** Runs a script of several statements without parameters (migrations). */
  executeScript(script: string): Promise<void>
  /**
   * `COPY table (columns) FROM STDIN` in CSV format, fed by `chunks` (each a run of whole CSV lines).
   * Callers count the rows they send; the drivers cannot report a count for a streamed COPY.
   */
  copyFromCsv(table: string, columns: ReadonlyArray<string>, chunks: AsyncIterable<string>): Promise<void>
  /**
   * Runs `work` inside a savepoint of the current transaction: released when it resolves, rolled
   * back to when it rejects (the transaction itself stays usable). Only valid inside a transaction.
   */
  savepoint<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T>
}

/** A backend: a connection for single statements plus a way to run a callback in one transaction. */
export interface SqlDriver extends SqlConnection {
  readonly backend: "pglite" | "postgres"
  /** Human-readable location with secrets removed (data dir, or URL without password). */
  readonly location: string
  /** The PGlite instance itself (embedded backend only), for libraries that bring their own SQL (pg-boss). */
  readonly embeddedPglite?: PGlite
  /** Runs `work` inside BEGIN ... COMMIT on one connection; a rejection rolls back. */
  transaction<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** Postgres reports errors with a SQLSTATE `code`; both drivers surface it on the thrown object. */
export interface DriverErrorFields {
  readonly code: string | undefined
  readonly message: string
  readonly constraint: string | undefined
  readonly table: string | undefined
  readonly detail: string | undefined
}

const stringField = (value: unknown, key: string): string | undefined => {
  if (typeof value !== "object" || value === null || !(key in value)) return undefined
  const field = (value as Record<string, unknown>)[key]
  return typeof field === "string" ? field : undefined
}

/** Reads the fields both drivers put on their errors (postgres.js uses `constraint_name`, PGlite `constraint`). */
export const driverErrorFields = (cause: unknown): DriverErrorFields => ({
  code: stringField(cause, "code"),
  message: cause instanceof Error ? cause.message : String(cause),
  constraint: stringField(cause, "constraint_name") ?? stringField(cause, "constraint"),
  table: stringField(cause, "table_name") ?? stringField(cause, "table"),
  detail: stringField(cause, "detail")
})
