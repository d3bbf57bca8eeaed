// What a stop does to running jobs (the SIGTERM path of a worker process, here in-process on PGlite): a job that
// finishes within the stop's grace period completes; one that does not is released back to the queue (no result
// written) and the next worker completes it.
import { countJobResults, Database, migrate } from "@preflight/storage"
import { Duration, Effect, Exit, Layer, ManagedRuntime, Scope } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { z } from "zod"
import { jobCounts } from "../src/job-counts.ts"
import { defineJobHandler } from "../src/queues/job-handler.ts"
import { JobQueue } from "../src/queues/job-queue.ts"
import { startWorker } from "../src/worker.ts"
import { eventually } from "./support/queue-client.ts"

const SLOW_QUEUE = "slow-echo"

/** Takes `millis` to answer, unless the attempt is a retry (then at once), so a released job can finish. */
const slowJob = defineJobHandler({
  queue: SLOW_QUEUE,
  description: "Answer after a while",
  payload: z.strictObject({ millis: z.number().int().min(0) }),
  policy: { retryLimit: 2, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 },
  prepare: (payload, job) => Effect.sleep(Duration.millis(job.attempt === 0 ? payload.millis : 0)),
  commit: (_prepared, payload, job) => Effect.succeed({ millis: payload.millis, attempt: job.attempt })
})

// One embedded database for the file; each worker gets its own pg-boss instance on it (a stop ends an instance).
const database = ManagedRuntime.make(Database.layerPglite())
const memoMap = Layer.makeMemoMapUnsafe()

const withWorker = async (
  stopTimeoutMs: number,
  during: (send: (millis: number) => Promise<string>) => Promise<void>
) => {
  const context = await database.runPromise(Effect.context<Database>())
  const runtime = ManagedRuntime.make(
    JobQueue.layer({ role: "worker", superviseIntervalSeconds: 1 }).pipe(Layer.provide(Layer.succeedContext(context))),
    { memoMap }
  )
  const scope = await runtime.runPromise(Scope.make())
  await runtime.runPromise(
    startWorker({ handlers: [slowJob], schedules: [], stopTimeoutMs }).pipe(
      Scope.provide(scope),
      Effect.provide(Layer.succeedContext(context))
    )
  )
  const send = (millis: number) =>
    runtime.runPromise(
      Effect.gen(function* () {
        const { boss } = yield* JobQueue
        const id = yield* Effect.promise(() => boss.send(SLOW_QUEUE, { millis }))
        return id ?? ""
      })
    )
  await during(send)
  await runtime.runPromise(Scope.close(scope, Exit.void))
  await runtime.dispose()
}

/** Counts through a short-lived client instance of its own (a stopped worker's instance cannot be asked). */
const counts = () => database.runPromise(jobCounts().pipe(Effect.provide(JobQueue.layer({ role: "client" }))))

beforeAll(() => database.runPromise(migrate()), 60_000)
afterAll(() => database.dispose())

describe("stopping a worker", () => {
  it("lets a job that ends within the grace period complete, and releases one that does not", async () => {
    await withWorker(3_000, async (send) => {
      await send(500)
      await send(20_000)
      await eventually(
        "both jobs to start",
        async () => {
          const slow = (await counts()).find((entry) => entry.queue === SLOW_QUEUE)?.counts
          return (slow?.active ?? 0) + (slow?.completed ?? 0) === 2
        },
        20_000,
        100
      )
    })
    const afterStop = (await counts()).find((entry) => entry.queue === SLOW_QUEUE)?.counts
    expect(afterStop).toMatchObject({ completed: 1, active: 0 })
    expect((afterStop?.retry ?? 0) + (afterStop?.created ?? 0)).toBe(1)
    expect(await database.runPromise(countJobResults())).toEqual({ [SLOW_QUEUE]: 1 })

    await withWorker(3_000, async () => {
      await eventually(
        "the released job to complete",
        async () => {
          const slow = (await counts()).find((entry) => entry.queue === SLOW_QUEUE)?.counts
          return slow?.completed === 2
        },
        30_000
      )
    })
    const attempts = await database.runPromise(
      Effect.gen(function* () {
        const rows = yield* (yield* Database).query<{ attempt: number }>(
          "SELECT attempt FROM job_results ORDER BY attempt"
        )
        return rows.map((row) => Number(row.attempt))
      })
    )
    expect(attempts).toEqual([0, 1])
  }, 120_000)
})
