// The first steps every request-driven use case shares: validate the body, load the fit in use, check that the
// creative reader is the one it was fitted with, and plan the simulation (segments, channels, populations,
// forecasts). `simulate`, `predictUplift` and `evaluateCreative` go on from the plan.
import type { Database, DatabaseError } from "@preflight/storage"
import { Data, Effect } from "effect"
import { decodeWith, type RequestInvalid } from "../contract/decode.ts"
import { SimulateRequest } from "../contract/simulate-request.ts"
import type { CreativeReader } from "../features/creative-reader.ts"
import { type FitUnreadable, loadLatestFit, type NoFittedModels, type StoredFit } from "../persistence/fit-store.ts"
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

export type PlanRequestError =
  | RequestInvalid
  | NoFittedModels
  | FitUnreadable
  | ReaderMismatch
  | UnknownSegments
  | UnknownChannels
  | EmptyPopulation
  | DatabaseError

export const planRequest = (
  input: unknown,
  reader: CreativeReader
): Effect.Effect<
  { readonly request: SimulateRequest; readonly fit: StoredFit; readonly plan: SimulationPlan },
  PlanRequestError,
  Database
> =>
  Effect.gen(function* () {
    const request = yield* decodeWith(SimulateRequest, input, "simulate request")
    const fit = yield* loadLatestFit()
    if (fit.backbone.readerVersion !== reader.version) {
      return yield* new ReaderMismatch({ fitted: fit.backbone.readerVersion, current: reader.version })
    }
    const plan = planSimulation(request, fit, reader)
    if (!("cells" in plan)) return yield* plan
    return { request, fit, plan }
  })
