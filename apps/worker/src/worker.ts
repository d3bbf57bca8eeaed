// The worker: sets up the queues and schedules, then serves every queue with its own concurrency until it is
// interrupted. On interruption (SIGTERM) it stops taking jobs, waits up to `stopTimeoutMs` for the running
// ones, and releases those still running back to the queue (they are retried elsewhere), then returns.
import type { Database } from "@preflight/storage"
import { Effect, Exit } from "effect"
import type { JobResult } from "pg-boss"
import type { JobHandler } from "./queues/job-handler.ts"
import { bossCall, JobQueue } from "./queues/job-queue.ts"
import { setUpQueues } from "./queues/queue-setup.ts"
import { runJob } from "./queues/run-job.ts"
import { applySchedules, DEFAULT_SCHEDULES, type ScheduleEntry } from "./schedules.ts"

export interface WorkerOptions<R> {
  readonly handlers: ReadonlyArray<JobHandler<R>>
  /** Serve only these queues (default: all the handlers'); the others are still set up. */
  readonly queues?: ReadonlyArray<string>
  /** The schedule table (default `DEFAULT_SCHEDULES`). */
  readonly schedules?: ReadonlyArray<ScheduleEntry>
  /** How long a stop waits for running jobs before releasing them (default 30 s). */
  readonly stopTimeoutMs?: number
}

/**
 * Starts serving. Returns once every queue has its workers; they run until the scope closes, which stops
 * them gracefully. Keep the scope open (e.g. `Effect.never`) for a long-running worker. The stop ends the
 * `JobQueue`'s pg-boss instance itself (a worker process has one), so build a fresh `JobQueue` for a worker.
 */
export const startWorker = <R>(options: WorkerOptions<R>) =>
  Effect.gen(function* () {
    const { boss } = yield* JobQueue
    const served = options.handlers.filter(
      (handler) => options.queues === undefined || options.queues.includes(handler.queue)
    )
    yield* setUpQueues(boss, options.handlers)
    yield* applySchedules(
      boss,
      options.schedules ?? DEFAULT_SCHEDULES,
      options.handlers.map((handler) => handler.queue)
    )
    const context = yield* Effect.context<R | Database>()
    const runPromiseExit = Effect.runPromiseExitWith(context)

    // Registered before the workers, so it runs when the scope closes, before the queue's own release.
    yield* Effect.addFinalizer(() =>
      Effect.gen(function* () {
        yield* Effect.logInfo("worker stopping: no new jobs; waiting for the running ones")
        yield* Effect.promise(() =>
          boss.stop({ graceful: true, timeout: options.stopTimeoutMs ?? 30_000, close: true }).catch(() => undefined)
        )
        yield* Effect.logInfo("worker stopped")
      })
    )

    for (const handler of served) {
      const { policy } = handler
      yield* bossCall(`cannot serve queue ${handler.queue}`, () =>
        boss.work<unknown>(
          handler.queue,
          {
            localConcurrency: policy.concurrency,
            batchSize: 1,
            pollingIntervalSeconds: policy.pollingIntervalSeconds,
            // With LISTEN/NOTIFY on, pg-boss otherwise waits 30 s between polls after a job, counting on a NOTIFY
            // for the next one; jobs already waiting would sit out that wait.
            notifyPollingIntervalSeconds: policy.pollingIntervalSeconds,
            // While a backlog is waiting, fetch again at once after each job instead of after the poll interval.
            burstWhenReadyExceeds: 1,
            perJobResults: true
          },
          (jobs) =>
            Promise.all(
              jobs.map(async (job): Promise<JobResult> => {
                const exit = await runPromiseExit(
                  runJob(
                    handler,
                    {
                      jobId: job.id,
                      queue: handler.queue,
                      attempt: job.retryCount,
                      isLastAttempt: job.retryCount >= policy.retryLimit
                    },
                    job.data
                  ),
                  // pg-boss aborts the signal when it releases the job (a stop that ran out of time).
                  { signal: job.signal }
                )
                if (Exit.isSuccess(exit)) return { id: job.id, status: exit.value.status, output: exit.value.output }
                return {
                  id: job.id,
                  status: "failed",
                  output: {
                    tag: "Interrupted",
                    message: "the worker stopped during this attempt",
                    retryable: true,
                    details: {}
                  }
                }
              })
            )
        )
      )
    }
    yield* Effect.logInfo("worker serving").pipe(
      Effect.annotateLogs({
        queues: served.map((handler) => `${handler.queue}×${handler.policy.concurrency}`).join(", ")
      })
    )
  })
