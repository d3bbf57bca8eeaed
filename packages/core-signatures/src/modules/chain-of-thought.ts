// ChainOfThought: Predict over the signature with a `reasoning` output prepended, so the model reasons
// before answering (dspy/predict/chain_of_thought.py; same field name and prefix, no description).
import type { Effect } from "effect"
import { z } from "zod"
import type { PredictError } from "../errors.ts"
import type { Prediction } from "../example.ts"
import type { LanguageModel } from "../lm/language-model.ts"
import type { FieldValues, Signature } from "../signature/signature.ts"
import { type CallOptions, Module } from "./module.ts"
import { Predict, type PredictOptions } from "./predict.ts"

/** Outputs of a chain of thought: the signature's outputs plus `reasoning`. */
export type WithReasoning<O extends object> = { readonly reasoning: string } & O

/**
 * Reasons step by step, then answers.
 * @example const judge = new ChainOfThought(EvaluateCreative); yield* judge.run(inputs) // outputs.reasoning, ...
 */
export class ChainOfThought<I extends object = FieldValues, O extends object = FieldValues> extends Module<
  I,
  Prediction<WithReasoning<O>>
> {
  /** The inner predictor (named `predict`, as in DSPy, so saved programs use the key "<name>.predict"). */
  readonly predict: Predict<I, WithReasoning<O>>

  constructor(signature: Signature<I, O>, options: PredictOptions = {}) {
    super()
    const extended = signature.prepend("reasoning", "output", {
      type: z.string(),
      prefix: "Reasoning: Let's think step by step in order to"
    }) as unknown as Signature<I, WithReasoning<O>>
    this.predict = new Predict(extended, options)
  }

  forward(inputs: I, options?: CallOptions): Effect.Effect<Prediction<WithReasoning<O>>, PredictError, LanguageModel> {
    return this.predict.run(inputs, options)
  }
}
