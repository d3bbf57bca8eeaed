// The backends every contract test runs on: PGlite in memory always, and a Postgres server when
// DATABASE_URL is set (each suite in its own schema). Under CI a missing or unreachable server
// fails the run instead of skipping, so the Postgres half can never silently disappear.
import { Effect, Layer, Redacted } from "effect"
import postgres from "postgres"
import { Database } from "../../src/index.ts"

export interface Backend {
  readonly name: "pglite" | "postgres"
  /** A fresh, empty database for one suite; the schema (Postgres) is dropped when the layer is released. */
  readonly layer: (suite: string) => Layer.Layer<Database, unknown>
}

const databaseUrl = process.env.DATABASE_URL
export const runningInCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"

let schemaCounter = 0

export const nextSchemaName = (suite: string): string => {
  schemaCounter += 1
  return `t_${suite.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${process.pid}_${schemaCounter}`
}

/** A schema of its own for one suite, created before and dropped after the returned Database layer. */
export const postgresSchemaLayer = (
  url: string,
  suite: string,
  schema = nextSchemaName(suite)
): Layer.Layer<Database, unknown> => {
  const admin = Effect.acquireRelease(
    Effect.tryPromise(async () => {
      const sql = postgres(url, { max: 1, onnotice: () => {} })
      await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`).simple()
      return sql
    }),
    (sql) =>
      Effect.promise(async () => {
        await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined)
        await sql.end({ timeout: 5 })
      })
  )
  return Layer.unwrap(
    Effect.map(admin, () => Database.layerPostgres({ url: Redacted.make(url), schema, maxConnections: 4 }))
  )
}

export const backends: ReadonlyArray<Backend> = [
  { name: "pglite", layer: () => Database.layerPglite() },
  ...(databaseUrl === undefined || databaseUrl === ""
    ? []
    : [{ name: "postgres" as const, layer: (suite: string) => postgresSchemaLayer(databaseUrl, suite) }])
]

export const postgresUrl = databaseUrl === "" ? undefined : databaseUrl
