// Simulations as rows: the request, the response, the seed and the fit and program version behind them,
// keyed by the response's deterministic id, so repeating a request stores nothing new.
import { Database } from "@preflight/storage"
import { Effect } from "effect"
import type { SimulateResponse } from "../contract/simulate-response.ts"

/** How the program version of a simulation was chosen (see learning/program-routing.ts). */
export interface StoredRouting {
  readonly unit: string | null
  readonly experimentId: string | null
  readonly versionId: string | null
}

/** Stores a completed simulation (idempotent on its id), with the routing that chose its program version. */
export const saveSimulation = Effect.fn("Simulator.saveSimulation")(function* (
  request: unknown,
  response: SimulateResponse,
  routing?: StoredRouting
) {
  const database = yield* Database
  yield* database.execute(
    `INSERT INTO simulations (simulation_id, status, request, response, seed, fit_id, program_version, completed_at,
       routing_unit, experiment_id, program_version_id)
     VALUES ($1, 'completed', $2, $3, $4, $5, $6, now(), $7, $8::uuid, $9::uuid)
     ON CONFLICT (simulation_id) DO NOTHING`,
    [
      response.simulation_id,
      JSON.stringify(request),
      JSON.stringify(response),
      response.seed,
      response.model_versions.fit_id,
      response.model_versions.program_version,
      routing?.unit ?? null,
      routing?.experimentId ?? null,
      routing?.versionId ?? null
    ]
  )
})

/** A stored simulation's response, or undefined. */
export const findSimulation = Effect.fn("Simulator.findSimulation")(function* (simulationId: string) {
  const database = yield* Database
  const rows = yield* database.query<{ response: unknown }>(
    "SELECT response FROM simulations WHERE simulation_id = $1 AND status = 'completed'",
    [simulationId]
  )
  const row = rows[0]
  if (row === undefined) return undefined
  return (typeof row.response === "string" ? JSON.parse(row.response) : row.response) as SimulateResponse
})
