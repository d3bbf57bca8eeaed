// A worker process killed with SIGKILL in the middle of a long job (a fit): the queue notices the silence,
// another worker takes the job again and completes it, and the database holds exactly one result and one fit.
import { Database } from "@preflight/storage"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { jobCounts } from "../src/job-counts.ts"
import { JobQueue } from "../src/queues/job-queue.ts"
import { FAST_FIT, importWorld, writeDemoWorld } from "./support/fitted-world.ts"
import { eventually, type QueueClient, queueClient } from "./support/queue-client.ts"
import { createTestDatabase, serverUrl, skipReason } from "./support/test-database.ts"
import { isServing, logMessage, startWorkerProcess, type WorkerProcess } from "./support/worker-process.ts"

if (serverUrl === undefined) console.warn(`killed-worker.integration.test.ts skipped: ${skipReason}`)

const countsOf = (client: QueueClient, queue: string) =>
  client.runPromise(jobCounts()).then((all) => all.find((entry) => entry.queue === queue)?.counts)

describe.skipIf(serverUrl === undefined)("a worker killed during a fit", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let client: QueueClient
  const workers: Array<WorkerProcess> = []

  beforeAll(async () => {
    database = await createTestDatabase(serverUrl as string, "worker_kill")
    const demo = await writeDemoWorld(812)
    try {
      await importWorld(database.url, demo.tables)
    } finally {
      demo.remove()
    }
    client = queueClient(database.url)
  }, 600_000)

  afterAll(async () => {
    for (const worker of workers) worker.child.kill("SIGKILL")
    await client?.dispose()
    await database?.drop()
  })

  it("is taken again by another worker and completes once", async () => {
    const env = {
      DATABASE_URL: database.url,
      PREFLIGHT_WORKER_QUEUES: "fit",
      // A killed worker's job is noticed after 20 s without a heartbeat (the default is 60 s), checked every 2 s.
      PREFLIGHT_QUEUE_POLICIES: JSON.stringify({ fit: { heartbeatSeconds: 20, retryDelaySeconds: 1 } }),
      PREFLIGHT_WORKER_SUPERVISE_SECONDS: "2"
    }
    const first = startWorkerProcess(env)
    workers.push(first)
    await first.waitForLog(isServing)
    const jobId = await client.runPromise(
      Effect.gen(function* () {
        const { boss } = yield* JobQueue
        return yield* Effect.promise(() => boss.send("fit", { ...FAST_FIT, seed: 5 }))
      })
    )
    expect(jobId).toBeTypeOf("string")

    await eventually("the fit to start", async () => (await countsOf(client, "fit"))?.active === 1, 60_000, 200)
    // Well inside the fit (it takes tens of seconds here), after it has read the history.
    await new Promise((resolve) => setTimeout(resolve, 4_000))
    expect(first.logs.some((line) => logMessage(line) === "job completed")).toBe(false)
    first.child.kill("SIGKILL")
    expect(await first.exited).toBe("SIGKILL")

    const second = startWorkerProcess(env)
    workers.push(second)
    await eventually("the fit to complete", async () => (await countsOf(client, "fit"))?.completed === 1, 240_000)

    const stored = await client.runPromise(
      Effect.gen(function* () {
        const db = yield* Database
        const results = yield* db.query<{ job_id: string; attempt: number; fit_id: string }>(
          "SELECT job_id::text AS job_id, attempt, result->>'fitId' AS fit_id FROM job_results WHERE queue = 'fit'"
        )
        const fits = yield* db.query<{ fit_id: string; status: string }>(
          "SELECT fit_id::text AS fit_id, status FROM model_fits"
        )
        return { results, fits }
      })
    )
    expect(stored.results).toHaveLength(1)
    expect(stored.results[0]?.job_id).toBe(jobId)
    // The first attempt died with its process: the result was written by a retry.
    expect(stored.results[0]?.attempt).toBeGreaterThanOrEqual(1)
    expect(stored.fits).toEqual([{ fit_id: stored.results[0]?.fit_id, status: "completed" }])
    const completions = second.logs.filter(
      (line) => logMessage(line) === "job completed" && (line.annotations as Record<string, unknown>).jobId === jobId
    )
    expect(completions).toHaveLength(1)
    expect(await countsOf(client, "fit")).toMatchObject({ completed: 1, active: 0, failed: 0, retry: 0 })
  })
})
