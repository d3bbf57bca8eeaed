// The Postgres server restarts while a worker is busy with simulate jobs: the worker stays up, reconnects and
// carries on; every job completes once (an attempt whose completion was lost with the connection expires and
// its retry finds the result already stored).
import { Database } from "@preflight/storage"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { enqueueSimulation } from "../src/async-simulation.ts"
import { jobCounts } from "../src/job-counts.ts"
import { heldOutRequests, importAndFit } from "./support/fitted-world.ts"
import { type PrivateServer, startPrivateServer } from "./support/private-server.ts"
import { eventually, type QueueClient, queueClient } from "./support/queue-client.ts"
import { serverUrl, skipReason } from "./support/test-database.ts"
import { isServing, logMessage, startWorkerProcess, type WorkerProcess } from "./support/worker-process.ts"

const JOBS = 60

if (serverUrl === undefined) console.warn(`database-restart.integration.test.ts skipped: ${skipReason}`)

describe.skipIf(serverUrl === undefined)("a database restart under a running worker", () => {
  let server: PrivateServer
  let client: QueueClient
  let worker: WorkerProcess | undefined
  let requests: ReadonlyArray<unknown>

  beforeAll(async () => {
    server = startPrivateServer()
    requests = heldOutRequests(await importAndFit(server.url, 813))
    client = queueClient(server.url)
  }, 600_000)

  afterAll(async () => {
    worker?.child.kill("SIGKILL")
    await client?.dispose().catch(() => undefined)
    server?.stop()
  })

  const simulateCounts = () =>
    client.runPromise(jobCounts()).then((all) => all.find((entry) => entry.queue === "simulate")?.counts)

  const serverStartedAt = () =>
    client.runPromise(
      Effect.gen(function* () {
        const rows = yield* (yield* Database).query<{ started: string }>(
          "SELECT pg_postmaster_start_time()::text AS started"
        )
        return rows[0]?.started
      })
    )

  it("reconnects and completes every job once", async () => {
    worker = startWorkerProcess({
      DATABASE_URL: server.url,
      PREFLIGHT_WORKER_QUEUES: "simulate",
      // An attempt whose completion is lost in the restart is retried after 20 s (the default is 10 minutes).
      PREFLIGHT_QUEUE_POLICIES: JSON.stringify({ simulate: { expireInSeconds: 20, retryDelaySeconds: 1 } }),
      PREFLIGHT_WORKER_SUPERVISE_SECONDS: "2"
    })
    await worker.waitForLog(isServing)
    for (let index = 0; index < JOBS; index++)
      await client.runPromise(enqueueSimulation(requests[index % requests.length], 2000 + index, { causalOnly: true }))
    await eventually("some jobs to complete", async () => ((await simulateCounts())?.completed ?? 0) >= 5, 120_000, 100)

    const before = await serverStartedAt()
    const completedBefore = (await simulateCounts())?.completed ?? 0
    server.restart()
    expect(completedBefore).toBeLessThan(JOBS)

    await eventually(
      `all ${JOBS} jobs to complete`,
      async () => {
        const counts = await simulateCounts().catch(() => undefined)
        return counts?.completed === JOBS
      },
      240_000
    )
    expect(await serverStartedAt()).not.toBe(before)
    expect(worker.child.exitCode).toBeNull()

    const stored = await client.runPromise(
      Effect.gen(function* () {
        const db = yield* Database
        const results = yield* db.query<{ rows: number; jobs: number }>(
          "SELECT count(*)::int AS rows, count(DISTINCT job_id)::int AS jobs FROM job_results WHERE queue = 'simulate'"
        )
        const simulations = yield* db.query<{ status: string; rows: number }>(
          "SELECT status, count(*)::int AS rows FROM simulations GROUP BY status"
        )
        return { results: results[0], simulations }
      })
    )
    expect(stored.results).toEqual({ rows: JOBS, jobs: JOBS })
    expect(stored.simulations).toEqual([{ status: "completed", rows: JOBS }])
    expect(await simulateCounts()).toMatchObject({ completed: JOBS, failed: 0, active: 0, created: 0, retry: 0 })
    // The worker saw the restart (a poll or a job's statement lost its connection) and went on.
    const faults = worker.logs.filter(
      (line) => logMessage(line).includes("fault") || logMessage(line).includes("failed")
    )
    expect(faults.length).toBeGreaterThan(0)
  })
})
