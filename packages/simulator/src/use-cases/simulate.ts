// The `simulate` use case: validate the request, forecast it with the newest fit, let the persona panel
// react (when one is given), run the Monte Carlo, assemble the response and store it with its seed.
import type { Database, DatabaseError } from "@preflight/storage"
import { Data, Effect } from "effect"
import { decodeWith, type RequestInvalid } from "../contract/decode.ts"
import { SimulateRequest } from "../contract/simulate-request.ts"
import type { SimulateResponse } from "../contract/simulate-response.ts"
import type { CreativeReader } from "../features/creative-reader.ts"
import { type FitUnreadable, loadLatestFit, type NoFittedModels, type StoredFit } from "../persistence/fit-store.ts"
import { saveSimulation } from "../persistence/simulation-store.ts"
import { assembleResponse, type CalibrationStatus } from "../simulation/assemble-response.ts"
import type { PersonaPanelResult } from "../simulation/persona-panel-result.ts"
import {
  type EmptyPopulation,
  planSimulation,
  type SimulationPlan,
  type UnknownChannels,
  type UnknownSegments
} from "../simulation/plan-simulation.ts"

/** The fit was made with another creative reader than the one simulating: their features would not agree. */
export class ReaderMismatch extends Data.TaggedError("ReaderMismatch")<{
  readonly fitted: string
  readonly current: string
}> {
  override get message(): string {
    return `the models were fitted with creative reader ${this.fitted} but ${this.current} is in use; run \`preflight fit\` again`
  }
}

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
}

export type SimulateError =
  | RequestInvalid
  | NoFittedModels
  | FitUnreadable
  | ReaderMismatch
  | UnknownSegments
  | UnknownChannels
  | EmptyPopulation
  | DatabaseError

/** Simulates `input` (an unvalidated request body). */
export const simulate = <E = never, R = never>(
  input: unknown,
  options: SimulateOptions<E, R>
): Effect.Effect<SimulateResponse, SimulateError | E, Database | R> =>
  Effect.gen(function* () {
    const request = yield* decodeWith(SimulateRequest, input, "simulate request")
    const fit = yield* loadLatestFit()
    if (fit.backbone.readerVersion !== options.reader.version) {
      return yield* new ReaderMismatch({ fitted: fit.backbone.readerVersion, current: options.reader.version })
    }
    const plan = planSimulation(request, fit, options.reader)
    if (!("cells" in plan)) return yield* plan
    const panel = options.panel === undefined ? undefined : yield* options.panel(plan, fit)
    const response = assembleResponse(plan, fit, panel, options.calibration ?? UNCALIBRATED)
    if (options.persist ?? true) yield* saveSimulation(request, response)
    return response
  }).pipe(Effect.withSpan("Simulator.simulate"))
