// The bookkeeping a job runner needs on the simulator's `calibrations` rows beyond what the simulator exports
// (`startCalibrationRow`, `findCalibration`): claim a queued row, list unfinished ones, and fail a row that
// `calibrate` could not fail itself (a defect, or an error raised before it took the row over). These belong
// next to `calibration-store.ts` in @preflight/simulator; they live here until it exports them.
import { Database } from "@preflight/storage"
import { Effect } from "effect"

/** Marks a queued (or, after a restart, running) calibration as running; false when it is already finished. */
export const claimCalibration = Effect.fn("CalibrationJobs.claim")(function* (calibrationId: string) {
  const database = yield* Database
  const changed = yield* database.execute(
    `UPDATE calibrations SET status = 'running'
      WHERE calibration_id::text = $1 AND status IN ('queued', 'running')`,
    [calibrationId]
  )
  return changed === 1
})

/** Calibrations left queued or running (oldest first): a stopped process's jobs, redone at start. */
export const unfinishedCalibrations = Effect.fn("CalibrationJobs.unfinished")(function* () {
  const database = yield* Database
  const rows = yield* database.query<{ readonly calibration_id: string }>(
    `SELECT calibration_id::text AS calibration_id FROM calibrations
      WHERE status IN ('queued', 'running') ORDER BY created_at`
  )
  return rows.map((row) => row.calibration_id)
})

/** Records the failure unless the row already finished (`calibrate` fails its row for its typed errors). */
export const failUnfinishedCalibration = Effect.fn("CalibrationJobs.fail")(function* (
  calibrationId: string,
  error: { readonly tag: string; readonly message: string }
) {
  const database = yield* Database
  yield* database.execute(
    `UPDATE calibrations SET status = 'failed', error = $2, completed_at = now()
      WHERE calibration_id::text = $1 AND status IN ('queued', 'running')`,
    [calibrationId, JSON.stringify(error)]
  )
})
