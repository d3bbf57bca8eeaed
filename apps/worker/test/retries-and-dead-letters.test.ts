// A queue whose dependency fails retryably: at a 30% failure rate every job completes through the queue's
// retries with backoff; at 100% each job ends in the dead-letter queue with the typed error of its last attempt;
// a payload the queue cannot read goes there at once, without retries. Runs in-process on PGlite (the embedded
// default) always, and on Postgres when DATABASE_URL is set.
import { countJobResults, Database, migrate } from "@preflight/storage"
import { Effect, Exit, Layer, ManagedRuntime, Redacted, Scope } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { z } from "zod"
import { deadLetters } from "../src/dead-letters.ts"
import { jobCounts } from "../src/job-counts.ts"
import { defineJobHandler } from "../src/queues/job-handler.ts"
import { JobQueue } from "../src/queues/job-queue.ts"
import { startWorker } from "../src/worker.ts"
import { Upstream } from "./support/flaky-upstream.ts"
import { eventually } from "./support/queue-client.ts"
import { createTestDatabase, serverUrl } from "./support/test-database.ts"

const FLAKY_QUEUE = "flaky-echo"

const flakyJob = defineJobHandler({
  queue: FLAKY_QUEUE,
  description: "Ask the upstream for a reply and store it",
  payload: z.strictObject({ n: z.number().int() }),
  policy: { concurrency: 4, retryLimit: 6, retryDelaySeconds: 1, retryDelayMaxSeconds: 1, pollingIntervalSeconds: 0.5 },
  prepare: (payload, job) => Upstream.use((upstream) => upstream.call(`job-${payload.n}`, job.attempt)),
  commit: (reply, payload) => Effect.succeed({ n: payload.n, reply })
})

type Backend = {
  readonly name: string
  readonly database: () => Promise<{ layer: Layer.Layer<Database, unknown>; url?: string; drop: () => Promise<void> }>
}

const backends: ReadonlyArray<Backend> = [
  { name: "PGlite", database: async () => ({ layer: Database.layerPglite(), drop: async () => undefined }) },
  ...(serverUrl === undefined
    ? []
    : [
        {
          name: "Postgres",
          database: async () => {
            const created = await createTestDatabase(serverUrl as string, "worker_retry")
            return {
              layer: Database.layerPostgres({ url: Redacted.make(created.url), maxConnections: 4 }),
              url: created.url,
              drop: created.drop
            }
          }
        }
      ])
]

/** An in-process worker serving the flaky queue with the upstream failing `failureRate` of its calls. */
const startFlakyWorker = async (backend: Backend, failureRate: number) => {
  const database = await backend.database()
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(
      JobQueue.layer({
        role: "worker",
        superviseIntervalSeconds: 1,
        ...(database.url === undefined ? {} : { connectionString: Redacted.make(database.url) })
      }),
      Upstream.layer({ failureRate, seed: 21 })
    ).pipe(Layer.provideMerge(database.layer))
  )
  await runtime.runPromise(migrate())
  const scope = await runtime.runPromise(Scope.make())
  await runtime.runPromise(
    startWorker({ handlers: [flakyJob], schedules: [], stopTimeoutMs: 5_000 }).pipe(Scope.provide(scope))
  )
  const send = (payload: object) =>
    runtime.runPromise(
      Effect.gen(function* () {
        const { boss } = yield* JobQueue
        return yield* Effect.promise(() => boss.send(FLAKY_QUEUE, payload))
      })
    )
  const counts = () =>
    runtime.runPromise(jobCounts()).then((all) => all.find((entry) => entry.queue === FLAKY_QUEUE)?.counts)
  const close = async () => {
    await runtime.runPromise(Scope.close(scope, Exit.void))
    await runtime.dispose()
    await database.drop()
  }
  return { runtime, send, counts, close }
}

for (const backend of backends) {
  describe(`retries and the dead-letter queue on ${backend.name}`, () => {
    describe("a dependency failing 30% of calls", () => {
      let worker: Awaited<ReturnType<typeof startFlakyWorker>>
      beforeAll(async () => {
        worker = await startFlakyWorker(backend, 0.3)
      }, 120_000)
      afterAll(() => worker?.close())

      it("completes every job through retries, each with one result", async () => {
        const jobs = 20
        for (let n = 0; n < jobs; n++) await worker.send({ n })
        await eventually(`${jobs} completed jobs`, async () => (await worker.counts())?.completed === jobs, 120_000)
        const attempts = await worker.runtime.runPromise(
          Effect.gen(function* () {
            const rows = yield* (yield* Database).query<{ attempt: number }>(
              "SELECT attempt FROM job_results WHERE queue = $1",
              [FLAKY_QUEUE]
            )
            return rows.map((row) => Number(row.attempt))
          })
        )
        expect(attempts).toHaveLength(jobs)
        // With this seed some first attempts fail: the completions above needed retries.
        expect(attempts.filter((attempt) => attempt > 0).length).toBeGreaterThan(0)
        expect(await worker.counts()).toMatchObject({ completed: jobs, failed: 0, retry: 0, active: 0 })
        expect(await worker.runtime.runPromise(deadLetters())).toEqual([])
      })
    })

    describe("a dependency failing every call", () => {
      let worker: Awaited<ReturnType<typeof startFlakyWorker>>
      beforeAll(async () => {
        worker = await startFlakyWorker(backend, 1)
      }, 120_000)
      afterAll(() => worker?.close())

      it("dead-letters each job after its retries with the typed error, and an unreadable payload at once", async () => {
        const ids = [await worker.send({ n: 1 }), await worker.send({ n: 2 })]
        const unreadable = await worker.send({ n: "three" })
        await eventually(
          "three dead letters",
          async () => (await worker.runtime.runPromise(deadLetters())).length === 3,
          120_000
        )
        const letters = await worker.runtime.runPromise(deadLetters())
        for (const id of ids) {
          const letter = letters.find((entry) => entry.sourceJobId === id)
          expect(letter?.sourceQueue).toBe(FLAKY_QUEUE)
          expect(letter?.retries).toBe(flakyJob.policy.retryLimit)
          expect(letter?.error?.tag).toBe("UpstreamUnavailable")
          expect(letter?.error?.retryable).toBe(true)
          expect([429, 500]).toContain(letter?.error?.details.status)
        }
        const refused = letters.find((entry) => entry.sourceJobId === unreadable)
        expect(refused?.error?.tag).toBe("InvalidJobPayload")
        expect(refused?.retries).toBe(0)
        expect(refused?.payload).toEqual({ n: "three" })
        expect(await worker.runtime.runPromise(countJobResults())).toEqual({})
        expect(await worker.counts()).toMatchObject({ failed: 3, completed: 0 })
      })
    })
  })
}
