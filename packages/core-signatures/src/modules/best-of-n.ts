// BestOfN and Refine (dspy/predict/best_of_n.py, refine.py): run a module up to N times at temperature 1.0
// with distinct rollout ids (so the cache does not return the same answer), keep the first attempt whose
// reward reaches the threshold, else the best. Refine also asks the model for per-predictor advice after a
// weak attempt and feeds it to the next attempt as a `hint_` input.
import { Effect } from "effect"
import { z } from "zod"
import { dedent, splitLines } from "../adapters/chat-adapter.ts"
import type { LanguageModel } from "../lm/language-model.ts"
import { LmContextSettings, LmOverrides, withLmOverrides } from "../lm/settings.ts"
import { typeText } from "../signature/field-type.ts"
import type { FieldValues } from "../signature/signature.ts"
import { Signature } from "../signature/signature.ts"
import { type AnyModule, type CallOptions, Module } from "./module.ts"
import { Predict } from "./predict.ts"
import { CurrentHints, extendTrace, type TraceStep, withTrace } from "./trace.ts"

/** Scores an attempt; higher is better. May return an Effect (e.g. an LM judge). */
export type RewardFunction<I, P> = (inputs: I, prediction: P) => number | Effect.Effect<number, unknown, LanguageModel>

/** Options of BestOfN and Refine. */
export interface BestOfNOptions<I, P> {
  /** Attempts at most. */
  readonly n: number
  readonly reward: RewardFunction<I, P>
  /** Stop at the first attempt with reward ≥ threshold. */
  readonly threshold: number
  /** Failed attempts tolerated before the error is raised (default n, like DSPy). */
  readonly failCount?: number
}

const rewardOf = <I, P>(reward: RewardFunction<I, P>, inputs: I, prediction: P) => {
  const value = reward(inputs, prediction)
  return typeof value === "number" ? Effect.succeed(value) : value
}

const startRollout = Effect.gen(function* () {
  const overrides = yield* LmOverrides
  const context = yield* LmContextSettings
  const start = overrides.rolloutId ?? context.rolloutId
  return typeof start === "number" ? start : 0
})

interface Attempt<P> {
  readonly prediction: P
  readonly reward: number
  readonly trace: ReadonlyArray<TraceStep>
}

/** Runs a module up to `n` times and returns the first good-enough or the best prediction. */
export class BestOfN<I extends object = FieldValues, P = unknown> extends Module<I, P> {
  readonly module: Module<I, P>
  readonly options: BestOfNOptions<I, P>

  constructor(module: Module<I, P>, options: BestOfNOptions<I, P>) {
    super()
    this.module = module
    this.options = options
  }

  forward(inputs: I, callOptions?: CallOptions): Effect.Effect<P, unknown, LanguageModel> {
    const self = this
    return Effect.gen(function* () {
      const start = yield* startRollout
      let best: Attempt<P> | undefined
      let failuresLeft = self.options.failCount ?? self.options.n
      let lastError: unknown
      for (let index = 0; index < self.options.n; index++) {
        const attempt = yield* Effect.result(
          Effect.gen(function* () {
            const { value, trace } = yield* withTrace(self.module.run(inputs, callOptions))
            const reward = yield* rewardOf(self.options.reward, inputs, value)
            return { prediction: value, reward, trace }
          }).pipe(withLmOverrides({ rolloutId: start + index, temperature: 1.0 }))
        )
        if (attempt._tag === "Failure") {
          lastError = attempt.failure
          if (index > failuresLeft) return yield* Effect.fail(attempt.failure)
          failuresLeft--
          continue
        }
        if (best === undefined || attempt.success.reward > best.reward) best = attempt.success
        if (attempt.success.reward >= self.options.threshold) break
      }
      if (best === undefined) return yield* Effect.fail(lastError)
      yield* extendTrace(best.trace)
      return best.prediction
    })
  }
}

// dspy/predict/refine.py OfferFeedback
const OfferFeedback = Signature.make({
  instructions: dedent(`
    In the discussion, assign blame to each module that contributed to the final reward being below the threshold, if
    any. Then, prescribe concrete advice of how the module should act on its future input when we retry the process, if
    it were to receive the same or similar inputs. If a module is not to blame, the advice should be N/A.
    The module will not see its own history, so it needs to rely on entirely concrete and actionable advice from you
    to avoid the same mistake on the same or similar inputs.`).trim(),
  inputs: {
    program_code: z.string().describe("The code of the program that we are analyzing"),
    modules_defn: z.string().describe("The definition of each module in the program, including its I/O"),
    program_inputs: z.string().describe("The inputs to the program that we are analyzing"),
    program_trajectory: z.string().describe("The trajectory of the program's execution, showing each module's I/O"),
    program_outputs: z.string().describe("The outputs of the program that we are analyzing"),
    reward_code: z.string().describe("The code of the reward function that we are analyzing"),
    target_threshold: z.number().describe("The target threshold for the reward function"),
    reward_value: z.number().describe("The reward value assigned to the program's outputs"),
    module_names: z.array(z.string()).describe("The names of the modules in the program, for which we seek advice")
  },
  outputs: {
    discussion: z.string().describe("Discussing blame of where each module went wrong, if it did"),
    advice: z
      .record(z.string(), z.string())
      .describe(
        "For each module, describe very concretely, in this order: the specific scenarios in which it has made " +
          "mistakes in the past and what each mistake was, followed by what it should do differently in that kind of" +
          "scenario in the future. If the module is not to blame, write N/A."
      )
  }
})

// dspy/predict/refine.py inspect_modules
const describeModules = (program: AnyModule): string => {
  const separator = "-".repeat(80)
  const lines: string[] = [separator]
  for (const [name, predictor] of program.namedPredictors()) {
    const signature = predictor.signature
    const instructions = ["", ...splitLines(dedent(signature.instructions))].join("\n\t\t")
    lines.push(`Module ${name}`)
    lines.push("\n\tInput Fields:")
    lines.push(["", ...signature.inputFields.map((field) => `${field.name}: ${typeText(field.type)}`)].join("\n\t\t"))
    lines.push("\tOutput Fields:")
    lines.push(["", ...signature.outputFields.map((field) => `${field.name}: ${typeText(field.type)}`)].join("\n\t\t"))
    lines.push(`\tOriginal Instructions: ${instructions}`)
    lines.push(separator)
  }
  return lines.map((line) => line.replace(/^\n+|\n+$/g, "").replace(/^\t+|\t+$/g, "")).join("\n")
}

const json = (value: unknown): string => JSON.stringify(value, null, 2)

/** Like BestOfN, but a weak attempt is followed by per-predictor advice given to the next attempt. */
export class Refine<I extends object = FieldValues, P = unknown> extends Module<I, P> {
  readonly module: Module<I, P>
  readonly options: BestOfNOptions<I, P>

  constructor(module: Module<I, P>, options: BestOfNOptions<I, P>) {
    super()
    this.module = module
    this.options = options
  }

  forward(inputs: I, callOptions?: CallOptions): Effect.Effect<P, unknown, LanguageModel> {
    const self = this
    return Effect.gen(function* () {
      const start = yield* startRollout
      const named = self.module.namedPredictors()
      const names = new Map<object, string>(named.map(([name, predictor]) => [predictor, name]))
      let hints: ReadonlyMap<object, string> | undefined
      let best: Attempt<P> | undefined
      let failuresLeft = self.options.failCount ?? self.options.n
      let lastError: unknown
      for (let index = 0; index < self.options.n; index++) {
        const attempt = yield* Effect.result(
          Effect.gen(function* () {
            const { value, trace } = yield* withTrace(
              self.module.run(inputs, callOptions).pipe(Effect.provideService(CurrentHints, hints))
            )
            const reward = yield* rewardOf(self.options.reward, inputs, value)
            return { prediction: value, reward, trace }
          }).pipe(withLmOverrides({ rolloutId: start + index, temperature: 1.0 }))
        )
        if (attempt._tag === "Failure") {
          lastError = attempt.failure
          if (index > failuresLeft) return yield* Effect.fail(attempt.failure)
          failuresLeft--
          continue
        }
        const current = attempt.success
        if (best === undefined || current.reward > best.reward) best = current
        if (current.reward >= self.options.threshold || index === self.options.n - 1) break
        const feedback = new Predict(OfferFeedback)
        const advice = yield* Effect.result(
          feedback.run({
            program_code: String(self.module.constructor),
            modules_defn: describeModules(self.module),
            program_inputs: json(inputs),
            program_trajectory: json(
              current.trace.map((step) => ({
                module_name: names.get(step.predictor) ?? step.path,
                inputs: step.inputs,
                outputs: step.outputs
              }))
            ),
            program_outputs: json(current.prediction),
            reward_code: String(self.options.reward),
            target_threshold: self.options.threshold,
            reward_value: current.reward,
            module_names: named.map(([name]) => name)
          })
        )
        if (advice._tag === "Success") {
          const byName = advice.success.outputs.advice
          hints = new Map(named.map(([name, predictor]) => [predictor, byName[name] ?? "N/A"]))
        }
      }
      if (best === undefined) return yield* Effect.fail(lastError)
      yield* extendTrace(best.trace)
      return best.prediction
    })
  }
}
