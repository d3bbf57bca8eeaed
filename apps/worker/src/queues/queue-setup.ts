// Creates the queues a set of handlers needs, with their policies, and the one dead-letter queue every queue
// sends its given-up jobs to. Idempotent: every worker runs it at start, and a changed policy is applied.

import { Effect } from "effect"
import type { PgBoss } from "pg-boss"
import type { JobHandler } from "./job-handler.ts"
import { bossCall } from "./job-queue.ts"

/** Jobs that failed for good, from every queue, with the failed attempt's typed error kept on the source job. */
export const DEAD_LETTER_QUEUE = "dead-letter"

/** Dead letters wait a month for someone to look (pg-boss's maximum retention is far longer). */
const DEAD_LETTER_RETENTION_SECONDS = 30 * 24 * 3600

const queueOptions = (handler: JobHandler<unknown>) => ({
  retryLimit: handler.policy.retryLimit,
  retryDelay: Math.max(1, Math.round(handler.policy.retryDelaySeconds)),
  retryBackoff: true,
  retryDelayMax: handler.policy.retryDelayMaxSeconds,
  expireInSeconds: handler.policy.expireInSeconds,
  deadLetter: DEAD_LETTER_QUEUE,
  notify: true,
  // Failed attempts stay two weeks so their errors can be read next to the dead letters.
  deleteAfterSeconds: 14 * 24 * 3600
})

export const setUpQueues = <R>(boss: PgBoss, handlers: ReadonlyArray<JobHandler<R>>) =>
  Effect.gen(function* () {
    yield* bossCall("cannot create the dead-letter queue", () =>
      boss.createQueue(DEAD_LETTER_QUEUE, { retentionSeconds: DEAD_LETTER_RETENTION_SECONDS })
    )
    for (const handler of handlers) {
      const options = queueOptions(handler as JobHandler<unknown>)
      const heartbeat = handler.policy.heartbeatSeconds
      yield* bossCall(`cannot create queue ${handler.queue}`, () =>
        boss.createQueue(handler.queue, {
          ...options,
          ...(heartbeat === undefined ? {} : { heartbeatSeconds: heartbeat })
        })
      )
      // createQueue leaves an existing queue as it was; this applies a policy changed since.
      const { retryDelayMax: _fixedAtCreation, notify: _notify, ...updatable } = options
      yield* bossCall(`cannot update queue ${handler.queue}`, () => boss.updateQueue(handler.queue, updatable))
    }
  })
