// Job results keyed by job id (migration 0007): the worker's guarantee that a re-run job never writes its
// result twice. `recordJobResult` is a plain INSERT, so inside the transaction that also holds the job's own
// writes a second attempt fails on the primary key and rolls all of them back.
import { Effect } from "effect"
import { Database } from "../database.ts"

export interface JobResultRow {
  readonly jobId: string
  readonly queue: string
  readonly result: unknown
  readonly attempt: number
  readonly completedAt: Date
}

const parseJson = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value)

const toRow = (row: Record<string, unknown>): JobResultRow => ({
  jobId: String(row.job_id),
  queue: String(row.queue),
  result: parseJson(row.result),
  attempt: Number(row.attempt),
  completedAt: row.completed_at instanceof Date ? row.completed_at : new Date(String(row.completed_at))
})

/** The stored result of a job, or undefined when it has not completed. */
export const findJobResult = Effect.fn("JobResults.find")(function* (jobId: string) {
  const database = yield* Database
  const rows = yield* database.query(
    "SELECT job_id::text AS job_id, queue, result::text AS result, attempt, completed_at FROM job_results WHERE job_id = $1",
    [jobId]
  )
  const row = rows[0]
  return row === undefined ? undefined : toRow(row)
})

/**
 * Records a job's result. Fails with `ConstraintViolation` (23505) when the job already has one: callers run
 * it in the transaction of the job's own writes so the duplicate attempt rolls back as a whole.
 */
export const recordJobResult = Effect.fn("JobResults.record")(function* (input: {
  readonly jobId: string
  readonly queue: string
  readonly result: unknown
  readonly attempt: number
}) {
  const database = yield* Database
  yield* database.execute(
    "INSERT INTO job_results (job_id, queue, result, attempt) VALUES ($1, $2, $3::text::jsonb, $4)",
    [input.jobId, input.queue, JSON.stringify(input.result ?? null), input.attempt]
  )
})

/** How many results each queue has stored (for `preflight jobs status` and tests). */
export const countJobResults = Effect.fn("JobResults.count")(function* () {
  const database = yield* Database
  const rows = yield* database.query<{ queue: string; results: number | string }>(
    "SELECT queue, count(*) AS results FROM job_results GROUP BY queue ORDER BY queue"
  )
  return Object.fromEntries(rows.map((row) => [row.queue, Number(row.results)])) as Readonly<Record<string, number>>
})
