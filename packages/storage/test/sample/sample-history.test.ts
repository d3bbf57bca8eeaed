import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { seededRandom, writeSampleHistory } from "../../src/index.ts"
import { tempDir } from "../support/files.ts"

describe("sample history", () => {
  it("writes the same bytes for the same seed and different bytes for another", async () => {
    const [a, b, c] = await Promise.all([
      writeSampleHistory({ directory: tempDir("sample-a"), seed: 9, entities: 200 }),
      writeSampleHistory({ directory: tempDir("sample-b"), seed: 9, entities: 200 }),
      writeSampleHistory({ directory: tempDir("sample-c"), seed: 10, entities: 200 })
    ])
    const read = (files: typeof a, table: string) =>
      readFileSync(files.files.find((file) => file.table === table)?.path ?? "", "utf8")
    for (const table of ["segments", "entities", "interventions", "exposures", "outcomes"]) {
      expect(read(a, table)).toBe(read(b, table))
    }
    expect(read(a, "exposures")).not.toBe(read(c, "exposures"))
  })

  it("plants a treatment effect: treated customers buy more than the hold-out", async () => {
    const sample = await writeSampleHistory({ directory: tempDir("sample-effect"), seed: 1, entities: 3000 })
    const outcomes = readFileSync(sample.files.find((file) => file.table === "outcomes")?.path ?? "", "utf8")
    const treated = (outcomes.match(/"holdout"":false/g) ?? []).length
    const holdout = (outcomes.match(/"holdout"":true/g) ?? []).length
    // 80% of targeted customers are treated; with a positive lift their purchases exceed 4x the hold-out's.
    expect(treated / holdout).toBeGreaterThan(4.4)
  })

  it("draws valid version-4 UUIDs deterministically", () => {
    const random = seededRandom(123)
    const ids = Array.from({ length: 1000 }, () => random.uuid())
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(1000)
    expect(seededRandom(123).uuid()).toBe(ids[0])
  })
})
