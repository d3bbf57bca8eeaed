// Asynchronous simulations on the queue, for the API: accept a request (validated at once, so a bad one is a
// 400 and never a failed job), record it `queued` and send its job in one transaction, then read its status.
// The simulation is addressed by its job id; the response inside carries the content-derived `simulation_id`
// that a synchronous simulate of the same request, seed and fit would give.
import { randomUUID } from "node:crypto"
import { decodeWith, SimulateRequest } from "@preflight/simulator"
import { Database, findSimulationRecord, insertQueuedSimulation, type SqlValue } from "@preflight/storage"
import { Effect } from "effect"
import type { Db } from "pg-boss"
import { SIMULATE_QUEUE, type SimulatePayload } from "./handlers/simulate-job.ts"
import { bossCall, JobQueue } from "./queues/job-queue.ts"

const withSeed = (request: unknown, seed: number): unknown => {
  if (typeof request !== "object" || request === null || Array.isArray(request)) return request
  const body = request as Record<string, unknown>
  const params =
    typeof body.simulation_params === "object" && body.simulation_params !== null ? body.simulation_params : {}
  return { ...body, simulation_params: { ...params, seed } }
}

/**
 * Queues a simulation of `request` with `seed` (which overrides `simulation_params.seed`) and returns its id,
 * which is also its job id. Fails with `RequestInvalid` (every issue by field path) before anything is stored.
 */
export const enqueueSimulation = Effect.fn("Worker.enqueueSimulation")(function* (
  request: unknown,
  seed: number,
  options: { readonly causalOnly?: boolean } = {}
) {
  const body = withSeed(request, seed)
  yield* decodeWith(SimulateRequest, body, "simulate request")
  const { boss } = yield* JobQueue
  const database = yield* Database
  const simulationId = randomUUID()
  const payload: SimulatePayload = {
    simulationId,
    request: body as Record<string, unknown>,
    seed,
    causalOnly: options.causalOnly ?? false
  }
  yield* database.transaction(
    Effect.gen(function* () {
      yield* insertQueuedSimulation(simulationId, body, seed)
      // pg-boss's insert runs on this transaction's connection, so the row and the job exist together or not
      // at all: no queued row without a job to fill it, no job without its row.
      const transactionContext = yield* Effect.context<never>()
      const inTransaction: Db = {
        executeSql: (text, values) =>
          Effect.runPromiseWith(transactionContext)(
            database.query(text, (values ?? []) as ReadonlyArray<SqlValue>)
          ).then((rows) => ({ rows: [...rows] }))
      }
      yield* bossCall("cannot queue the simulation", () =>
        boss.send(SIMULATE_QUEUE, payload, { id: simulationId, db: inTransaction })
      )
    })
  )
  return simulationId
})

/**
 * A simulation's state, its response once completed and its problem once failed; undefined if unknown. The
 * same record the API's status route reads (storage's `findSimulationRecord`).
 */
export const simulationStatus = Effect.fn("Worker.simulationStatus")(function* (simulationId: string) {
  return yield* findSimulationRecord(simulationId)
})
