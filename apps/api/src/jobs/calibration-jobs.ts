// `CalibrationJobs`: calibrations of the persona program, always run in the background (202 Accepted). The
// interface is what the API needs (enqueue, status); `layerInProcess` runs them on this process over the
// simulator's `calibrations` rows. A queue-backed implementation (pg-boss workers) can provide the same service.
import type { LanguageModel } from "@preflight/core-signatures"
import { type CalibrationRow, findCalibration, startCalibrationRow } from "@preflight/simulator"
import type { Database, DatabaseError } from "@preflight/storage"
import { Cause, Context, Effect, Exit, Layer, Queue } from "effect"
import { claimCalibration, failUnfinishedCalibration, unfinishedCalibrations } from "./calibration-rows.ts"

/** What a calibration was asked to do; stored as the row's `settings`, read back when the job runs. */
export interface CalibrationSettings {
  /** A name of the simulator's `OPTIMIZER_NAMES` (`calibrate` refuses any other with UnknownOptimizer). */
  readonly optimizer: string
  readonly seed: number
  readonly budget: { readonly maxLmCalls?: number; readonly maxTokens?: number; readonly maxUsd?: number }
  /** Absent: the gate's default. */
  readonly threshold?: number
}

export interface CalibrationTicket {
  readonly calibrationId: string
  readonly status: "queued"
}

export interface CalibrationJobsShape {
  /** Records a queued calibration and schedules it behind any other of this process. */
  readonly enqueue: (settings: CalibrationSettings) => Effect.Effect<CalibrationTicket, DatabaseError>
  /** The calibration's row (whoever started it: the API, the CLI, a worker), or undefined. */
  readonly status: (calibrationId: string) => Effect.Effect<CalibrationRow | undefined, DatabaseError>
}

/**
 * How a job runs a calibration (the API passes the simulator's `calibrate` with the row's id, so `calibrate`
 * moves the row to running and then completed or failed).
 */
export type RunCalibration = (
  calibrationId: string,
  settings: CalibrationSettings
) => Effect.Effect<unknown, unknown, Database | LanguageModel>

export const calibrationLocation = (calibrationId: string) =>
  `/api/v1/calibrations/${encodeURIComponent(calibrationId)}`

const finite = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined

/**
 * A row's settings as a job reads them back: the API's own, or a row another caller (the CLI, a stopped
 * process) left unfinished, whose settings carry more fields and may lack some.
 */
export const settingsOfRow = (settings: unknown): CalibrationSettings => {
  const stored = typeof settings === "object" && settings !== null ? (settings as Record<string, unknown>) : {}
  const budget =
    typeof stored.budget === "object" && stored.budget !== null ? (stored.budget as Record<string, unknown>) : {}
  const maxLmCalls = finite(budget.maxLmCalls)
  const maxTokens = finite(budget.maxTokens)
  const maxUsd = finite(budget.maxUsd)
  const threshold = finite(stored.threshold)
  return {
    optimizer: typeof stored.optimizer === "string" ? stored.optimizer : "mipro",
    seed: finite(stored.seed) ?? 0,
    budget: {
      ...(maxLmCalls === undefined ? {} : { maxLmCalls }),
      ...(maxTokens === undefined ? {} : { maxTokens }),
      ...(maxUsd === undefined ? {} : { maxUsd })
    },
    ...(threshold === undefined ? {} : { threshold })
  }
}

const failureOf = (cause: Cause.Cause<unknown>) => {
  const failure = Cause.findErrorOption(cause)
  const value = failure._tag === "Some" ? failure.value : undefined
  if (typeof value === "object" && value !== null && "_tag" in value && typeof value._tag === "string")
    return { tag: value._tag, message: "message" in value ? String(value.message) : value._tag }
  // A defect's text can carry internals; it goes to the log, the row only says that it happened.
  return { tag: "InternalError", message: "the calibration failed unexpectedly" }
}

export class CalibrationJobs extends Context.Service<CalibrationJobs, CalibrationJobsShape>()(
  "@preflight/api/CalibrationJobs"
) {
  /**
   * One calibration at a time on a background fiber of this process: each replaces the active program's
   * comparison baseline, so two at once would race on the registry, and both are CPU-bound. Rows a stopped
   * process left queued or running are redone at start; closing the layer interrupts the running one (its row
   * stays running and is redone on the next start).
   */
  static readonly layerInProcess = (run: RunCalibration) =>
    Layer.effect(
      CalibrationJobs,
      Effect.gen(function* () {
        const queue = yield* Queue.unbounded<string>()
        const context = yield* Effect.context<Database>()

        const work = (calibrationId: string) =>
          Effect.gen(function* () {
            if (!(yield* claimCalibration(calibrationId))) return
            const row = yield* findCalibration(calibrationId)
            if (row === undefined) return
            const exit = yield* Effect.exit(run(calibrationId, settingsOfRow(row.settings)))
            if (Exit.isSuccess(exit)) return
            if (Cause.hasInterruptsOnly(exit.cause)) return yield* Effect.interrupt
            const failure = failureOf(exit.cause)
            if (failure.tag === "InternalError")
              yield* Effect.logError("calibration failed unexpectedly", calibrationId, Cause.pretty(exit.cause))
            yield* failUnfinishedCalibration(calibrationId, failure)
          })

        // One failed bookkeeping statement must not stop the loop; the row stays unfinished and is redone at start.
        yield* Effect.forkScoped(
          Effect.forever(
            Queue.take(queue).pipe(
              Effect.flatMap((calibrationId) =>
                work(calibrationId).pipe(
                  Effect.catchCause((cause) =>
                    Cause.hasInterruptsOnly(cause)
                      ? Effect.failCause(cause)
                      : Effect.logError("calibration job bookkeeping failed", calibrationId, Cause.pretty(cause))
                  )
                )
              )
            )
          )
        )
        for (const calibrationId of yield* unfinishedCalibrations()) yield* Queue.offer(queue, calibrationId)

        return CalibrationJobs.of({
          enqueue: (settings) =>
            Effect.gen(function* () {
              const calibrationId = yield* startCalibrationRow(settings, "queued")
              yield* Queue.offer(queue, calibrationId)
              return { calibrationId, status: "queued" as const }
            }).pipe(Effect.provideContext(context)),
          status: (calibrationId) => findCalibration(calibrationId).pipe(Effect.provideContext(context))
        })
      })
    )
}
