// The `drift-check` queue: has the history's behaviour moved? Compares the latest window of history with the
// window before it (PSI and two-sample KS per input, `@preflight/calibration`'s drift report): purchase values,
// and each day's purchases per message sent. The report is the job's result; the learning loop reads it.
import { driftReport } from "@preflight/calibration"
import { Database } from "@preflight/storage"
import { Data, Effect, Result } from "effect"
import { z } from "zod"
import { defineJobHandler } from "../queues/job-handler.ts"

export const DRIFT_CHECK_QUEUE = "drift-check"

export const DriftCheckPayload = z.strictObject({
  /** End of the current window (ISO 8601); default: the newest outcome in the history. */
  asOf: z.iso.datetime({ offset: true }).optional(),
  currentDays: z.number().int().min(1).default(14),
  referenceDays: z.number().int().min(1).default(56),
  /** PSI at or above this flags drift (calibration's default 0.25). */
  psiThreshold: z.number().positive().optional()
})
export type DriftCheckPayload = z.output<typeof DriftCheckPayload>

/** A window has too little history to compare (no drift can be claimed either way). */
export class NotEnoughHistoryForDrift extends Data.TaggedError("NotEnoughHistoryForDrift")<{
  readonly input: string
  readonly window: "reference" | "current"
  readonly values: number
}> {
  readonly retryable = false
  override get message(): string {
    return `the ${this.window} window has ${this.values} values of ${this.input}; the drift check needs at least 2`
  }
}

/** The drift report could not be computed from the values (calibration's InvalidInput). */
export class DriftInputInvalid extends Data.TaggedError("DriftInputInvalid")<{ readonly message: string }> {
  readonly retryable = false
}

const DAY_MS = 86_400_000

const windowValues = Effect.fn("DriftCheck.windowValues")(function* (from: Date, to: Date) {
  const database = yield* Database
  const purchaseValues = yield* database.query<{ value: string | number }>(
    `SELECT outcome_value AS value FROM outcomes
     WHERE outcome_type = 'purchase' AND outcome_value IS NOT NULL AND "timestamp" > $1 AND "timestamp" <= $2`,
    [from, to]
  )
  const dailyRates = yield* database.query<{ rate: string | number }>(
    `WITH sent AS (
       SELECT date_trunc('day', "timestamp") AS day, count(*) AS messages FROM exposures
       WHERE channel <> 'holdout' AND "timestamp" > $1 AND "timestamp" <= $2 GROUP BY 1),
     bought AS (
       SELECT date_trunc('day', "timestamp") AS day, count(*) AS purchases FROM outcomes
       WHERE outcome_type = 'purchase' AND "timestamp" > $1 AND "timestamp" <= $2 GROUP BY 1)
     SELECT coalesce(bought.purchases, 0)::float8 / sent.messages AS rate
     FROM sent LEFT JOIN bought USING (day) ORDER BY sent.day`,
    [from, to]
  )
  return {
    purchase_value: purchaseValues.map((row) => Number(row.value)),
    daily_purchases_per_message: dailyRates.map((row) => Number(row.rate))
  }
})

export const driftCheckJob = defineJobHandler({
  queue: DRIFT_CHECK_QUEUE,
  description: "Compare the latest window of history with the one before it (PSI and KS per input)",
  payload: DriftCheckPayload,
  policy: { concurrency: 1, retryLimit: 3, retryDelaySeconds: 2, expireInSeconds: 10 * 60 },
  prepare: (payload) =>
    Effect.gen(function* () {
      const database = yield* Database
      const newest = yield* database.query<{ newest: Date | string | null }>(
        `SELECT max("timestamp") AS newest FROM outcomes`
      )
      const asOfText = payload.asOf ?? newest[0]?.newest ?? null
      if (asOfText === null)
        return yield* new NotEnoughHistoryForDrift({ input: "outcomes", window: "current", values: 0 })
      const asOf = new Date(asOfText)
      const split = new Date(asOf.getTime() - payload.currentDays * DAY_MS)
      const start = new Date(split.getTime() - payload.referenceDays * DAY_MS)
      const reference = yield* windowValues(start, split)
      const current = yield* windowValues(split, asOf)
      for (const input of ["purchase_value", "daily_purchases_per_message"] as const) {
        if (reference[input].length < 2)
          return yield* new NotEnoughHistoryForDrift({ input, window: "reference", values: reference[input].length })
        if (current[input].length < 2)
          return yield* new NotEnoughHistoryForDrift({ input, window: "current", values: current[input].length })
      }
      const report = driftReport(
        {
          purchase_value: { reference: reference.purchase_value, current: current.purchase_value },
          daily_purchases_per_message: {
            reference: reference.daily_purchases_per_message,
            current: current.daily_purchases_per_message
          }
        },
        payload.psiThreshold === undefined ? {} : { psi: payload.psiThreshold }
      )
      if (Result.isFailure(report)) return yield* new DriftInputInvalid({ message: report.failure.message })
      return {
        asOf: asOf.toISOString(),
        currentFrom: split.toISOString(),
        referenceFrom: start.toISOString(),
        ...report.success
      }
    }),
  commit: (report) => Effect.succeed(report)
})
