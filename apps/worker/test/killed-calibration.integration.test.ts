// A worker process killed with SIGKILL in the middle of a calibrate job: the queue notices the silence, another
// worker takes the job again and completes it, and the database holds exactly one result row, one completed
// `calibrations` row and at most one registered program version. On the offline persona model a calibration
// of a demo world takes about two seconds, too short to aim a kill at by sleeping; instead the test holds a lock
// on `training_examples`, which `calibrate` writes after it has started its row, read the fit and the history
// and registered the program (all in the job's transaction), waits until the worker is blocked on that lock,
// kills it, then lets go.
import { startCalibrationRow } from "@preflight/simulator"
import { Database } from "@preflight/storage"
import { Effect } from "effect"
import postgres from "postgres"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { jobCounts } from "../src/job-counts.ts"
import { JobQueue } from "../src/queues/job-queue.ts"
import { importAndFitForCalibration } from "./support/calibrated-world.ts"
import { eventually, type QueueClient, queueClient } from "./support/queue-client.ts"
import { createTestDatabase, serverUrl, skipReason } from "./support/test-database.ts"
import { isServing, logMessage, startWorkerProcess, type WorkerProcess } from "./support/worker-process.ts"

if (serverUrl === undefined) console.warn(`killed-calibration.integration.test.ts skipped: ${skipReason}`)

const countsOf = (client: QueueClient, queue: string) =>
  client.runPromise(jobCounts()).then((all) => all.find((entry) => entry.queue === queue)?.counts)

describe.skipIf(serverUrl === undefined)("a worker killed during a calibration", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let client: QueueClient
  // The lock holder's own connection (its one connection is busy holding the lock).
  let locker: postgres.Sql
  const workers: Array<WorkerProcess> = []

  beforeAll(async () => {
    database = await createTestDatabase(serverUrl as string, "worker_kill_calibrate")
    await importAndFitForCalibration(database.url, 812)
    client = queueClient(database.url)
    locker = postgres(database.url, { max: 1, onnotice: () => undefined })
  }, 300_000)

  afterAll(async () => {
    for (const worker of workers) worker.child.kill("SIGKILL")
    await locker?.end({ timeout: 5 })
    await client?.dispose()
    await database?.drop()
  })

  it("is taken again by another worker and completes once", async () => {
    const env = {
      DATABASE_URL: database.url,
      PREFLIGHT_WORKER_QUEUES: "calibrate",
      // A killed worker's job is noticed after 10 s without a heartbeat (the queue's is 60 s), checked every second.
      PREFLIGHT_QUEUE_POLICIES: JSON.stringify({ calibrate: { heartbeatSeconds: 10, retryDelaySeconds: 1 } }),
      PREFLIGHT_WORKER_SUPERVISE_SECONDS: "1"
    }
    // A queued row, as the API creates before it enqueues.
    const calibrationId = await client.runPromise(startCalibrationRow({ optimizer: "mipro", seed: 3 }, "queued"))

    // Held until the first worker is dead: its calibration stops on the first statement on training_examples.
    let release = () => {}
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    let locked = () => {}
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve
    })
    const holding = locker.begin(async (transaction) => {
      await transaction`LOCK TABLE training_examples IN ACCESS EXCLUSIVE MODE`
      locked()
      await released
    })
    await isLocked

    const first = startWorkerProcess(env)
    workers.push(first)
    await first.waitForLog(isServing)
    const jobId = await client.runPromise(
      Effect.gen(function* () {
        const { boss } = yield* JobQueue
        return yield* Effect.promise(() => boss.send("calibrate", { calibrationId, seed: 3, budgetCalls: 400 }))
      })
    )
    expect(jobId).toBeTypeOf("string")

    await eventually(
      "the calibration to wait on the lock",
      async () => {
        const rows = await client.runPromise(
          Effect.flatMap(Database, (db) =>
            db.query<{ waiting: number }>(
              `SELECT count(*)::int AS waiting FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%training_examples%'`
            )
          )
        )
        return Number(rows[0]?.waiting ?? 0) > 0
      },
      60_000,
      100
    )
    expect((await countsOf(client, "calibrate"))?.active).toBe(1)
    first.child.kill("SIGKILL")
    expect(await first.exited).toBe("SIGKILL")
    // The dead worker's server process wakes, finds its client gone and rolls its transaction back.
    release()
    await holding

    const second = startWorkerProcess(env)
    workers.push(second)
    await eventually(
      "the calibration to complete",
      async () => (await countsOf(client, "calibrate"))?.completed === 1,
      120_000
    )

    const stored = await client.runPromise(
      Effect.gen(function* () {
        const db = yield* Database
        const results = yield* db.query<{ job_id: string; attempt: number; calibration_id: string }>(
          `SELECT job_id::text AS job_id, attempt, result->>'calibrationId' AS calibration_id
             FROM job_results WHERE queue = 'calibrate'`
        )
        const calibrations = yield* db.query<{ calibration_id: string; status: string }>(
          "SELECT calibration_id::text AS calibration_id, status FROM calibrations"
        )
        const versions = yield* db.query<{ version: number }>("SELECT version FROM program_versions")
        const runs = yield* db.query<{ run_id: string }>("SELECT run_id::text AS run_id FROM optimization_runs")
        return { results, calibrations, versions, runs }
      })
    )
    expect(stored.results).toHaveLength(1)
    expect(stored.results[0]?.job_id).toBe(jobId)
    // The first attempt died with its process: the result was written by a retry.
    expect(stored.results[0]?.attempt).toBeGreaterThanOrEqual(1)
    expect(stored.results[0]?.calibration_id).toBe(calibrationId)
    expect(stored.calibrations).toEqual([{ calibration_id: calibrationId, status: "completed" }])
    expect(stored.versions.length).toBeLessThanOrEqual(1)
    expect(stored.runs).toHaveLength(1)
    const completions = second.logs.filter(
      (line) => logMessage(line) === "job completed" && (line.annotations as Record<string, unknown>).jobId === jobId
    )
    expect(completions).toHaveLength(1)
    // The completion names the job and the persona program version in use (none was active: null).
    expect(completions[0]?.annotations).toMatchObject({
      queue: "calibrate",
      jobId,
      calibrationId,
      programVersion: null
    })
    expect(await countsOf(client, "calibrate")).toMatchObject({ completed: 1, active: 0, failed: 0, retry: 0 })
  })
})
