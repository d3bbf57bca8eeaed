// Forward-only SQL migrations. Files `NNNN_name.sql` run in order, each in its own transaction,
// and are recorded with a SHA-256 checksum. Every step first takes a transaction-scoped advisory
// lock and re-reads what is applied, so two processes starting at once apply each file exactly once.
import { createHash } from "node:crypto"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"
import { Database } from "../database.ts"
import { MigrationError } from "../errors.ts"

export interface MigrationFile {
  readonly id: number
  readonly name: string
  readonly sql: string
  readonly checksum: string
}

export interface AppliedMigration {
  readonly id: number
  readonly name: string
  readonly checksum: string
  readonly appliedAt: Date
}

export interface MigrationStatus {
  readonly applied: ReadonlyArray<AppliedMigration>
  readonly pending: ReadonlyArray<MigrationFile>
}

/** The folder of this package's migrations. */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations", import.meta.url))

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/

/** Line endings are normalized first so a checkout with CRLF does not look like an edited file. */
export const checksumOf = (sql: string): string => createHash("sha256").update(sql.replace(/\r\n/g, "\n")).digest("hex")

/** Reads and orders the migration files of `directory`; a misnamed file or a duplicate number is an error. */
export const loadMigrationFiles = (
  directory: string = MIGRATIONS_DIR
): Effect.Effect<ReadonlyArray<MigrationFile>, MigrationError> =>
  Effect.try({
    try: () =>
      readdirSync(directory)
        .filter((file) => file.endsWith(".sql"))
        .sort(),
    catch: (cause) =>
      new MigrationError({
        message: `cannot read ${directory}: ${String(cause)}`,
        migration: directory,
        reason: "invalid-file"
      })
  }).pipe(
    Effect.flatMap((files) =>
      Effect.forEach(files, (file) => {
        const match = FILE_PATTERN.exec(file)
        if (match === null || match[1] === undefined || match[2] === undefined) {
          return Effect.fail(
            new MigrationError({
              message: `migration file ${file} must be named NNNN_lowercase_name.sql`,
              migration: file,
              reason: "invalid-file"
            })
          )
        }
        const sql = readFileSync(join(directory, file), "utf8")
        return Effect.succeed({ id: Number(match[1]), name: match[2], sql, checksum: checksumOf(sql) })
      })
    ),
    Effect.flatMap((migrations) => {
      const seen = new Set<number>()
      for (const migration of migrations) {
        if (seen.has(migration.id)) {
          return Effect.fail(
            new MigrationError({
              message: `two migration files share the number ${migration.id}`,
              migration: migration.name,
              reason: "invalid-file"
            })
          )
        }
        seen.add(migration.id)
      }
      return Effect.succeed(migrations)
    })
  )

/** The file name a migration is known by, e.g. `0001_history_tables`. */
const labelOf = (migration: { readonly id: number; readonly name: string }) =>
  `${String(migration.id).padStart(4, "0")}_${migration.name}`

const LEDGER_DDL = `CREATE TABLE IF NOT EXISTS preflight_migrations (
  id integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`

// Scoped to the current schema so test suites in separate schemas do not wait on each other.
const LOCK = "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':preflight_migrations'))"

interface LedgerRow {
  readonly id: number
  readonly name: string
  readonly checksum: string
  readonly applied_at: Date | string
}

const readLedger = Effect.gen(function* () {
  const db = yield* Database
  const rows = yield* db.query<LedgerRow>("SELECT id, name, checksum, applied_at FROM preflight_migrations ORDER BY id")
  return rows.map(
    (row): AppliedMigration => ({
      id: Number(row.id),
      name: row.name,
      checksum: row.checksum,
      appliedAt: new Date(row.applied_at)
    })
  )
})

const verifyAgainstFiles = (applied: ReadonlyArray<AppliedMigration>, files: ReadonlyArray<MigrationFile>) => {
  const byId = new Map(files.map((file) => [file.id, file]))
  for (const row of applied) {
    const file = byId.get(row.id)
    if (file === undefined) {
      return Effect.fail(
        new MigrationError({
          message: `the database has migration ${labelOf(row)} applied, but no such file exists; this code is older than the database`,
          migration: `${labelOf(row)}`,
          reason: "unknown-applied"
        })
      )
    }
    if (file.checksum !== row.checksum) {
      return Effect.fail(
        new MigrationError({
          message: `migration ${labelOf(row)} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk); add a new migration instead of editing an applied one`,
          migration: `${labelOf(row)}`,
          reason: "checksum-mismatch"
        })
      )
    }
  }
  return Effect.void
}

/** Applied and pending migrations, after checking that no applied file was edited. */
export const migrationStatus = (directory: string = MIGRATIONS_DIR) =>
  Effect.gen(function* () {
    const db = yield* Database
    const files = yield* loadMigrationFiles(directory)
    // Read-only: a status check must work on a replica or with a read-only role, so the ledger is only
    // looked for (a database that was never migrated has no ledger and everything is pending).
    const ledger = yield* db.query<{ found: string | null }>(
      "SELECT to_regclass(quote_ident(current_schema()) || '.preflight_migrations')::text AS found"
    )
    const applied = ledger[0]?.found == null ? [] : yield* readLedger
    yield* verifyAgainstFiles(applied, files)
    const appliedIds = new Set(applied.map((row) => row.id))
    return { applied, pending: files.filter((file) => !appliedIds.has(file.id)) } satisfies MigrationStatus
  }).pipe(Effect.withSpan("migrations.status"))

/**
 * Applies every pending migration in order and returns the ones this call applied. Refuses to run
 * (MigrationError) when an applied file was edited or the database knows a migration this code lacks.
 */
export const migrate = (directory: string = MIGRATIONS_DIR) =>
  Effect.gen(function* () {
    const db = yield* Database
    const files = yield* loadMigrationFiles(directory)
    const appliedNow: Array<MigrationFile> = []
    yield* db.transaction(
      Effect.gen(function* () {
        yield* db.execute(LOCK)
        yield* db.executeScript(LEDGER_DDL)
        yield* verifyAgainstFiles(yield* readLedger, files)
      })
    )
    for (const file of files) {
      const didApply = yield* db.transaction(
        Effect.gen(function* () {
          yield* db.execute(LOCK)
          // Re-read under the lock: another process may have applied this file meanwhile.
          const applied = yield* readLedger
          yield* verifyAgainstFiles(applied, files)
          if (applied.some((row) => row.id === file.id)) return false
          yield* db.executeScript(file.sql).pipe(
            Effect.mapError(
              (error) =>
                new MigrationError({
                  message: `migration ${labelOf(file)} failed: ${error.message}`,
                  migration: `${labelOf(file)}`,
                  reason: "failed"
                })
            )
          )
          yield* db.execute("INSERT INTO preflight_migrations (id, name, checksum) VALUES ($1, $2, $3)", [
            file.id,
            file.name,
            file.checksum
          ])
          return true
        })
      )
      if (didApply) appliedNow.push(file)
    }
    return appliedNow as ReadonlyArray<MigrationFile>
  }).pipe(Effect.withSpan("migrations.migrate"))
