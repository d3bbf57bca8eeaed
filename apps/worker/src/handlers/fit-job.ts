// The `fit` queue: fit the causal models on the whole history (the `preflight fit` use case). The new fit and
// the job's result row commit together, so a fit interrupted at any point leaves no fitted models behind and a
// re-run after a crash fits once.
import { defaultCreativeReader, fit } from "@preflight/simulator"
import { Effect } from "effect"
import { z } from "zod"
import { defineJobHandler } from "../queues/job-handler.ts"

export const FIT_QUEUE = "fit"

export const FitPayload = z.strictObject({
  attributionWindowDays: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
  /** Fewer training rows and no inner backtest make a fit faster (tests, demos); defaults are the simulator's. */
  maxTrainingRows: z.number().int().positive().optional(),
  backtestShare: z.number().min(0).max(0.9).optional()
})
export type FitPayload = z.output<typeof FitPayload>

export const fitJob = defineJobHandler({
  queue: FIT_QUEUE,
  description: "Fit the causal models on the imported history and make them the ones simulations use",
  payload: FitPayload,
  // One fit at a time per process (it uses a core for minutes). A killed worker's fit is noticed after
  // `heartbeatSeconds` of silence; 60 s leaves room for a fit's longest synchronous stage.
  policy: { concurrency: 1, retryLimit: 2, retryDelaySeconds: 5, expireInSeconds: 60 * 60, heartbeatSeconds: 60 },
  prepare: () => Effect.void,
  commit: (_prepared, payload) =>
    Effect.gen(function* () {
      const summary = yield* fit({
        reader: defaultCreativeReader,
        ...(payload.attributionWindowDays === undefined
          ? {}
          : { attributionWindowDays: payload.attributionWindowDays }),
        ...(payload.seed === undefined ? {} : { seed: payload.seed }),
        ...(payload.maxTrainingRows === undefined ? {} : { maxTrainingRows: payload.maxTrainingRows }),
        ...(payload.backtestShare === undefined ? {} : { backtestShare: payload.backtestShare })
      })
      const { diagnostics } = summary.backbone
      return {
        fitId: summary.fitId,
        seconds: summary.seconds,
        campaigns: diagnostics.campaigns,
        trainingRows: diagnostics.trainingRows,
        calibrationRatio: diagnostics.calibrationRatio
      }
    })
})
