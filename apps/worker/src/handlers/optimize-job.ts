// The `optimize` queue (daily): one step of the learning loop (the simulator's `learn` use case). It buffers
// the outcomes that arrived since the active program was calibrated, checks them for drift, turns feedback into
// training examples, and when the buffer reaches its threshold refits, re-optimizes and puts the new version in
// canary. The whole step commits with the job's result row, so a killed worker leaves no half-started canary.
import { DEFAULT_BUFFER_THRESHOLD, defaultCreativeReader, learn, OPTIMIZER_NAMES } from "@preflight/simulator"
import { Effect } from "effect"
import { z } from "zod"
import { jobLanguageModelLayer } from "../language-model/job-language-model.ts"
import { defineJobHandler } from "../queues/job-handler.ts"
import { CanaryPolicyPayload } from "./canary-tick-job.ts"

export const OPTIMIZE_QUEUE = "optimize"

export const OptimizePayload = z.strictObject({
  /** New cells (campaign × variant × segment) that trigger a re-optimization. */
  bufferThreshold: z.number().int().positive().default(DEFAULT_BUFFER_THRESHOLD),
  optimizer: z.enum(OPTIMIZER_NAMES).optional(),
  seed: z.number().int().optional(),
  budgetCalls: z.number().int().positive().optional(),
  /** The calibration gate's threshold. */
  threshold: z.number().min(0).max(1).optional(),
  canaryPolicy: CanaryPolicyPayload.optional(),
  maxTrainingRows: z.number().int().positive().optional()
})
export type OptimizePayload = z.output<typeof OptimizePayload>

export const optimizeJob = defineJobHandler({
  queue: OPTIMIZE_QUEUE,
  description: "One step of the learning loop: buffer new outcomes, check drift, re-optimize and start a canary",
  payload: OptimizePayload,
  policy: { concurrency: 1, retryLimit: 3, retryDelaySeconds: 10, expireInSeconds: 2 * 60 * 60, heartbeatSeconds: 60 },
  prepare: () => Effect.void,
  commit: (_prepared, payload) =>
    Effect.gen(function* () {
      const report = yield* learn({
        reader: defaultCreativeReader,
        bufferThreshold: payload.bufferThreshold,
        optimizer: payload.optimizer,
        seed: payload.seed ?? 0,
        budget: payload.budgetCalls === undefined ? undefined : { maxLmCalls: payload.budgetCalls },
        threshold: payload.threshold,
        canaryPolicy: payload.canaryPolicy,
        maxTrainingRows: payload.maxTrainingRows
      }).pipe(Effect.provide(yield* jobLanguageModelLayer(payload.seed ?? 0)))
      return {
        action: report.action,
        reasons: report.reasons,
        buffer: report.buffer,
        drift: report.drift === null ? null : { anyDrift: report.drift.anyDrift, drifted: report.drift.drifted },
        feedback: report.feedback,
        calibrationId: report.calibration?.calibrationId ?? null,
        registered: report.calibration?.registered ?? null,
        canary: report.canary
      }
    })
})
