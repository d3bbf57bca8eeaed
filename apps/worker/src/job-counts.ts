// Counts of jobs by state per queue, read from pg-boss's job table itself (its queue statistics are a cache
// refreshed by the supervisor, up to a minute old). For `preflight jobs status` and the API's GET /api/v1/jobs.
// pg-boss lives in the same database as everything else, so this reads through storage's `Database` and needs
// no started queue client: the API answers it from its own connection pool.
import { Database } from "@preflight/storage"
import { Effect } from "effect"

export const JOB_STATES = ["created", "retry", "active", "completed", "cancelled", "failed"] as const
export type JobState = (typeof JOB_STATES)[number]

export interface QueueJobCounts {
  readonly queue: string
  readonly counts: Readonly<Record<JobState, number>>
  readonly total: number
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/

/**
 * Every queue (even one without jobs; pg-boss's internal ones left out) with its jobs counted by state, ordered
 * by name. `schema` is pg-boss's (default "pgboss"); a database no worker or queue client has set up yet has
 * no queues.
 */
export const jobCounts = Effect.fn("Worker.jobCounts")(function* (options: { readonly schema?: string } = {}) {
  const schema = options.schema ?? "pgboss"
  // The schema is interpolated (identifiers cannot be parameters), so it must be a plain identifier.
  if (!SCHEMA_NAME.test(schema)) return yield* Effect.die(new Error(`unexpected pg-boss schema name ${schema}`))
  const db = yield* Database
  const present = yield* db.query<{ present: boolean }>(
    "SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL AS present",
    [`${schema}.queue`, `${schema}.job`]
  )
  if (present[0]?.present !== true) return []
  const queues = yield* db.query<{ name: string }>(`SELECT name FROM ${schema}.queue ORDER BY name`)
  const counted = yield* db.query<{ name: string; state: string; jobs: number | string }>(
    `SELECT name, state::text AS state, count(*)::int AS jobs FROM ${schema}.job GROUP BY name, state`
  )
  const byQueue = new Map<string, Record<JobState, number>>()
  // pg-boss's own queues (`__pgboss__send-it` carries scheduled sends) are its business, not the user's.
  for (const row of queues)
    if (!row.name.startsWith("__pgboss__"))
      byQueue.set(row.name, { created: 0, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 })
  for (const row of counted) {
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
