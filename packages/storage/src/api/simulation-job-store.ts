// Asynchronous simulations as rows of `simulations`: queued when accepted, running while a worker has it,
// then completed with the response or failed with the problem. Whatever runs the jobs (the API in-process,
// later pg-boss workers) moves them through these states.
import { Effect } from "effect"
import { Database } from "../database.ts"
import { readDate, readJson, readOptionalDate } from "../registry/registry-values.ts"

export const SIMULATION_STATUSES = ["queued", "running", "completed", "failed"] as const
export type SimulationStatus = (typeof SIMULATION_STATUSES)[number]

export interface SimulationRecord {
  readonly simulationId: string
  readonly status: SimulationStatus
  readonly request: unknown
  readonly response: unknown
  readonly error: unknown
  readonly createdAt: Date
  readonly completedAt: Date | null
}

const decodeRecord = (row: Record<string, unknown>): SimulationRecord => ({
  simulationId: String(row.simulation_id),
  status: String(row.status) as SimulationStatus,
  request: readJson(row.request),
  response: readJson(row.response),
  error: readJson(row.error),
  createdAt: readDate(row.created_at),
  completedAt: readOptionalDate(row.completed_at)
})

const COLUMNS = `simulation_id, status, request::text AS request, response::text AS response, error::text AS error,
  created_at, completed_at`

/** Records an accepted request as a queued simulation. */
export const insertQueuedSimulation = Effect.fn("SimulationJobs.insertQueued")(function* (
  simulationId: string,
  request: unknown,
  seed: number
) {
  const db = yield* Database
  yield* db.execute(
    `INSERT INTO simulations (simulation_id, status, request, seed) VALUES ($1, 'queued', $2::text::jsonb, $3)`,
    [simulationId, JSON.stringify(request), seed]
  )
})

/** Moves a queued (or interrupted running) simulation to running; false when it is no longer pending. */
export const markSimulationRunning = Effect.fn("SimulationJobs.markRunning")(function* (simulationId: string) {
  const db = yield* Database
  const changed = yield* db.execute(
    "UPDATE simulations SET status = 'running' WHERE simulation_id = $1 AND status IN ('queued', 'running')",
    [simulationId]
  )
  return changed === 1
})

/** Stores a job's response and the versions behind it. */
export const completeSimulation = Effect.fn("SimulationJobs.complete")(function* (
  simulationId: string,
  response: unknown,
  versions: { readonly fitId: string | null; readonly programVersion: number | null }
) {
  const db = yield* Database
  yield* db.execute(
    `UPDATE simulations SET status = 'completed', response = $2::text::jsonb, fit_id = $3::uuid,
            program_version = $4, completed_at = now()
      WHERE simulation_id = $1`,
    [simulationId, JSON.stringify(response), versions.fitId, versions.programVersion]
  )
})

/** Records why a job failed (a JSON problem a client can read). */
export const failSimulation = Effect.fn("SimulationJobs.fail")(function* (simulationId: string, problem: unknown) {
  const db = yield* Database
  yield* db.execute(
    `UPDATE simulations SET status = 'failed', error = $2::text::jsonb, completed_at = now() WHERE simulation_id = $1`,
    [simulationId, JSON.stringify(problem)]
  )
})

/** A simulation in any state, or undefined. */
export const findSimulationRecord = Effect.fn("SimulationJobs.find")(function* (simulationId: string) {
  const db = yield* Database
  const rows = yield* db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM simulations WHERE simulation_id = $1`, [
    simulationId
  ])
  const row = rows[0]
  return row === undefined ? undefined : decodeRecord(row)
})

/** Simulations accepted but not finished (queued, or running when their process stopped), oldest first. */
export const pendingSimulations = Effect.fn("SimulationJobs.pending")(function* () {
  const db = yield* Database
  const rows = yield* db.query<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM simulations WHERE status IN ('queued', 'running') ORDER BY created_at`
  )
  return rows.map(decodeRecord)
})
