// The queue as a client sees it (the API, `preflight jobs status`, tests): pg-boss without supervision, with
// the queues created up front, so a job can be sent before any worker has ever started.
import { Effect, Layer } from "effect"
import { BUILT_IN_HANDLERS } from "./handlers/built-in-handlers.ts"
import type { JobHandler } from "./queues/job-handler.ts"
import { JobQueue, type JobQueueOptions } from "./queues/job-queue.ts"
import { setUpQueues } from "./queues/queue-setup.ts"

/** A client `JobQueue` whose queues (default: the built-in ones, plus `handlers`) exist. */
export const queueClientLayer = <R>(
  options: Omit<JobQueueOptions, "role"> = {},
  handlers: ReadonlyArray<JobHandler<R>> = []
) =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const { boss } = yield* JobQueue
      yield* setUpQueues(boss, [...(BUILT_IN_HANDLERS as ReadonlyArray<JobHandler<unknown>>), ...handlers])
    })
  ).pipe(Layer.provideMerge(JobQueue.layer({ ...options, role: "client" })))
