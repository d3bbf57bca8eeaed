// Two worker processes on one queue share 200 simulate jobs: every job is processed exactly once (one
// completion, one result row, one completed simulation), and both processes took part.
import { countJobResults, Database } from "@preflight/storage"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { enqueueSimulation } from "../src/async-simulation.ts"
import { jobCounts } from "../src/job-counts.ts"
import { heldOutRequests, importAndFit } from "./support/fitted-world.ts"
import { eventually, type QueueClient, queueClient } from "./support/queue-client.ts"
import { createTestDatabase, serverUrl, skipReason } from "./support/test-database.ts"
import { isServing, logMessage, startWorkerProcess, type WorkerProcess } from "./support/worker-process.ts"

const JOBS = Number(process.env.WORKER_TEST_JOBS ?? 200)

if (serverUrl === undefined) console.warn(`two-workers.integration.test.ts skipped: ${skipReason}`)

describe.skipIf(serverUrl === undefined)("two worker processes on one queue", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let client: QueueClient
  const workers: Array<WorkerProcess> = []

  beforeAll(async () => {
    database = await createTestDatabase(serverUrl as string, "worker_two")
    const world = await importAndFit(database.url, 811)
    client = queueClient(database.url)
    const requests = heldOutRequests(world)
    // Distinct seeds make every job a distinct simulation; the causal models alone keep 200 of them quick.
    for (let index = 0; index < JOBS; index++)
      await client.runPromise(enqueueSimulation(requests[index % requests.length], 1000 + index, { causalOnly: true }))
  }, 600_000)

  afterAll(async () => {
    for (const worker of workers) worker.child.kill("SIGKILL")
    await client?.dispose()
    await database?.drop()
  })

  it(`processes each of ${JOBS} simulate jobs exactly once`, async () => {
    const env = { DATABASE_URL: database.url, PREFLIGHT_WORKER_QUEUES: "simulate" }
    workers.push(startWorkerProcess(env), startWorkerProcess(env))
    await Promise.all(workers.map((worker) => worker.waitForLog(isServing)))

    await eventually(
      `${JOBS} completed simulate jobs`,
      async () => {
        const counts = await client.runPromise(jobCounts())
        return counts.find((queue) => queue.queue === "simulate")?.counts.completed === JOBS
      },
      240_000
    )

    const completedBy = workers.map((worker) =>
      worker.logs
        .filter((line) => logMessage(line) === "job completed")
        .map((line) => String((line.annotations as Record<string, unknown>).jobId))
    )
    const all = completedBy.flat()
    expect(all).toHaveLength(JOBS)
    expect(new Set(all).size).toBe(JOBS)
    for (const ids of completedBy) expect(ids.length).toBeGreaterThan(0)

    const stored = await client.runPromise(
      Effect.gen(function* () {
        const db = yield* Database
        const statuses = yield* db.query<{ status: string; rows: number }>(
          "SELECT status, count(*)::int AS rows FROM simulations GROUP BY status"
        )
        const firstAttempts = yield* db.query<{ rows: number }>(
          "SELECT count(*)::int AS rows FROM job_results WHERE queue = 'simulate' AND attempt = 0"
        )
        return { statuses, results: yield* countJobResults(), firstAttempts: firstAttempts[0]?.rows }
      })
    )
    expect(stored.results.simulate).toBe(JOBS)
    expect(stored.firstAttempts).toBe(JOBS)
    expect(stored.statuses).toEqual([{ status: "completed", rows: JOBS }])

    const counts = await client.runPromise(jobCounts())
    const simulate = counts.find((queue) => queue.queue === "simulate")
    expect(simulate?.counts).toMatchObject({ completed: JOBS, failed: 0, retry: 0, active: 0, created: 0 })
  })
})
