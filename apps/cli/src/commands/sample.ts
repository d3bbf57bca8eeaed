// `preflight sample`: write the seeded synthetic history as CSV files, and `preflight quickstart`:
// the main job on a new machine (migrate, write the sample, import it, show the status).

import { Database, importFile, migrate, TABLE_NAMES, tableCounts, writeSampleHistory } from "@preflight/storage"
import { Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { databaseLayer, sampleDirectory } from "../config.ts"
import { formatCount, printResult, reported } from "../output.ts"
import { root } from "./root.ts"

const entitiesFlag = Flag.Int("entities").pipe(
  Flag.withDescription("Number of synthetic customers (the other tables scale with it)"),
  Flag.withDefault(2000)
)
const seedFlag = Flag.Int("seed").pipe(
  Flag.withDescription("Seed of the generator: same seed, same files"),
  Flag.withDefault(42)
)

const writeSample = (directory: string, seed: number, entities: number) =>
  Effect.tryPromise({
    try: () => writeSampleHistory({ directory, seed, entities }),
    catch: (cause) => new Error(`cannot write the sample files to ${directory}: ${String(cause)}`)
  })

export const sampleCommand = Command.make(
  "sample",
  {
    out: Flag.String("out").pipe(
      Flag.withDescription("Directory for the CSV files (default: beside the database)"),
      Flag.optional
    ),
    entities: entitiesFlag,
    seed: seedFlag
  },
  ({ out, entities, seed }) =>
    Effect.gen(function* () {
      const { dataDir, json } = yield* root
      const body = Effect.gen(function* () {
        const directory = Option.isSome(out) ? out.value : yield* sampleDirectory(dataDir)
        const sample = yield* writeSample(directory, seed, entities)
        yield* printResult(json, { directory, files: sample.files }, [
          `Wrote a synthetic history (seed ${seed}) to ${directory}:`,
          ...sample.files.map((file) => `  ${file.path}  ${formatCount(file.rows)} rows`)
        ])
      })
      yield* reported(json, body)
    })
).pipe(
  Command.withDescription(
    "Write a seeded synthetic marketing history (five CSV files) to try Preflight without your data"
  )
)

export const quickstartCommand = Command.make(
  "quickstart",
  { entities: entitiesFlag, seed: seedFlag },
  ({ entities, seed }) =>
    Effect.gen(function* () {
      const { dataDir, json } = yield* root
      const body = Effect.gen(function* () {
        const db = yield* Database
        const applied = yield* migrate()
        const directory = yield* sampleDirectory(dataDir)
        const sample = yield* writeSample(directory, seed, entities)
        const imports = []
        for (const file of sample.files) imports.push(yield* importFile({ table: file.table, file: file.path }))
        const counts = yield* tableCounts
        yield* printResult(
          json,
          { backend: db.backend, location: db.location, migrationsApplied: applied.length, imports, rows: counts.rows },
          [
            `Database: ${db.backend} at ${db.location} (${applied.length} migration(s) applied now).`,
            `Sample history (seed ${seed}) written to ${directory} and imported:`,
            ...imports.map(
              (summary) =>
                `  ${summary.table.padEnd(13)} ${formatCount(summary.rowsRead).padStart(7)} rows read, ${formatCount(summary.rowsWritten).padStart(7)} written (${summary.seconds.toFixed(1)} s)`
            ),
            `Rows now: ${TABLE_NAMES.map((table) => `${table} ${formatCount(counts.rows[table])}`).join(", ")}.`,
            "Next: `npm run preflight -- db status`, `npm run preflight -- export outcomes --out outcomes.csv`, or your own files with `npm run preflight -- import <table> <file>` (`pnpm preflight …` does the same)."
          ]
        )
      }).pipe(Effect.provide(databaseLayer(dataDir)))
      yield* reported(json, body)
    })
).pipe(
  Command.withDescription(
    "Set up the embedded database and load the sample history (the main job until the simulator lands)"
  )
)
