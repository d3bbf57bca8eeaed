// Calibration runs as rows of `calibrations`: started (or queued by a caller that runs them later), then
// completed with their report or failed with their error. Reports are plain JSON.
import { randomUUID } from "node:crypto"
import { Database } from "@preflight/storage"
import { Effect } from "effect"

export type CalibrationRowStatus = "queued" | "running" | "completed" | "failed"

export interface CalibrationRow {
  readonly calibrationId: string
  readonly status: CalibrationRowStatus
  readonly settings: unknown
  readonly fitId: string | null
  readonly runId: string | null
  readonly versionId: string | null
  readonly report: unknown
  readonly error: unknown
  readonly createdAt: string
  readonly completedAt: string | null
}

const json = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value)

/** Records a calibration as queued (it runs later with the same id) or running; returns its id. */
export const startCalibrationRow = Effect.fn("Simulator.startCalibrationRow")(function* (
  settings: unknown,
  status: "queued" | "running" = "running",
  calibrationId: string = randomUUID()
) {
  const database = yield* Database
  yield* database.execute(
    `INSERT INTO calibrations (calibration_id, status, settings) VALUES ($1, $2, $3)
     ON CONFLICT (calibration_id) DO UPDATE SET status = EXCLUDED.status
       WHERE calibrations.status IN ('queued', 'running')`,
    [calibrationId, status, JSON.stringify(settings)]
  )
  return calibrationId
})

export const completeCalibrationRow = Effect.fn("Simulator.completeCalibrationRow")(function* (
  calibrationId: string,
  outcome: {
    readonly fitId: string
    readonly runId: string | null
    readonly versionId: string | null
    readonly report: unknown
  }
) {
  const database = yield* Database
  yield* database.execute(
    `UPDATE calibrations SET status = 'completed', fit_id = $2, run_id = $3, version_id = $4, report = $5,
       completed_at = now() WHERE calibration_id = $1`,
    [calibrationId, outcome.fitId, outcome.runId, outcome.versionId, JSON.stringify(outcome.report)]
  )
})

export const failCalibrationRow = Effect.fn("Simulator.failCalibrationRow")(function* (
  calibrationId: string,
  error: { readonly tag: string; readonly message: string }
) {
  const database = yield* Database
  yield* database.execute(
    `UPDATE calibrations SET status = 'failed', error = $2, completed_at = now() WHERE calibration_id = $1`,
    [calibrationId, JSON.stringify(error)]
  )
})

/** A calibration by id, or undefined. */
export const findCalibration = Effect.fn("Simulator.findCalibration")(function* (calibrationId: string) {
  const database = yield* Database
  const rows = yield* database.query<Record<string, unknown>>(
    `SELECT calibration_id::text AS calibration_id, status, settings, fit_id::text AS fit_id, run_id::text AS run_id,
            version_id::text AS version_id, report, error, created_at, completed_at
       FROM calibrations WHERE calibration_id::text = $1`,
    [calibrationId]
  )
  const row = rows[0]
  if (row === undefined) return undefined
  const date = (value: unknown) =>
    value === null || value === undefined ? null : new Date(String(value)).toISOString()
  return {
    calibrationId: String(row.calibration_id),
    status: String(row.status) as CalibrationRowStatus,
    settings: json(row.settings),
    fitId: (row.fit_id as string | null) ?? null,
    runId: (row.run_id as string | null) ?? null,
    versionId: (row.version_id as string | null) ?? null,
    report: json(row.report) ?? null,
    error: json(row.error) ?? null,
    createdAt: date(row.created_at) ?? "",
    completedAt: date(row.completed_at)
  } satisfies CalibrationRow
})
