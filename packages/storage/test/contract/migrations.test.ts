import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { Database, MigrationError, migrate, migrationStatus } from "../../src/index.ts"
import { loadMigrationFiles, MIGRATIONS_DIR } from "../../src/migrations/migrator.ts"
import { backends, nextSchemaName, postgresSchemaLayer, postgresUrl } from "../support/backends.ts"

const copyOfMigrations = () => {
  const directory = mkdtempSync(join(tmpdir(), "preflight-migrations-"))
  cpSync(MIGRATIONS_DIR, directory, { recursive: true })
  return directory
}

for (const backend of backends) {
  describe(`migrations on ${backend.name}`, () => {
    layer(backend.layer("migrations"), { excludeTestServices: true, timeout: "120 seconds" })((it) => {
      it.effect("applies pending files once, in order, and records them", () =>
        Effect.gen(function* () {
          const before = yield* migrationStatus()
          assert.strictEqual(before.applied.length, 0)
          assert.isAbove(before.pending.length, 0)
          // Status is read-only: it did not create the ledger.
          const ledger = yield* (yield* Database).query<{ found: string | null }>(
            "SELECT to_regclass(quote_ident(current_schema()) || '.preflight_migrations')::text AS found"
          )
          assert.isNull(ledger[0]?.found ?? null)
          const applied = yield* migrate()
          assert.deepStrictEqual(
            applied.map((file) => file.id),
            before.pending.map((file) => file.id)
          )
          assert.strictEqual((yield* migrate()).length, 0)
          const after = yield* migrationStatus()
          assert.strictEqual(after.pending.length, 0)
          assert.deepStrictEqual(
            after.applied.map((row) => row.checksum),
            before.pending.map((file) => file.checksum)
          )
          const tables = yield* (yield* Database).query<{ table_name: string }>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
          )
          assert.includeMembers(
            tables.map((row) => row.table_name),
            ["entities", "exposures", "interventions", "outcomes", "segments", "preflight_migrations"]
          )
        })
      )

      it.effect("refuses to run when an applied file was edited", () =>
        Effect.gen(function* () {
          const directory = copyOfMigrations()
          writeFileSync(join(directory, "0001_history_tables.sql"), "-- edited\nSELECT 1;\n")
          const error = yield* Effect.flip(migrate(directory))
          rmSync(directory, { recursive: true })
          assert.instanceOf(error, MigrationError)
          assert.strictEqual(error.reason, "checksum-mismatch")
          assert.match(error.message, /0001_history_tables was changed after it was applied/)
        })
      )

      it.effect("refuses to run code older than the database", () =>
        Effect.gen(function* () {
          const directory = mkdtempSync(join(tmpdir(), "preflight-migrations-"))
          const error = yield* Effect.flip(migrate(directory))
          rmSync(directory, { recursive: true })
          assert.instanceOf(error, MigrationError)
          assert.strictEqual(error.reason, "unknown-applied")
        })
      )

      it.effect("applies a new file after the existing ones and rolls back a failing one", () =>
        Effect.gen(function* () {
          const db = yield* Database
          const directory = copyOfMigrations()
          // The next free number after the package's own migrations (numbers may have gaps: they are reserved
          // per branch, so the count of files is not the highest number).
          const highest = Math.max(...(yield* loadMigrationFiles(directory)).map((file) => file.id))
          const next = `${String(highest + 1).padStart(4, "0")}_broken.sql`
          writeFileSync(join(directory, next), "CREATE TABLE half_done (id int);\nSELECT * FROM missing_table;\n")
          const error = yield* Effect.flip(migrate(directory))
          assert.instanceOf(error, MigrationError)
          assert.strictEqual(error.reason, "failed")
          const leftovers = yield* db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'")
          assert.strictEqual(leftovers.length, 0, "the failed migration's first statement was rolled back")
          writeFileSync(join(directory, next), "CREATE TABLE half_done (id int);\n")
          const applied = yield* migrate(directory)
          rmSync(directory, { recursive: true })
          assert.deepStrictEqual(
            applied.map((file) => file.name),
            ["broken"]
          )
        })
      )
    })
  })
}

if (postgresUrl !== undefined) {
  const url = postgresUrl
  const schema = nextSchemaName("concurrent_migrate")
  describe("migrations from two processes at once (Postgres)", () => {
    layer(postgresSchemaLayer(url, "concurrent_migrate", schema), {
      excludeTestServices: true,
      timeout: "120 seconds"
    })((it) => {
      it.effect("each file is applied exactly once", () =>
        Effect.gen(function* () {
          // A second, independent pool stands in for a second process starting at the same moment.
          const secondProcess = Database.layerPostgres({ url: Redacted.make(url), schema })
          const [first, other] = yield* Effect.all(
            [migrate(), migrate().pipe(Effect.provide(secondProcess, { local: true }))],
            { concurrency: 2 }
          )
          const files = yield* loadMigrationFiles()
          assert.strictEqual(first.length + other.length, files.length)
          assert.deepStrictEqual(
            [...first, ...other].map((file) => file.id).sort((left, right) => left - right),
            files.map((file) => file.id)
          )
          const rows = yield* (yield* Database).query<{ n: number }>(
            "SELECT count(*)::int AS n FROM preflight_migrations"
          )
          assert.strictEqual(rows[0]?.n, files.length)
        })
      )
    })
  })
}
