// `Database.layerFromConfig` picks the backend from configuration: Postgres when DATABASE_URL is
// set, PGlite in PREFLIGHT_DATA_DIR (default .preflight/db) otherwise, and an explicit data
// directory (the CLI's --data-dir) wins over both.
import { existsSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer } from "effect"
import { LOCK_FILE } from "../../src/drivers/data-dir-lock.ts"
import { Database } from "../../src/index.ts"
import { postgresUrl } from "../support/backends.ts"

const backendWith = (env: Record<string, string>, overrides: { readonly dataDir?: string } = {}) =>
  Effect.gen(function* () {
    const db = yield* Database
    const rows = yield* db.query<{ one: number }>("SELECT 1 AS one")
    return { backend: db.backend, location: db.location, one: rows[0]?.one }
  }).pipe(
    Effect.provide(
      Database.layerFromConfig(overrides).pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown(env))))
    )
  )

describe("Database.layerFromConfig", () => {
  it.live("opens PGlite in PREFLIGHT_DATA_DIR and releases its lock when the layer closes", () =>
    Effect.gen(function* () {
      const dataDir = join(mkdtempSync(join(tmpdir(), "preflight-config-")), "db")
      const opened = yield* backendWith({ PREFLIGHT_DATA_DIR: dataDir })
      expect(opened).toEqual({ backend: "pglite", location: dataDir, one: 1 })
      expect(existsSync(join(dataDir, "PG_VERSION"))).toBe(true)
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false)
    })
  )

  it.live("an explicit data directory wins over DATABASE_URL", () =>
    Effect.gen(function* () {
      const dataDir = join(mkdtempSync(join(tmpdir(), "preflight-config-")), "db")
      const opened = yield* backendWith({ DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" }, { dataDir })
      expect(opened.backend).toBe("pglite")
      expect(opened.location).toBe(dataDir)
    })
  )

  it.live.runIf(postgresUrl !== undefined)(
    "opens Postgres when DATABASE_URL is set, without the secret in its location",
    () =>
      Effect.gen(function* () {
        const opened = yield* backendWith({ DATABASE_URL: postgresUrl ?? "" })
        expect(opened.backend).toBe("postgres")
        expect(opened.one).toBe(1)
      })
  )
})
