// The `evaluateCreative` use case: a persona panel's qualitative reactions to a request's variants (mean intent
// change, action, emotion and purchase shares, rationales) per segment × variant × channel. No KPIs: how
// many will buy is `simulate`'s answer, from the fitted models.
import type { LanguageModel } from "@preflight/core-signatures"
import type { SegmentSummary } from "@preflight/personas"
import type { Database } from "@preflight/storage"
import { Effect } from "effect"
import type { CreativeReader } from "../features/creative-reader.ts"
import { type PanelError, type PersonaPanelOptions, reactToPlan } from "../simulation/persona-panel.ts"
import { type PlanRequestError, planRequest } from "./plan-request.ts"

export interface CreativeEvaluation {
  readonly personas: number
  readonly programCalls: number
  readonly callsSaved: number
  readonly summaries: ReadonlyArray<SegmentSummary>
}

export const evaluateCreative = (
  input: unknown,
  options: PersonaPanelOptions & { readonly reader: CreativeReader }
): Effect.Effect<CreativeEvaluation, PlanRequestError | PanelError, Database | LanguageModel> =>
  Effect.gen(function* () {
    const { fit, plan } = yield* planRequest(input, options.reader)
    const { panel, personas } = yield* reactToPlan(plan, fit, options)
    return {
      personas: personas.reduce((sum, count) => sum + count, 0),
      programCalls: panel.programCalls,
      callsSaved: panel.callsSaved,
      summaries: panel.summaries
    }
  }).pipe(Effect.withSpan("Simulator.evaluateCreative"))
