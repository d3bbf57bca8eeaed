// Written worlds: the same seed gives byte-identical files, another seed different ones; every file the
// manifest names is there with its row count, and the CSVs carry the storage import's columns.
import { readdirSync, readFileSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { generateWorld, TABLE_COLUMNS, WorldWriteError, writeWorld } from "../../src/index.ts"

const writeOne = (seed: number, newPhrasings = false) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const world = yield* generateWorld({ industry: "realestate", seed, size: "demo", newPhrasings })
      const directory = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "preflight-world-")))
      return yield* writeWorld(world, directory)
    })
  )

const [first, again, other] = await Promise.all([writeOne(3), writeOne(3), writeOne(4)])

describe("writeWorld", () => {
  it("writes the same bytes for the same seed, and different bytes for another seed", () => {
    const files = readdirSync(first.directory).sort()
    expect(readdirSync(again.directory).sort()).toEqual(files)
    for (const file of files) {
      expect(readFileSync(join(again.directory, file)).equals(readFileSync(join(first.directory, file))), file).toBe(
        true
      )
    }
    for (const file of ["entities.csv", "exposures.csv", "outcomes.csv", "truth.json", "request_0.json"]) {
      expect(readFileSync(join(other.directory, file)).equals(readFileSync(join(first.directory, file))), file).toBe(
        false
      )
    }
  })

  it("writes the five tables in import order with the storage columns, the requests, truth and manifest", () => {
    expect(first.tables.map((file) => file.table)).toEqual([
      "segments",
      "entities",
      "interventions",
      "exposures",
      "outcomes"
    ])
    const manifest = JSON.parse(readFileSync(first.manifest, "utf8"))
    for (const file of first.tables) {
      const lines = readFileSync(file.path, "utf8").trimEnd().split("\n")
      expect(lines[0]).toBe(TABLE_COLUMNS[file.table].join(","))
      // JSON cells are quoted, so counting lines counts rows (no cell holds a newline).
      expect(lines.length - 1).toBe(file.rows)
      expect(manifest.tables).toContainEqual({ table: file.table, file: `${file.table}.csv`, rows: file.rows })
    }
    expect(first.requests.length).toBe(manifest.requests.length)
    expect(manifest).toMatchObject({ generator: "@preflight/worlds", industry: "realestate", seed: 3, size: "demo" })
    const truth = JSON.parse(readFileSync(first.truth, "utf8"))
    const request = JSON.parse(readFileSync(first.requests[0] ?? "", "utf8"))
    expect(request.intervention.content_variants[0].id).toBe(truth.campaigns[0].variants[0].variant_id)
    const exposures = readFileSync(join(first.directory, "exposures.csv"), "utf8").split("\n")
    expect(exposures[1]).toMatch(
      /^[0-9a-f-]{36},[0-9a-f-]{36},\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,(email|sms|push|call|holdout),/
    )
  })

  it("fails with WorldWriteError naming the path it could not write", async () => {
    const world = await Effect.runPromise(
      generateWorld({ industry: "retail", seed: 1, size: "demo", holdoutCampaigns: 1 })
    )
    const blocked = join(first.directory, "segments.csv", "inside")
    const error = await Effect.runPromise(Effect.flip(writeWorld(world, blocked)))
    expect(error).toBeInstanceOf(WorldWriteError)
    expect(error.path).toBe(blocked)
  })
})
