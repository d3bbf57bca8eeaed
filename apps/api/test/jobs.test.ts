// `GET /api/v1/jobs`: admin only (401 without a key, 403 for a read key), and the counts by queue and state are
// the ones `preflight jobs status` prints (both are @preflight/worker's `jobCounts`).
import { JobCounts } from "@preflight/client"
import { Database } from "@preflight/storage"
import { JobQueue, jobCounts, queueClientLayer } from "@preflight/worker"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Harness, makeHarness } from "./support/api-harness.ts"

let api: Harness
beforeAll(async () => {
  api = await makeHarness()
})
afterAll(() => api.dispose())

describe("GET /api/v1/jobs", () => {
  it("refuses a request without a key (401) and a read key (403)", async () => {
    expect((await api.clientFor(undefined).jobCounts()).status).toBe(401)
    const asReader = await api.clientFor(api.keys.read).jobCounts()
    expect(asReader.status).toBe(403)
    expect(!asReader.ok && asReader.problem.status).toBe(403)
  })

  it("answers an admin key with no queues before the queue was ever set up", async () => {
    const result = await api.clientFor(api.keys.admin).jobCounts()
    expect(result.ok && result.data).toEqual({ queues: [] })
  })

  it("answers an admin key with each queue's jobs by state, the figures of `preflight jobs status`", async () => {
    // A queue client on the API's own (embedded) database, as the worker or `preflight jobs status` would start.
    const database = await api.run(Database)
    const queue = ManagedRuntime.make(queueClientLayer().pipe(Layer.provide(Layer.succeed(Database, database))))
    await queue.runPromise(
      Effect.gen(function* () {
        const { boss } = yield* JobQueue
        yield* Effect.promise(() => boss.send("simulate", { simulationId: "a", request: {}, seed: 1 }))
        yield* Effect.promise(() => boss.send("simulate", { simulationId: "b", request: {}, seed: 2 }))
        yield* Effect.promise(() => boss.send("fit", {}))
      })
    )
    const result = await api.clientFor(api.keys.admin).jobCounts()
    expect(result.status).toBe(200)
    if (!result.ok) return
    expect(JobCounts.safeParse(result.data).success).toBe(true)
    expect(result.data.queues).toEqual(await api.run(jobCounts()))
    expect(result.data.queues.find((entry) => entry.queue === "simulate")).toEqual({
      queue: "simulate",
      counts: { created: 2, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 },
      total: 2
    })
    expect(result.data.queues.find((entry) => entry.queue === "fit")?.counts.created).toBe(1)
    expect(result.data.queues.map((entry) => entry.queue)).toContain("calibrate")
  })
})
