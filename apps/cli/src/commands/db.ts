// `preflight db migrate` and `preflight db status`.

import { Database, migrate, migrationStatus, TABLE_NAMES, tableCounts } from "@preflight/storage"
import { Effect } from "effect"
import { Command } from "effect/cli"
import { databaseLayer } from "../config.ts"
import { formatCount, printResult, reported } from "../output.ts"
import { root } from "./root.ts"

const label = (migration: { readonly id: number; readonly name: string }) =>
  `${String(migration.id).padStart(4, "0")}_${migration.name}`

export const migrateCommand = Command.make("migrate", {}, () =>
  Effect.gen(function* () {
    const { dataDir, json } = yield* root
    const body = Effect.gen(function* () {
      const db = yield* Database
      const applied = yield* migrate()
      yield* printResult(json, { backend: db.backend, location: db.location, applied: applied.map(label) }, [
        applied.length === 0
          ? `Database (${db.backend} at ${db.location}) is up to date.`
          : `Applied ${applied.length} migration(s) to ${db.backend} at ${db.location}: ${applied.map(label).join(", ")}.`
      ])
    }).pipe(Effect.provide(databaseLayer(dataDir)))
    yield* reported(json, body)
  })
).pipe(Command.withDescription("Apply pending schema migrations (safe to run from several processes at once)"))

export const statusCommand = Command.make("status", {}, () =>
  Effect.gen(function* () {
    const { dataDir, json } = yield* root
    const body = Effect.gen(function* () {
      const db = yield* Database
      const status = yield* migrationStatus()
      const counts = status.pending.length === 0 ? yield* tableCounts : undefined
      const result = {
        backend: db.backend,
        location: db.location,
        migrations: {
          applied: status.applied.map((row) => ({ name: label(row), appliedAt: row.appliedAt.toISOString() })),
          pending: status.pending.map(label)
        },
        ...(counts === undefined ? {} : { rows: counts.rows, inferred: counts.inferred })
      }
      const human = [
        `database: ${db.backend} at ${db.location}`,
        `migrations: ${status.applied.length} applied, ${status.pending.length} pending${status.pending.length > 0 ? ` (run \`preflight db migrate\`: ${status.pending.map(label).join(", ")})` : ""}`,
        ...(counts === undefined
          ? []
          : [
              `rows: ${TABLE_NAMES.map((table) => `${table} ${formatCount(counts.rows[table])}`).join(", ")}`,
              ...(counts.inferred.entities + counts.inferred.segments > 0
                ? [
                    `inferred placeholders (referenced before being imported): ${formatCount(counts.inferred.entities)} entities, ${formatCount(counts.inferred.segments)} segments`
                  ]
                : [])
            ])
      ]
      yield* printResult(json, result, human)
    }).pipe(Effect.provide(databaseLayer(dataDir)))
    yield* reported(json, body)
  })
).pipe(Command.withDescription("Show the database, its migrations and the row count of each history table"))

export const dbCommand = Command.make("db").pipe(
  Command.withDescription("Database schema commands"),
  Command.withSubcommands([migrateCommand, statusCommand])
)
