// `pnpm bench storage-import [-- --rows N]`: rows/s of `preflight import` for N (default 1,000,000)
// exposure rows on PGlite and on Postgres, and in the same run the rows/s of `psql \copy` of the
// same CSV into the same table on the same server: the practical limit. Goal: Postgres import
// ≥ 0.5 × \copy, for both import paths: a first load into an empty table (COPY straight in) and a
// load into a table that already has rows (staged, then upserted by key). Uses DATABASE_URL when
// set, otherwise starts a throwaway server with tooling/scripts/test-postgres.sh.
import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { reportBench, timeSeconds } from "@preflight/bench-harness"
import { Effect, type Layer, Redacted } from "effect"
import { Database, importFile, migrate } from "../src/index.ts"
import { writeSyntheticExposures } from "../test/support/synthetic-exposures.ts"

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : Number(process.argv[index + 1])
}
const rows = argument("rows", 1_000_000)
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url))
const workDir = mkdtempSync(join(tmpdir(), "preflight-bench-import-"))
const exposuresFile = join(workDir, "exposures.csv")
const entitiesFile = join(workDir, "entities.csv")

console.log(`writing ${rows.toLocaleString("en-US")} exposure rows to ${exposuresFile}`)
const entityIds = await writeSyntheticExposures({ file: exposuresFile, rows })
writeFileSync(entitiesFile, `entity_id\n${entityIds.join("\n")}\n`)

// A server for the run: the caller's, or a throwaway one stopped at exit.
let serverDir: string | undefined
let databaseUrl = process.env.DATABASE_URL
if (databaseUrl === undefined || databaseUrl === "") {
  const exports = execFileSync("bash", [join(repoRoot, "tooling/scripts/test-postgres.sh"), "start"], {
    encoding: "utf8"
  })
  databaseUrl = /DATABASE_URL=(\S+)/.exec(exports)?.[1]
  serverDir = /PREFLIGHT_PG_DIR=(\S+)/.exec(exports)?.[1]
}
const url = databaseUrl ?? ""
const schema = `bench_import_${process.pid}`
const psql = (sql: string) =>
  spawnSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], {
    encoding: "utf8",
    env: { ...process.env, PGOPTIONS: `-c search_path=${schema}` }
  })

const prepare = (layer: Layer.Layer<Database, unknown>) =>
  Effect.runPromise(
    Effect.gen(function* () {
      yield* migrate()
      yield* importFile({ table: "entities", file: entitiesFile })
    }).pipe(Effect.provide(layer))
  )

const timedImport = async (layer: Layer.Layer<Database, unknown>, file: string) => {
  const { value: summary, seconds } = await timeSeconds(() =>
    Effect.runPromise(importFile({ table: "exposures", file }).pipe(Effect.provide(layer)))
  )
  return { summary, seconds }
}

// One exposure of a customer outside the file, so that the table is not empty for the merge path.
const seedRowFile = join(workDir, "one-exposure.csv")
writeFileSync(
  seedRowFile,
  `exposure_id,entity_id,timestamp,channel\nffffffff-ffff-4fff-8fff-ffffffffffff,${entityIds[0]},2020-01-01T00:00:00Z,email\n`
)

const figures: Record<string, number | string> = { rows }
try {
  // Postgres: our import, then \copy of the same file into the same (emptied) table.
  const created = psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`)
  if (created.status !== 0) throw new Error(`cannot prepare the Postgres schema: ${created.stderr}`)
  const postgresLayer = Database.layerPostgres({ url: Redacted.make(url), schema })
  await prepare(postgresLayer)
  const firstLoad = await timedImport(postgresLayer, exposuresFile)
  if (firstLoad.summary.rowsWritten !== rows)
    throw new Error(`expected ${rows} rows written, got ${firstLoad.summary.rowsWritten}`)
  figures.postgres_import_s = firstLoad.seconds
  figures.postgres_import_rows_per_s = rows / firstLoad.seconds

  const truncated = psql("TRUNCATE exposures")
  if (truncated.status !== 0) throw new Error(truncated.stderr)
  const copy = await timeSeconds(() =>
    psql(
      `\\copy exposures (exposure_id, entity_id, "timestamp", channel, intervention_id, content, cost, frequency_cumulative) FROM '${exposuresFile}' WITH (FORMAT csv, HEADER true)`
    )
  )
  if (copy.value.status !== 0) throw new Error(`psql \\copy failed: ${copy.value.stderr}`)
  figures.psql_copy_s = copy.seconds
  figures.psql_copy_rows_per_s = rows / copy.seconds
  figures.postgres_import_vs_copy_ratio = figures.postgres_import_rows_per_s / figures.psql_copy_rows_per_s

  psql("TRUNCATE exposures")
  await timedImport(postgresLayer, seedRowFile)
  const merge = await timedImport(postgresLayer, exposuresFile)
  if (merge.summary.rowsWritten !== rows)
    throw new Error(`expected ${rows} rows merged, got ${merge.summary.rowsWritten}`)
  figures.postgres_merge_s = merge.seconds
  figures.postgres_merge_rows_per_s = rows / merge.seconds
  figures.postgres_merge_vs_copy_ratio = figures.postgres_merge_rows_per_s / figures.psql_copy_rows_per_s
  const reimport = await timedImport(postgresLayer, exposuresFile)
  figures.postgres_reimport_unchanged_s = reimport.seconds
  psql(`DROP SCHEMA ${schema} CASCADE`)

  // PGlite (embedded default) in a data directory on disk.
  const pgliteLayer = Database.layerPglite({ dataDir: join(workDir, "pglite") })
  await prepare(pgliteLayer)
  const pglite = await timedImport(pgliteLayer, exposuresFile)
  figures.pglite_import_s = pglite.seconds
  figures.pglite_import_rows_per_s = rows / pglite.seconds
} finally {
  if (serverDir !== undefined)
    spawnSync("bash", [join(repoRoot, "tooling/scripts/test-postgres.sh"), "stop", serverDir])
  rmSync(workDir, { recursive: true, force: true })
}

reportBench({
  id: "storage-import",
  figures,
  goals: [
    { figure: "postgres_import_vs_copy_ratio", target: 0.5, better: "higher" },
    { figure: "postgres_merge_vs_copy_ratio", target: 0.5, better: "higher" }
  ],
  notes: [
    "import: every row parsed and zod-validated, all in one transaction; a first load COPYs straight into the empty table",
    "merge: the table already has rows, so the file is COPYed into a temp staging table, checked for duplicate keys, missing entities inferred, then upserted",
    "psql \\copy writes straight into the table with no validation: the practical limit on the same server, same file, same indexes and foreign key"
  ]
})
