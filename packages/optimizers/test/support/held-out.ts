// Scores a program on a held-out set with core-signatures' `evaluate` (outside any optimization run).
import { type AnyModule, type Example, evaluate, type LanguageModel, type Prediction } from "@preflight/core-signatures"
import { Effect } from "effect"
import { zoneMetric } from "./toy-task.ts"

/** Mean zone accuracy of `program` on `testset`. */
export const heldOutScore = (
  program: AnyModule,
  testset: ReadonlyArray<Example>
): Effect.Effect<number, unknown, LanguageModel> =>
  Effect.map(
    evaluate(program as unknown as { run(inputs: never): Effect.Effect<Prediction, unknown, LanguageModel> }, {
      devset: testset,
      metric: (example, prediction) => zoneMetric(example, prediction).score
    }),
    (result) => result.meanScore
  )
