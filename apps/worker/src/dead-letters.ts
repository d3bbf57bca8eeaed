// What is in the dead-letter queue: each given-up job's source queue, payload and the typed error of its last
// attempt.
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
  /** The last attempt's error as the handler recorded it. */
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
  return jobs.map(
    (job): DeadLetter => ({
      deadLetterId: job.id,
      sourceQueue: job.sourceName,
      sourceJobId: job.sourceId,
      payload: job.data,
      retries: job.sourceRetryCount,
      // pg-boss copies the failed job's output (the handler's error record) onto the dead letter itself.
      error: isErrorRecord(job.sourceOutput) ? job.sourceOutput : null,
      createdAt: job.createdOn
    })
  )
})
