// The `calibrate` queue: the persona program fitted to the history (the `preflight calibrate` use case), on the
// job's language model (job-language-model.ts: OpenAI-compatible when OPENAI_API_KEY is set, the offline persona
// model otherwise).
// The calibration's rows (training examples, optimization run and trials, the registered version, the
// `calibrations` row) commit together with the job's result row, so a calibration killed at any point leaves
// nothing half-registered and a re-run after a crash registers once. Transient model faults (rate limits, 5xx)
// are retried call by call (lm-retries.ts), then by the queue; an error no retry can fix (no fit, too little
// history) fails the job for good and marks its `calibrations` row failed.
import { calibrate, failCalibrationRow, OPTIMIZER_NAMES } from "@preflight/simulator"
import { Effect } from "effect"
import { z } from "zod"
import { jobLanguageModelLayer } from "../language-model/job-language-model.ts"
import { defineJobHandler } from "../queues/job-handler.ts"

export const CALIBRATE_QUEUE = "calibrate"

export const CalibratePayload = z.strictObject({
  /** A `calibrations` row created as queued by the caller (the API); a new row when omitted. */
  calibrationId: z.uuid().optional(),
  optimizer: z.enum(OPTIMIZER_NAMES).optional(),
  seed: z.number().int().optional(),
  budgetCalls: z.number().int().positive().optional(),
  threshold: z.number().min(0).max(1).optional()
})
export type CalibratePayload = z.output<typeof CalibratePayload>

export const calibrateJob = defineJobHandler({
  queue: CALIBRATE_QUEUE,
  description: "Calibrate the persona program on the history and register it when it passes the gate",
  payload: CalibratePayload,
  // One at a time per process; a killed worker's calibration is retried after a minute of silence.
  policy: { concurrency: 1, retryLimit: 3, retryDelaySeconds: 10, expireInSeconds: 60 * 60, heartbeatSeconds: 60 },
  prepare: () => Effect.void,
  commit: (_prepared, payload) =>
    Effect.gen(function* () {
      const report = yield* calibrate({
        ...(payload.calibrationId === undefined ? {} : { calibrationId: payload.calibrationId }),
        ...(payload.optimizer === undefined ? {} : { optimizer: payload.optimizer }),
        seed: payload.seed ?? 0,
        ...(payload.budgetCalls === undefined ? {} : { budget: { maxLmCalls: payload.budgetCalls } }),
        ...(payload.threshold === undefined ? {} : { threshold: payload.threshold })
      }).pipe(Effect.provide(yield* jobLanguageModelLayer(payload.seed ?? 0)))
      return {
        calibrationId: report.calibrationId,
        /** The persona program version in use when it ran (null: the uncalibrated default program). */
        programVersion: report.before.programVersion,
        before: report.before.score,
        after: report.after.score,
        registered: report.registered,
        gate: report.gate
      }
    }),
  logAnnotations: (result) => ({
    calibrationId: result.calibrationId,
    programVersion: result.programVersion,
    registeredVersion: result.registered?.version ?? null
  }),
  onGivenUp: (payload, _job, error) =>
    payload.calibrationId === undefined
      ? Effect.void
      : failCalibrationRow(payload.calibrationId, { tag: error.tag, message: error.message }).pipe(Effect.ignore)
})
