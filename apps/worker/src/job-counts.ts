// Counts of jobs by state per queue, read from pg-boss's job table itself (its queue statistics are a cache
// refreshed by the supervisor, up to a minute old). For `preflight jobs status` and the API's GET /api/v1/jobs.
import { Effect } from "effect"
import { bossCall, JobQueue } from "./queues/job-queue.ts"

export const JOB_STATES = ["created", "retry", "active", "completed", "cancelled", "failed"] as const
export type JobState = (typeof JOB_STATES)[number]

export interface QueueJobCounts {
  readonly queue: string
  readonly counts: Readonly<Record<JobState, number>>
  readonly total: number
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/

/** Every queue (even one without jobs; pg-boss's internal ones left out) with its jobs counted by state, ordered by name. */
export const jobCounts = Effect.fn("Worker.jobCounts")(function* () {
  const { boss, schema } = yield* JobQueue
  // The schema is interpolated (identifiers cannot be parameters), so it must be a plain identifier.
  if (!SCHEMA_NAME.test(schema)) return yield* Effect.die(new Error(`unexpected pg-boss schema name ${schema}`))
  const db = boss.getDb()
  const queues = yield* bossCall("cannot list the queues", () =>
    db.executeSql(`SELECT name FROM ${schema}.queue ORDER BY name`)
  )
  const counted = yield* bossCall("cannot count the jobs", () =>
    db.executeSql(`SELECT name, state::text AS state, count(*)::int AS jobs FROM ${schema}.job GROUP BY name, state`)
  )
  const byQueue = new Map<string, Record<JobState, number>>()
  // pg-boss's own queues (`__pgboss__send-it` carries scheduled sends) are its business, not the user's.
  for (const row of queues.rows as ReadonlyArray<{ name: string }>)
    if (!row.name.startsWith("__pgboss__"))
      byQueue.set(row.name, { created: 0, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 })
  for (const row of counted.rows as ReadonlyArray<{ name: string; state: string; jobs: number | string }>) {
    const counts = byQueue.get(row.name)
    if (counts !== undefined && (JOB_STATES as ReadonlyArray<string>).includes(row.state))
      counts[row.state as JobState] = Number(row.jobs)
  }
  return [...byQueue.entries()].map(
    ([queue, counts]): QueueJobCounts => ({
      queue,
      counts,
      total: JOB_STATES.reduce((sum, state) => sum + counts[state], 0)
    })
  )
})
