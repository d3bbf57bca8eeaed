// The `canary-tick` queue (hourly): one look at the running canary (the simulator's `canaryTick`). It reads
// each arm's feedback (results and ratings of the simulations each version served), lets the sequential test
// decide, and holds, steps the candidate's traffic up, promotes it or rolls it back. The registry change, the
// experiment's log and the job's result row commit together.
import { DEFAULT_CANARY_POLICY } from "@preflight/calibration"
import { canaryTick } from "@preflight/simulator"
import { Effect } from "effect"
import { z } from "zod"
import { defineJobHandler } from "../queues/job-handler.ts"

export const CANARY_TICK_QUEUE = "canary-tick"

/** A canary policy as a job payload carries it (the calibration package's CanaryPolicy; defaults are its). */
export const CanaryPolicyPayload = z.strictObject({
  trafficSteps: z
    .array(z.number().gt(0).lt(1))
    .min(1)
    .default([...DEFAULT_CANARY_POLICY.trafficSteps]),
  minFeedbackPerArm: z.number().int().min(2).default(DEFAULT_CANARY_POLICY.minFeedbackPerArm),
  alpha: z.number().gt(0).lt(1).default(DEFAULT_CANARY_POLICY.alpha),
  mixtureStandardDeviation: z.number().positive().default(DEFAULT_CANARY_POLICY.mixtureStandardDeviation),
  higherIsBetter: z.boolean().default(true),
  maxFeedbackPerArm: z
    .number()
    .int()
    .positive()
    .default(DEFAULT_CANARY_POLICY.maxFeedbackPerArm ?? 10_000)
})

export const CanaryTickPayload = z.strictObject({})

export const canaryTickJob = defineJobHandler({
  queue: CANARY_TICK_QUEUE,
  description: "Look at the running canary: hold, step up, promote or roll back the candidate program",
  payload: CanaryTickPayload,
  policy: { concurrency: 1, retryLimit: 3, retryDelaySeconds: 5, expireInSeconds: 10 * 60 },
  prepare: () => Effect.void,
  commit: () => canaryTick()
})
