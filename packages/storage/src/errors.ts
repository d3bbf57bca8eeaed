// Typed failures of the storage layer. Each carries what a caller needs to act on it; `retryable`
// marks the transient ones (connection loss, serialization conflicts) that retry schedules re-run.
import { Data } from "effect"

// SQLSTATEs with which a server that was reached refuses a connection (Postgres docs, Appendix A): bad
// credentials (class 28), an unknown database (3D000) or schema (3F000), no permission (42501). Trying again
// cannot help, so these are not retried.
const REFUSAL_CODES: ReadonlySet<string> = new Set(["28000", "28P01", "3D000", "3F000", "42501"])

/**
 * The database could not be reached, or the connection dropped mid-query (retryable), or the server refused
 * the connection (bad credentials, unknown database: `code` says which, not retryable).
 */
export class DatabaseConnectionError extends Data.TaggedError("DatabaseConnectionError")<{
  readonly message: string
  readonly code: string | undefined
  readonly cause: unknown
}> {
  get retryable(): boolean {
    return this.code === undefined || !REFUSAL_CODES.has(this.code)
  }
}

/**
 * The embedded data directory is held by another process (PGlite allows one per directory). Not
 * retried: the other process may run for hours (an API server); the message says what to do.
 */
export class DatabaseInUse extends Data.TaggedError("DatabaseInUse")<{
  readonly message: string
  readonly dataDir: string
  readonly holderPid: number | undefined
}> {
  readonly retryable = false
}

/** A key, foreign key, not-null or check constraint rejected the write. */
export class ConstraintViolation extends Data.TaggedError("ConstraintViolation")<{
  readonly message: string
  readonly code: string
  readonly constraint: string | undefined
  readonly table: string | undefined
  readonly detail: string | undefined
}> {
  readonly retryable = false
}

/** A serializable transaction lost a conflict or a deadlock was broken; re-running it is safe. */
export class SerializationFailure extends Data.TaggedError("SerializationFailure")<{
  readonly message: string
  readonly code: string
}> {
  readonly retryable = true
}

/** Any other error the server reported for a statement (syntax, types, permissions...). */
export class QueryError extends Data.TaggedError("QueryError")<{
  readonly message: string
  readonly code: string | undefined
  readonly query: string
}> {
  readonly retryable = false
}

export type DatabaseError = DatabaseConnectionError | ConstraintViolation | SerializationFailure | QueryError

/** A row looked up by key does not exist. */
export class NotFound extends Data.TaggedError("NotFound")<{
  readonly entity: string
  readonly id: string
  readonly message: string
}> {
  constructor(args: { readonly entity: string; readonly id: string }) {
    super({ ...args, message: `${args.entity} ${args.id} not found` })
  }
}

/** A migration file was edited after it was applied, or the database has migrations this code does not know. */
export class MigrationError extends Data.TaggedError("MigrationError")<{
  readonly message: string
  readonly migration: string
  readonly reason: "checksum-mismatch" | "unknown-applied" | "invalid-file" | "failed"
}> {}

/** One invalid value in an imported file. `row` is the 1-based data row (the header is not counted). */
export interface RowIssue {
  readonly row: number
  readonly line: number
  readonly column: string
  readonly reason: string
}

/** An import was refused: nothing was written. `issues` holds the first `MAX_REPORTED_ISSUES`. */
export class ImportValidationError extends Data.TaggedError("ImportValidationError")<{
  readonly table: string
  readonly file: string
  readonly totalIssues: number
  readonly rowsRead: number
  readonly issues: ReadonlyArray<RowIssue>
  readonly message: string
}> {
  constructor(args: {
    readonly table: string
    readonly file: string
    readonly totalIssues: number
    readonly rowsRead: number
    readonly issues: ReadonlyArray<RowIssue>
  }) {
    const first = args.issues[0]
    const where =
      first === undefined
        ? ""
        : ` First: row ${first.row.toLocaleString("en-US")} (line ${first.line.toLocaleString("en-US")}), column ${first.column}: ${first.reason}.`
    const count = `${args.totalIssues.toLocaleString("en-US")} invalid value${args.totalIssues === 1 ? "" : "s"}`
    const message = `${count} in ${args.file}; nothing was imported into ${args.table}.${where}`
    super({ ...args, message })
  }
}

/** The file itself cannot be imported: unknown format, unreadable, or a header that does not fit the table. */
export class ImportFormatError extends Data.TaggedError("ImportFormatError")<{
  readonly message: string
  readonly file: string
}> {}

/** A table name that is not one of the history tables. */
export class UnknownTable extends Data.TaggedError("UnknownTable")<{
  readonly table: string
  readonly known: ReadonlyArray<string>
  readonly message: string
}> {
  constructor(args: { readonly table: string; readonly known: ReadonlyArray<string> }) {
    super({ ...args, message: `unknown table "${args.table}"; expected one of ${args.known.join(", ")}` })
  }
}

/** Rows handed to a repository did not match the table's zod schema; nothing was written. */
export class RowValidationError extends Data.TaggedError("RowValidationError")<{
  readonly table: string
  readonly issues: ReadonlyArray<{ readonly index: number; readonly column: string; readonly reason: string }>
  readonly message: string
}> {
  constructor(args: {
    readonly table: string
    readonly issues: ReadonlyArray<{ readonly index: number; readonly column: string; readonly reason: string }>
  }) {
    const first = args.issues[0]
    const where = first === undefined ? "" : `: row ${first.index}, column ${first.column}: ${first.reason}`
    super({ ...args, message: `${args.issues.length} invalid value(s) for ${args.table}${where}` })
  }
}

/** A filter that does not apply to the table it was used on (e.g. `channel` on outcomes). */
export class UnsupportedFilter extends Data.TaggedError("UnsupportedFilter")<{
  readonly table: string
  readonly filters: ReadonlyArray<string>
  readonly message: string
}> {
  constructor(args: { readonly table: string; readonly filters: ReadonlyArray<string> }) {
    super({ ...args, message: `filter(s) ${args.filters.join(", ")} do not apply to ${args.table}` })
  }
}

/** Writing an export to its destination failed (disk full, closed pipe). */
export class ExportWriteError extends Data.TaggedError("ExportWriteError")<{
  readonly message: string
  readonly cause: unknown
}> {}
