// The `simulate` queue: an accepted API request simulated in the background. The `simulations` row (keyed by
// the job id, written with storage's simulation-job store as the API's in-process runner does) goes queued →
// running → completed with the response, or failed with a problem document naming the typed error.
import { defaultCreativeReader, simulateWithActiveProgram } from "@preflight/simulator"
import { completeSimulation, failSimulation, markSimulationRunning } from "@preflight/storage"
import { Effect } from "effect"
import { z } from "zod"
import { jobLanguageModelLayer } from "../language-model/job-language-model.ts"
import type { JobErrorRecord } from "../queues/job-failure.ts"
import { defineJobHandler } from "../queues/job-handler.ts"

export const SIMULATE_QUEUE = "simulate"

export const SimulatePayload = z.strictObject({
  /** The `simulations` row this job fills in (the job id, see async-simulation.ts). */
  simulationId: z.string().min(1),
  /** The request body, already validated when it was accepted; its `simulation_params.seed` is the seed. */
  request: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  /** Skip the persona panel: the fitted causal models alone (faster; the CLI's --causal-only). */
  causalOnly: z.boolean().default(false)
})
export type SimulatePayload = z.output<typeof SimulatePayload>

/**
 * The failure as the API's status route shows it: an RFC 9457 problem (the `error` of `SimulationStatus` in
 * @preflight/client), with the typed error's tag and fields beside it. A request the simulator refuses is the
 * client's to fix (422); anything else failed after its retries (503, try again later).
 */
export const simulationProblem = (simulationId: string, error: JobErrorRecord) => ({
  type: `urn:preflight:problem:${error.tag}`,
  title: error.retryable ? "The simulation failed after its retries" : "The simulation cannot be run",
  status: error.retryable ? 503 : 422,
  detail: error.message,
  instance: `/api/v1/simulations/${encodeURIComponent(simulationId)}`,
  tag: error.tag,
  retryable: error.retryable,
  details: error.details
})

export const simulateJob = defineJobHandler({
  queue: SIMULATE_QUEUE,
  description: "Simulate an accepted request and store its response on its simulations row",
  payload: SimulatePayload,
  // Short jobs: several at once per process, a quick poll, a few retries for a busy language model.
  policy: {
    concurrency: 2,
    retryLimit: 4,
    retryDelaySeconds: 1,
    expireInSeconds: 10 * 60,
    pollingIntervalSeconds: 0.5
  },
  prepare: (payload) =>
    Effect.gen(function* () {
      // False when the row is no longer pending (an earlier attempt completed it): `commit` then changes nothing.
      yield* markSimulationRunning(payload.simulationId)
      // The active calibrated persona program, as the API and the CLI simulate.
      return yield* simulateWithActiveProgram(payload.request, {
        reader: defaultCreativeReader,
        causalOnly: payload.causalOnly === true,
        // The row keyed by the job id is written in `commit`, with the job's result row.
        persist: false
      }).pipe(Effect.provide(yield* jobLanguageModelLayer(payload.seed)))
    }),
  commit: (response, payload) =>
    Effect.gen(function* () {
      yield* completeSimulation(payload.simulationId, response, {
        fitId: response.model_versions.fit_id,
        programVersion: response.model_versions.program_version
      })
      return {
        simulationId: payload.simulationId,
        responseId: response.simulation_id,
        fitId: response.model_versions.fit_id,
        programVersion: response.model_versions.program_version
      }
    }),
  logAnnotations: (result) => ({ fitId: result.fitId, programVersion: result.programVersion }),
  onGivenUp: (payload, _job, error) =>
    failSimulation(payload.simulationId, simulationProblem(payload.simulationId, error)).pipe(Effect.ignore)
})
