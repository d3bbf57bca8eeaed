// Rows of the `simulations` table for simulations run in the background: created `queued` when the request is
// accepted, `running` while a worker holds it, then `completed` with the response or `failed` with the error.
// The row is keyed by the job id, so the caller can ask for its status before any response exists.
import { Effect } from "effect"
import { Database } from "../database.ts"

export type AsyncSimulationStatus = "queued" | "running" | "completed" | "failed"

export interface AsyncSimulationRow {
  readonly simulationId: string
  readonly status: AsyncSimulationStatus
  readonly seed: number
  readonly response: unknown
  readonly error: unknown
  readonly createdAt: Date
  readonly completedAt: Date | null
}

const parseJson = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : (value ?? null))
const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)))

/** Records an accepted request as `queued` (idempotent on the id). */
export const insertQueuedSimulation = Effect.fn("AsyncSimulations.insertQueued")(function* (input: {
  readonly simulationId: string
  readonly request: unknown
  readonly seed: number
}) {
  const database = yield* Database
  yield* database.execute(
    `INSERT INTO simulations (simulation_id, status, request, seed) VALUES ($1, 'queued', $2::text::jsonb, $3)
     ON CONFLICT (simulation_id) DO NOTHING`,
    [input.simulationId, JSON.stringify(input.request), input.seed]
  )
})

/** Marks a queued (or retried) simulation as running; a completed one is left alone. */
export const markSimulationRunning = Effect.fn("AsyncSimulations.markRunning")(function* (simulationId: string) {
  const database = yield* Database
  yield* database.execute(
    "UPDATE simulations SET status = 'running' WHERE simulation_id = $1 AND status IN ('queued', 'running', 'failed')",
    [simulationId]
  )
})

/** Stores the response; returns false when the row was already completed (a re-run changes nothing). */
export const completeSimulation = Effect.fn("AsyncSimulations.complete")(function* (input: {
  readonly simulationId: string
  readonly response: unknown
  readonly fitId: string | null
  readonly programVersion: number | null
}) {
  const database = yield* Database
  const changed = yield* database.execute(
    `UPDATE simulations SET status = 'completed', response = $2::text::jsonb, fit_id = $3, program_version = $4,
       error = NULL, completed_at = now()
     WHERE simulation_id = $1 AND status <> 'completed'`,
    [input.simulationId, JSON.stringify(input.response), input.fitId, input.programVersion]
  )
  return changed > 0
})

/** Records why a simulation failed for good (its retries are spent or the request cannot succeed). */
export const failSimulation = Effect.fn("AsyncSimulations.fail")(function* (simulationId: string, error: unknown) {
  const database = yield* Database
  yield* database.execute(
    `UPDATE simulations SET status = 'failed', error = $2::text::jsonb, completed_at = now()
     WHERE simulation_id = $1 AND status <> 'completed'`,
    [simulationId, JSON.stringify(error ?? null)]
  )
})

/** A simulation's row, or undefined. */
export const findAsyncSimulation = Effect.fn("AsyncSimulations.find")(function* (simulationId: string) {
  const database = yield* Database
  const rows = yield* database.query(
    `SELECT simulation_id, status, seed, response::text AS response, error::text AS error, created_at, completed_at
     FROM simulations WHERE simulation_id = $1`,
    [simulationId]
  )
  const row = rows[0]
  if (row === undefined) return undefined
  return {
    simulationId: String(row.simulation_id),
    status: row.status as AsyncSimulationStatus,
    seed: Number(row.seed),
    response: parseJson(row.response),
    error: parseJson(row.error),
    createdAt: toDate(row.created_at),
    completedAt: row.completed_at === null || row.completed_at === undefined ? null : toDate(row.completed_at)
  } satisfies AsyncSimulationRow
})
