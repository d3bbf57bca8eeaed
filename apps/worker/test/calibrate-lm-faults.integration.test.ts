// Calibrate jobs on a language model that fails with 429s and 500s: at a 30% failure rate the calibration
// completes through the worker's per-call retries (jobs' `JobLanguageModel` with its retry policy, the
// production path; only the base model is wrapped here, by a layer that injects the faults); when every call
// fails, the job ends in the dead-letter queue after its retries with the typed error of its last attempt, and
// its `calibrations` row is marked failed with it.
import { defaultLanguageModelLayer } from "@preflight/personas"
import { findCalibration, startCalibrationRow } from "@preflight/simulator"
import { Database } from "@preflight/storage"
import { Effect, Exit, Layer, ManagedRuntime, Redacted, Scope } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { deadLetters } from "../src/dead-letters.ts"
import { CALIBRATE_QUEUE, calibrateJob } from "../src/handlers/calibrate-job.ts"
import { jobCounts } from "../src/job-counts.ts"
import { JobLanguageModel } from "../src/language-model/job-language-model.ts"
import { JobQueue } from "../src/queues/job-queue.ts"
import { startWorker } from "../src/worker.ts"
import { importAndFitForCalibration } from "./support/calibrated-world.ts"
import { flakyLanguageModel, type InjectedFaults } from "./support/flaky-language-model.ts"
import { eventually } from "./support/queue-client.ts"
import { createTestDatabase, serverUrl, skipReason } from "./support/test-database.ts"

if (serverUrl === undefined) console.warn(`calibrate-lm-faults.integration.test.ts skipped: ${skipReason}`)

// The production policy's shape with shorter waits, so a test of thousands of calls takes seconds.
const RETRY_POLICY = { maxRetries: 6, baseDelayMs: 5, maxDelayMs: 100 }
// One job-level retry a second after a failed attempt (the queue's own policy waits 10 s, three times).
const calibrateQuickly = { ...calibrateJob, policy: { ...calibrateJob.policy, retryLimit: 1, retryDelaySeconds: 1 } }

/** An in-process worker serving the calibrate queue on a language model failing `failureRate` of its calls. */
const startWorkerOnFlakyModel = async (url: string, failureRate: number) => {
  const faults: InjectedFaults = { calls: 0, failed: 0 }
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(
      JobQueue.layer({ role: "worker", superviseIntervalSeconds: 1, connectionString: Redacted.make(url) }),
      Layer.succeed(JobLanguageModel, {
        forSeed: (seed) => flakyLanguageModel(defaultLanguageModelLayer({ seed }), { failureRate, seed: 17, faults }),
        retryPolicy: RETRY_POLICY
      })
    ).pipe(Layer.provideMerge(Database.layerPostgres({ url: Redacted.make(url), maxConnections: 4 })))
  )
  const scope = await runtime.runPromise(Scope.make())
  await runtime.runPromise(
    startWorker({ handlers: [calibrateQuickly], schedules: [], stopTimeoutMs: 5_000 }).pipe(Scope.provide(scope))
  )
  /** Sends a calibrate job for a queued `calibrations` row, as the API does. */
  const sendCalibration = async (seed: number) => {
    const calibrationId = await runtime.runPromise(startCalibrationRow({ optimizer: "mipro", seed }, "queued"))
    const jobId = await runtime.runPromise(
      Effect.gen(function* () {
        const { boss } = yield* JobQueue
        return yield* Effect.promise(() => boss.send(CALIBRATE_QUEUE, { calibrationId, seed, budgetCalls: 400 }))
      })
    )
    return { calibrationId, jobId }
  }
  const counts = () =>
    runtime.runPromise(jobCounts()).then((all) => all.find((entry) => entry.queue === CALIBRATE_QUEUE)?.counts)
  const close = async () => {
    await runtime.runPromise(Scope.close(scope, Exit.void))
    await runtime.dispose()
  }
  return { runtime, faults, sendCalibration, counts, close }
}

describe.skipIf(serverUrl === undefined)("calibrate jobs on a failing language model", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>

  beforeAll(async () => {
    database = await createTestDatabase(serverUrl as string, "worker_lm_faults")
    await importAndFitForCalibration(database.url, 812)
  }, 300_000)

  afterAll(() => database?.drop())

  it("completes through retries when 30% of calls fail with 429 or 500", async () => {
    const worker = await startWorkerOnFlakyModel(database.url, 0.3)
    try {
      const { calibrationId, jobId } = await worker.sendCalibration(3)
      await eventually("the calibration to complete", async () => (await worker.counts())?.completed === 1, 120_000)
      // Faults were injected, and many: every one of them was retried away.
      expect(worker.faults.failed).toBeGreaterThan(50)
      expect(worker.faults.failed / worker.faults.calls).toBeGreaterThan(0.2)
      const row = await worker.runtime.runPromise(findCalibration(calibrationId))
      expect(row?.status).toBe("completed")
      const results = await worker.runtime.runPromise(
        Effect.flatMap(Database, (db) =>
          db.query<{ job_id: string }>("SELECT job_id::text AS job_id FROM job_results WHERE queue = 'calibrate'")
        )
      )
      expect(results).toEqual([{ job_id: jobId }])
      expect(await worker.runtime.runPromise(deadLetters())).toEqual([])
    } finally {
      await worker.close()
    }
  })

  it("dead-letters the job with the typed error when every call fails, and marks its row failed", async () => {
    const worker = await startWorkerOnFlakyModel(database.url, 1)
    try {
      const { calibrationId, jobId } = await worker.sendCalibration(4)
      await eventually(
        "a dead letter",
        async () => (await worker.runtime.runPromise(deadLetters())).some((letter) => letter.sourceJobId === jobId),
        120_000
      )
      const letter = (await worker.runtime.runPromise(deadLetters())).find((entry) => entry.sourceJobId === jobId)
      expect(letter?.sourceQueue).toBe(CALIBRATE_QUEUE)
      expect(letter?.retries).toBe(calibrateQuickly.policy.retryLimit)
      expect(["LmRateLimited", "LmServerError"]).toContain(letter?.error?.tag)
      expect(letter?.error?.retryable).toBe(true)
      expect([429, 500]).toContain(letter?.error?.details.status)
      // Each attempt of the job gave up on one call after the policy's retries.
      expect(letter?.error?.details.attempts).toBe(RETRY_POLICY.maxRetries + 1)
      const row = await worker.runtime.runPromise(findCalibration(calibrationId))
      expect(row?.status).toBe("failed")
      expect(JSON.stringify(row?.error)).toContain(letter?.error?.tag ?? "?")
      const results = await worker.runtime.runPromise(
        Effect.flatMap(Database, (db) =>
          db.query<{ job_id: string }>("SELECT job_id::text AS job_id FROM job_results WHERE job_id::text = $1", [
            jobId
          ])
        )
      )
      expect(results).toEqual([])
    } finally {
      await worker.close()
    }
  })
})
