// History import over HTTP (all or nothing, bad rows named), programs (list, promote, roll back) and the
// learning inputs (feedback, outcomes), through the typed client.
import { Problem } from "@preflight/client"
import { Database, ProgramRegistry } from "@preflight/storage"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Harness, makeHarness } from "./support/api-harness.ts"

let api: Harness
beforeAll(async () => {
  api = await makeHarness()
})
afterAll(() => api.dispose())

const segmentCount = () =>
  api.run(
    Effect.gen(function* () {
      const rows = yield* (yield* Database).query<{ n: number }>("SELECT count(*)::int AS n FROM segments")
      return rows[0]?.n ?? -1
    })
  )

describe("POST /api/v1/data/{table}", () => {
  it("imports CSV and JSON Lines, and a repeat changes nothing", async () => {
    const client = api.clientFor(api.keys.write)
    const csv = await client.importData("segments", "segment_id,size\nvip,120\nnew,800\n", "csv")
    expect(csv.ok && csv.data).toMatchObject({ table: "segments", format: "csv", rows_read: 2, rows_written: 2 })
    const jsonl = await client.importData("segments", '{"segment_id":"lapsed","size":50}\n', "jsonl")
    expect(jsonl.ok && jsonl.data).toMatchObject({ format: "jsonl", rows_read: 1, rows_written: 1 })
    const again = await client.importData("segments", "segment_id,size\nvip,120\nnew,800\n", "csv")
    expect(again.ok && again.data).toMatchObject({ rows_read: 2, rows_written: 0, rows_unchanged: 2 })
    expect(await segmentCount()).toBe(3)
  })

  it("refuses a file with a bad row with 422 naming it, and writes nothing", async () => {
    const client = api.clientFor(api.keys.write)
    const before = await segmentCount()
    const result = await client.importData("segments", "segment_id,size\nfresh,10\nbroken,-4\n", "csv")
    expect(result.status).toBe(422)
    if (result.ok) return
    expect(result.problem.type).toBe("/problems/invalid-rows")
    expect(result.problem.rows).toEqual([expect.objectContaining({ row: 2, line: 3, column: "size" })])
    expect(result.problem.detail).not.toContain("/tmp")
    expect(await segmentCount()).toBe(before)
  })

  it("refuses unknown columns, other media types and empty bodies with a 4xx", async () => {
    const client = api.clientFor(api.keys.write)
    const unknownColumn = await client.importData("segments", "segment_id,colour\nx,red\n", "csv")
    expect(unknownColumn.status).toBe(400)
    expect(!unknownColumn.ok && unknownColumn.problem.detail).toContain("colour")
    const xml = await api.send("/api/v1/data/segments", {
      method: "POST",
      headers: { "x-api-key": api.keys.write, "content-type": "application/xml" },
      body: "<segments/>"
    })
    expect(xml.status).toBe(415)
    expect((await client.importData("segments", "", "csv")).status).toBe(400)
  })
})

describe("programs", () => {
  beforeAll(async () => {
    await api.run(
      Effect.gen(function* () {
        const registry = yield* ProgramRegistry
        yield* registry.registerProgram({ programId: "persona-response", name: "Persona response" })
        yield* registry.addVersion({ programId: "persona-response", state: { demos: [] }, status: "active" })
        yield* registry.addVersion({ programId: "persona-response", state: { demos: [1] }, status: "candidate" })
      }).pipe(Effect.provide(ProgramRegistry.layer))
    )
  })

  it("lists programs with their active and candidate versions", async () => {
    const result = await api.clientFor(api.keys.read).listPrograms()
    expect(result.ok && result.data.programs).toEqual([
      expect.objectContaining({
        program_id: "persona-response",
        active: expect.objectContaining({ version: 1, status: "active", traffic_share: 1 }),
        candidate: expect.objectContaining({ version: 2, status: "candidate" })
      })
    ])
  })

  it("promotes the candidate, then rolls back to the version it replaced (admin only)", async () => {
    const admin = api.clientFor(api.keys.admin)
    expect((await api.clientFor(api.keys.write).promoteProgram("persona-response")).status).toBe(403)
    const promoted = await admin.promoteProgram("persona-response")
    expect(promoted.ok && promoted.data.active).toMatchObject({ version: 2, status: "active" })
    const rolledBack = await admin.rollbackProgram("persona-response")
    expect(rolledBack.ok && rolledBack.data).toMatchObject({
      rolled_back: { version: 2, status: "rolled_back" },
      active: { version: 1, status: "active" }
    })
    const missing = await admin.promoteProgram("persona-response")
    expect(missing.status).toBe(404)
    expect((await admin.rollbackProgram("no-such-program")).status).toBe(404)
  })
})

describe("feedback and outcomes", () => {
  it("refuses outcomes with more conversions than recipients or a repeated arm, naming the field", async () => {
    const client = api.clientFor(api.keys.write)
    const result = await client.sendOutcomes({
      campaign_id: "c1",
      results: [
        { variant_id: "a", channel: "email", recipients: 10, conversions: 11 },
        { variant_id: "a", channel: "email", recipients: 10, conversions: 1 }
      ]
    })
    expect(result.status).toBe(400)
    const paths = !result.ok ? (result.problem.errors ?? []).map((issue) => issue.path) : []
    expect(paths).toEqual(expect.arrayContaining(["results.0.conversions", "results.1"]))
  })

  it("records outcomes per arm, replacing an arm reported again", async () => {
    const client = api.clientFor(api.keys.write)
    const first = await client.sendOutcomes({
      campaign_id: "c2",
      sent_at: "2026-11-01T09:00:00Z",
      results: [
        { variant_id: "a", channel: "email", recipients: 100, conversions: 4, revenue: 180 },
        { variant_id: "b", channel: "email", recipients: 100, conversions: 6 }
      ]
    })
    expect(first.ok && first.data).toEqual({ campaign_id: "c2", arms_recorded: 2 })
    await client.sendOutcomes({
      campaign_id: "c2",
      results: [{ variant_id: "a", channel: "email", recipients: 100, conversions: 5 }]
    })
    const rows = await api.run(
      Effect.gen(function* () {
        return yield* (yield* Database).query<{ variant_id: string; conversions: number }>(
          "SELECT variant_id, conversions FROM campaign_results WHERE campaign_id = 'c2' ORDER BY variant_id"
        )
      })
    )
    expect(rows).toEqual([
      { variant_id: "a", conversions: 5 },
      { variant_id: "b", conversions: 6 }
    ])
  })

  it("refuses feedback with an out-of-range rating or unknown fields", async () => {
    const client = api.clientFor(api.keys.write)
    const result = await api.send("/api/v1/feedback", {
      method: "POST",
      headers: { "x-api-key": api.keys.write, "content-type": "application/json" },
      body: JSON.stringify({ simulation_id: "s", rating: 9, mood: "great" })
    })
    expect(result.status).toBe(400)
    const problem = Problem.parse(await result.json())
    expect((problem.errors ?? []).map((issue) => issue.path)).toEqual(expect.arrayContaining(["rating"]))
    expect((await client.sendFeedback({ simulation_id: "s", rating: 0 })).status).toBe(400)
    // Exactly one of a rating and a thumb.
    expect((await client.sendFeedback({ simulation_id: "s" })).status).toBe(400)
    expect((await client.sendFeedback({ simulation_id: "s", rating: 3, thumbs: "up" })).status).toBe(400)
  })
})
