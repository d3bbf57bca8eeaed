// `SimulationJobs`: simulations that run in the background (202 Accepted). The interface is what the API
// needs (enqueue, status); `layerInProcess` runs jobs in this process over the `simulations` table, so it works
// on the embedded database with no other moving part. A queue-backed implementation (pg-boss workers) can
// provide the same service later.
import { randomUUID } from "node:crypto"
import type { LanguageModel } from "@preflight/core-signatures"
import type { SimulateRequest, SimulateResponse } from "@preflight/simulator"
import {
  completeSimulation,
  type Database,
  type DatabaseError,
  failSimulation,
  findSimulationRecord,
  insertQueuedSimulation,
  markSimulationRunning,
  pendingSimulations,
  type SimulationRecord
} from "@preflight/storage"
import { Cause, Context, Effect, Exit, Layer, Queue } from "effect"
import { problemForFailure } from "../http/failure-problem.ts"
import { problemBody } from "../http/problem.ts"

export interface SimulationTicket {
  readonly simulationId: string
  readonly status: "queued"
}

export interface SimulationJobsShape {
  /** Records the request as a queued simulation and schedules it. */
  readonly enqueue: (request: SimulateRequest) => Effect.Effect<SimulationTicket, DatabaseError>
  /** The simulation's state (and response or problem once finished), or undefined. */
  readonly status: (simulationId: string) => Effect.Effect<SimulationRecord | undefined, DatabaseError>
}

/** How a job turns a request into a response (the API passes `simulate` with its reader and persona panel). */
export type RunSimulation = (request: unknown) => Effect.Effect<SimulateResponse, unknown, Database | LanguageModel>

export const simulationLocation = (simulationId: string) => `/api/v1/simulations/${encodeURIComponent(simulationId)}`

export class SimulationJobs extends Context.Service<SimulationJobs, SimulationJobsShape>()(
  "@preflight/api/SimulationJobs"
) {
  /**
   * Jobs run one at a time on a background fiber of this process (simulations are CPU-bound: two at once on
   * the same cores would only both be slower). Jobs a stopped process left queued or running are picked up
   * again at start; closing the layer interrupts the running one, which is then redone on the next start.
   */
  static readonly layerInProcess = (run: RunSimulation) =>
    Layer.effect(
      SimulationJobs,
      Effect.gen(function* () {
        const queue = yield* Queue.unbounded<string>()
        // The service's methods run on the database this layer was built with.
        const context = yield* Effect.context<Database>()

        const work = (simulationId: string) =>
          Effect.gen(function* () {
            if (!(yield* markSimulationRunning(simulationId))) return
            const record = yield* findSimulationRecord(simulationId)
            if (record === undefined) return
            const exit = yield* Effect.exit(run(record.request))
            if (Exit.isSuccess(exit)) {
              const response = exit.value
              return yield* completeSimulation(simulationId, response, {
                fitId: response.model_versions.fit_id,
                programVersion: response.model_versions.program_version
              })
            }
            if (Cause.hasInterruptsOnly(exit.cause)) return yield* Effect.interrupt
            const failure = Cause.findErrorOption(exit.cause)
            const problem = (failure._tag === "Some" ? problemForFailure(failure.value) : undefined) ?? {
              status: 500,
              kind: "internal",
              title: "The simulation failed unexpectedly"
            }
            yield* failSimulation(simulationId, problemBody(problem, simulationLocation(simulationId), undefined))
          })

        // One failed bookkeeping statement must not stop the loop; the job stays pending and is redone at start.
        yield* Effect.forkScoped(
          Effect.forever(
            Queue.take(queue).pipe(
              Effect.flatMap((simulationId) =>
                work(simulationId).pipe(
                  Effect.catchCause((cause) =>
                    Cause.hasInterruptsOnly(cause)
                      ? Effect.failCause(cause)
                      : Effect.logError("simulation job bookkeeping failed", simulationId, Cause.pretty(cause))
                  )
                )
              )
            )
          )
        )
        for (const pending of yield* pendingSimulations()) yield* Queue.offer(queue, pending.simulationId)

        return SimulationJobs.of({
          enqueue: (request) =>
            Effect.gen(function* () {
              const simulationId = `simjob_${randomUUID()}`
              yield* insertQueuedSimulation(simulationId, request, request.simulation_params.seed ?? 0)
              yield* Queue.offer(queue, simulationId)
              return { simulationId, status: "queued" as const }
            }).pipe(Effect.provideContext(context)),
          status: (simulationId) => findSimulationRecord(simulationId).pipe(Effect.provideContext(context))
        })
      })
    )
}
