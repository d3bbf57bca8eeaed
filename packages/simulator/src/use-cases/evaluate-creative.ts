// The `evaluateCreative` use case: a persona panel's qualitative reactions to a request's variants (mean intent
// change, action, emotion and purchase shares, rationales) per segment × variant × channel. No KPIs: how
// many will buy is `simulate`'s answer, from the fitted models.
import type { LanguageModel } from "@preflight/core-signatures"
import type { SegmentSummary } from "@preflight/personas"
import type { Database, DatabaseError } from "@preflight/storage"
import { Effect } from "effect"
import { decodeWith, type RequestInvalid } from "../contract/decode.ts"
import { SimulateRequest } from "../contract/simulate-request.ts"
import type { CreativeReader } from "../features/creative-reader.ts"
import { type FitUnreadable, loadLatestFit, type NoFittedModels } from "../persistence/fit-store.ts"
import { type PanelError, type PersonaPanelOptions, reactToPlan } from "../simulation/persona-panel.ts"
import {
  type EmptyPopulation,
  planSimulation,
  type UnknownChannels,
  type UnknownSegments
} from "../simulation/plan-simulation.ts"

export interface CreativeEvaluation {
  readonly personas: number
  readonly programCalls: number
  readonly callsSaved: number
  readonly summaries: ReadonlyArray<SegmentSummary>
}

export const evaluateCreative = (
  input: unknown,
  options: PersonaPanelOptions & { readonly reader: CreativeReader }
): Effect.Effect<
  CreativeEvaluation,
  | RequestInvalid
  | NoFittedModels
  | FitUnreadable
  | UnknownSegments
  | UnknownChannels
  | EmptyPopulation
  | PanelError
  | DatabaseError,
  Database | LanguageModel
> =>
  Effect.gen(function* () {
    const request = yield* decodeWith(SimulateRequest, input, "simulate request")
    const fit = yield* loadLatestFit()
    const plan = planSimulation(request, fit, options.reader)
    if (!("cells" in plan)) return yield* plan
    const { panel, personas } = yield* reactToPlan(plan, fit, options)
    return {
      personas: personas.reduce((sum, count) => sum + count, 0),
      programCalls: panel.programCalls,
      callsSaved: panel.callsSaved,
      summaries: panel.summaries
    }
  }).pipe(Effect.withSpan("Simulator.evaluateCreative"))
