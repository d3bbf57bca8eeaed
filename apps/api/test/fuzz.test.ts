// Property-based fuzzing of the routes that need no fitted models: 2,000 generated requests per route, valid
// and invalid, and none may be answered with a 5xx. Every 4xx must be a problem document; every success must
// match the route's documented schema. (The simulating routes are fuzzed against a fitted world in
// simulate.integration.test.ts.)
import {
  FeedbackRecorded,
  ImportSummary,
  OutcomesRecorded,
  ProgramPromoted,
  ProgramRolledBack,
  SimulationStatus
} from "@preflight/client"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { z } from "zod"
import { type Harness, makeHarness } from "./support/api-harness.ts"
import {
  feedbackBody,
  junkBody,
  outcomesBody,
  pathSegment,
  segmentsCsv,
  segmentsJsonLines
} from "./support/fuzz-bodies.ts"

const RUNS = 2_000
let api: Harness
const statuses = new Map<string, Map<number, number>>()

beforeAll(async () => {
  // No rate limit here: the point is what each request does, not how many a key may send.
  api = await makeHarness({ settings: { rateLimitPerMinute: 1_000_000_000 } })
})
afterAll(async () => {
  await api.dispose()
  for (const [route, counts] of statuses)
    console.log(
      `${route}: ${[...counts]
        .sort()
        .map(([status, count]) => `${status}×${count}`)
        .join(" ")}`
    )
})

/** Sends one request and checks the answer's shape; returns the status. */
const check = async (route: string, response: Response, success: z.ZodType) => {
  const counts = statuses.get(route) ?? new Map<number, number>()
  statuses.set(route, counts.set(response.status, (counts.get(response.status) ?? 0) + 1))
  const text = await response.text()
  if (response.status >= 500) throw new Error(`${route} answered ${response.status}: ${text}`)
  if (response.status >= 400) {
    expect(response.headers.get("content-type")).toBe("application/problem+json")
    expect(JSON.parse(text).status).toBe(response.status)
  } else {
    const parsed = success.safeParse(JSON.parse(text))
    if (!parsed.success) throw new Error(`${route} answered ${response.status} with an undocumented body: ${text}`)
  }
  return response.status
}

const post = (path: string, body: string, contentType = "application/json", key = api.keys.admin) =>
  api.send(path, { method: "POST", headers: { "x-api-key": key, "content-type": contentType }, body })

describe(`fuzzing (${RUNS} generated requests per route, never a 5xx)`, () => {
  it("POST /api/v1/feedback", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          junkBody,
          feedbackBody.map((body) => JSON.stringify(body))
        ),
        async (body) => {
          await check("feedback", await post("/api/v1/feedback", body), FeedbackRecorded)
        }
      ),
      { numRuns: RUNS }
    )
    expect(statuses.get("feedback")?.get(400)).toBeGreaterThan(0)
  })

  it("POST /api/v1/outcomes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          junkBody,
          outcomesBody.map((body) => JSON.stringify(body))
        ),
        async (body) => {
          await check("outcomes", await post("/api/v1/outcomes", body), OutcomesRecorded)
        }
      ),
      { numRuns: RUNS }
    )
    // Some generated reports were valid and stored.
    expect(statuses.get("outcomes")?.get(201)).toBeGreaterThan(0)
  })

  it("POST /api/v1/data/{table}", async () => {
    const request = fc.oneof(
      segmentsCsv.map((body) => ({ table: "segments", body, type: "text/csv" })),
      segmentsJsonLines.map((body) => ({ table: "segments", body, type: "application/x-ndjson" })),
      fc.record({
        table: fc.constantFrom("entities", "exposures", "outcomes", "interventions", "nope"),
        body: junkBody,
        type: fc.constantFrom("text/csv", "application/x-ndjson", "application/json", "")
      })
    )
    await fc.assert(
      fc.asyncProperty(request, async ({ table, body, type }) => {
        await check("data import", await post(`/api/v1/data/${table}`, body, type), ImportSummary)
      }),
      { numRuns: RUNS }
    )
    expect(statuses.get("data import")?.get(422)).toBeGreaterThan(0)
  })

  it("GET /api/v1/simulations/{id}", async () => {
    await fc.assert(
      fc.asyncProperty(pathSegment, async (id) => {
        const response = await api.send(`/api/v1/simulations/${id}`, {
          headers: { "x-api-key": api.keys.read }
        })
        await check("simulation status", response, SimulationStatus)
      }),
      { numRuns: RUNS }
    )
  })

  it("POST /api/v1/programs/{program_id}/promote and /rollback", async () => {
    await fc.assert(
      fc.asyncProperty(pathSegment, junkBody, fc.boolean(), async (programId, body, promote) => {
        const action = promote ? "promote" : "rollback"
        const response = await post(`/api/v1/programs/${programId}/${action}`, body)
        await check(`program ${action}`, response, promote ? ProgramPromoted : ProgramRolledBack)
      }),
      { numRuns: 2 * RUNS }
    )
  })
})
