// End to end: a written world imports through storage's importFile (what `preflight import` runs) into an
// in-memory PGlite with zero errors, every row written and no placeholder rows inferred.
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Database, importFile, migrate, tableCounts } from "@preflight/storage"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { generateWorld, writeWorld } from "../../src/index.ts"

describe("a written world imports", () => {
  it("through storage's import, all five tables, with zero errors and nothing inferred", async () => {
    const summary = await Effect.runPromise(
      Effect.gen(function* () {
        const world = yield* generateWorld({ industry: "healthcare", seed: 9, size: "demo" })
        const directory = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "preflight-world-import-")))
        const written = yield* writeWorld(world, directory)
        yield* migrate()
        const imports = []
        for (const file of written.tables) imports.push(yield* importFile({ table: file.table, file: file.path }))
        return { written, imports, counts: yield* tableCounts }
      }).pipe(Effect.provide(Database.layerPglite()))
    )
    for (const [index, file] of summary.written.tables.entries()) {
      expect(summary.imports[index]?.rowsRead, file.table).toBe(file.rows)
      expect(summary.imports[index]?.rowsWritten, file.table).toBe(file.rows)
      expect(summary.counts.rows[file.table], file.table).toBe(file.rows)
    }
    expect(summary.counts.inferred).toEqual({ entities: 0, segments: 0 })
  }, 300_000)
})
