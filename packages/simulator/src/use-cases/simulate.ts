// The `simulate` use case: validate the request, forecast it with the newest fit, let the persona panel
// react (when one is given), run the Monte Carlo, assemble the response and store it with its seed.
import type { LanguageModel } from "@preflight/core-signatures"
import type { Database, NotFound } from "@preflight/storage"
import { Effect } from "effect"
import type { CalibrationUnreadable } from "../calibration/calibrated-program.ts"
import type { SimulateResponse } from "../contract/simulate-response.ts"
import type { CreativeReader } from "../features/creative-reader.ts"
import { servedProgram } from "../learning/program-routing.ts"
import type { StoredFit } from "../persistence/fit-store.ts"
import { type StoredRouting, saveSimulation } from "../persistence/simulation-store.ts"
import { assembleResponse, type CalibrationStatus } from "../simulation/assemble-response.ts"
import { type PanelError, personaPanel } from "../simulation/persona-panel.ts"
import type { PersonaPanelResult } from "../simulation/persona-panel-result.ts"
import type { SimulationPlan } from "../simulation/plan-simulation.ts"
import { type PlanRequestError, planRequest } from "./plan-request.ts"

export const UNCALIBRATED: CalibrationStatus = {
  historicalAccuracy: null,
  driftDetected: false,
  lastCalibration: null,
  programVersion: null
}

export interface SimulateOptions<E, R> {
  readonly reader: CreativeReader
  /** The persona panel for a plan (omit to simulate from the causal models alone). */
  readonly panel?: ((plan: SimulationPlan, fit: StoredFit) => Effect.Effect<PersonaPanelResult, E, R>) | undefined
  readonly calibration?: CalibrationStatus | undefined
  /** Store the request and response (default true). */
  readonly persist?: boolean | undefined
  /** How the program version was chosen, stored with the simulation (the learning loop's canary reads it). */
  readonly routing?: StoredRouting | undefined
}

export type SimulateError = PlanRequestError

/** Simulates `input` (an unvalidated request body). */
export const simulate = <E = never, R = never>(
  input: unknown,
  options: SimulateOptions<E, R>
): Effect.Effect<SimulateResponse, SimulateError | E, Database | R> =>
  Effect.gen(function* () {
    const { request, fit, plan } = yield* planRequest(input, options.reader)
    const panel = options.panel === undefined ? undefined : yield* options.panel(plan, fit)
    const response = assembleResponse(plan, fit, panel, options.calibration ?? UNCALIBRATED)
    if (options.persist ?? true) yield* saveSimulation(request, response, options.routing)
    return response
  }).pipe(Effect.withSpan("Simulator.simulate"))

/**
 * `simulate` with the calibrated persona program in use: its demos, its κ and its calibration quality in the
 * response (the default program, the uncalibrated κ and null quality before any calibration passed the gate).
 * While a canary runs, the version is the one the campaign's routing unit is assigned to (program-routing.ts).
 * `causalOnly` skips the persona panel.
 */
export const simulateWithActiveProgram = (
  input: unknown,
  options: { readonly reader: CreativeReader; readonly causalOnly?: boolean; readonly persist?: boolean }
): Effect.Effect<
  SimulateResponse,
  SimulateError | CalibrationUnreadable | NotFound | PanelError,
  Database | LanguageModel
> =>
  Effect.gen(function* () {
    const served = yield* servedProgram(input)
    const calibration = served.calibration
    return yield* simulate(input, {
      reader: options.reader,
      panel: options.causalOnly === true ? undefined : personaPanel(calibration?.panelOptions ?? {}),
      calibration: calibration?.status ?? UNCALIBRATED,
      persist: options.persist,
      routing: served.routing
    })
  })
