// What is in the dead-letter queue: each given-up job's source queue, payload and the typed error of its last
// attempt (pg-boss keeps that on the failed source job as its output).
import { Effect } from "effect"
import type { JobErrorRecord } from "./queues/job-failure.ts"
import { bossCall, JobQueue } from "./queues/job-queue.ts"
import { DEAD_LETTER_QUEUE } from "./queues/queue-setup.ts"

export interface DeadLetter {
  readonly deadLetterId: string
  readonly sourceQueue: string | null
  readonly sourceJobId: string | null
  readonly payload: unknown
  readonly retries: number | null
  /** The last attempt's error as the handler recorded it, when the source job is still retained. */
  readonly error: JobErrorRecord | null
  readonly createdAt: Date
}

const isErrorRecord = (value: unknown): value is JobErrorRecord =>
  typeof value === "object" && value !== null && "tag" in value && "retryable" in value

/** The dead letters, oldest first, at most `limit` (default 100). */
export const deadLetters = Effect.fn("Worker.deadLetters")(function* (options: { readonly limit?: number } = {}) {
  const { boss } = yield* JobQueue
  const jobs = yield* bossCall("cannot read the dead-letter queue", () =>
    boss.findJobs<unknown>(DEAD_LETTER_QUEUE, { limit: options.limit ?? 100 })
  )
  return yield* Effect.forEach(jobs, (job) =>
    Effect.gen(function* () {
      const source =
        job.sourceName === null || job.sourceId === null
          ? []
          : yield* bossCall("cannot read a dead letter's source job", () =>
              boss.findJobs<unknown>(job.sourceName as string, { id: job.sourceId as string })
            )
      const output = source[0]?.output
      return {
        deadLetterId: job.id,
        sourceQueue: job.sourceName,
        sourceJobId: job.sourceId,
        payload: job.data,
        retries: job.sourceRetryCount,
        error: isErrorRecord(output) ? output : null,
        createdAt: job.createdOn
      } satisfies DeadLetter
    })
  )
})
