// SIMBA's rule strategy (dspy/teleprompt/simba_utils.py `append_a_rule`, `OfferFeedback`): the prompt model
// compares a better and a worse trajectory on the same example and writes advice per module, which is
// appended to that module's instructions.
import {
  type AnyModule,
  Example,
  type LanguageModel,
  type LmSettings,
  Predict,
  Signature,
  withLmSettings
} from "@preflight/core-signatures"
import { Effect } from "effect"
import { z } from "zod"
import { moduleDefinition, namesByPredictor, programStructure } from "../program-edit.ts"

import type { ExampleOutcome, OptimizationRun, RunStop } from "../run/optimization-run.ts"

export const OfferFeedback = Signature.make({
  instructions: `You will be given two trajectories of an LLM-driven program's execution. Your goal is to help the program's modules
build up experience on how to maximize the reward value assigned to the program's outputs if it were to receive
similar inputs in the future.

The module won't see its own history. It will rely on your advice balancing being concrete and being generalizable.

In your advice:
- Avoid boilerplate. Offer advice that would change the module's behavior for the better in the future.
- Ensure that advice offered to a module M is specific to that M's specific sub-task, not the overall program.
- Rely on contrasting the behavior of the worse trajectory against the better trajectory in making recommendations.
- Ensure each unique module name appears exactly once as a key in the advice dictionary.`,
  inputs: {
    program_code: { type: z.string(), description: "The code of the program that we are analyzing" },
    modules_defn: { type: z.string(), description: "The definition of each module in the program, including its I/O" },
    program_inputs: { type: z.string(), description: "The inputs to the program that we are analyzing" },
    oracle_metadata: {
      type: z.string(),
      description: "Any (hidden) metadata about the training set instance we're analyzing"
    },
    worse_program_trajectory: {
      type: z.string(),
      description: "The trajectory of the program's execution, showing each module's I/O"
    },
    worse_program_outputs: { type: z.string(), description: "The outputs of the program that we are analyzing" },
    worse_reward_value: { type: z.string(), description: "The reward value assigned to the program's outputs" },
    worse_reward_info: {
      type: z.string(),
      description: "Additional information that might be helpful to understanding the assigned reward value."
    },
    better_program_trajectory: {
      type: z.string(),
      description: "The trajectory of the program's execution, showing each module's I/O"
    },
    better_program_outputs: { type: z.string(), description: "The outputs of the program that we are analyzing" },
    better_reward_value: { type: z.string(), description: "The reward value assigned to the program's outputs" },
    better_reward_info: {
      type: z.string(),
      description: "Additional information that might be helpful to understanding the assigned reward value."
    },
    module_names: {
      type: z.array(z.string()),
      description: "The names of the modules in the program, for which we seek advice"
    }
  },
  outputs: {
    discussion: { type: z.string(), description: "Discussing blame of where each module went wrong, if it did" },
    module_advice: {
      type: z.record(z.string(), z.string()),
      description:
        "For each module, describe very concretely, in this order: the specific scenarios in which it has made mistakes in the past and what each mistake was, followed by what it should do differently in that kind of scenario in the future. If the module is correct, write 'N/A'."
    }
  }
})

/** One rollout of SIMBA's trajectory sampling: the outcome and the program copy that produced it. */
export interface Rollout {
  readonly outcome: ExampleOutcome
  readonly program: AnyModule
}

const json = (value: unknown): string => JSON.stringify(value, null, 2) ?? "null"

const outputsOf = (prediction: unknown): unknown => {
  if (prediction !== null && typeof prediction === "object" && "outputs" in prediction) return prediction.outputs
  return prediction
}

const trajectory = (rollout: Rollout | undefined) => {
  if (rollout === undefined) return []
  const names = namesByPredictor(rollout.program)
  return rollout.outcome.trace.map((step) => ({
    module_name: names.get(step.predictor) ?? step.path,
    inputs: step.inputs,
    outputs: step.outputs
  }))
}

/**
 * Asks the prompt model for advice comparing the best and worst rollouts of one example and appends it to
 * `system`'s instructions. Returns false (leaving `system` unchanged) when the bucket is not informative.
 */
export const appendARule = (
  run: OptimizationRun,
  params: {
    readonly bucket: ReadonlyArray<Rollout>
    readonly system: AnyModule
    readonly batch10thPercentile: number
    readonly batch90thPercentile: number
    readonly promptModel: LmSettings | undefined
  }
): Effect.Effect<boolean, RunStop, LanguageModel> =>
  Effect.gen(function* () {
    const good = params.bucket[0]
    const bad = params.bucket[params.bucket.length - 1]
    if (good === undefined || bad === undefined) return false
    if (good.outcome.score <= params.batch10thPercentile || bad.outcome.score >= params.batch90thPercentile)
      return false
    // When the best run is no better than the worst, DSPy hides one side (the one that is not informative).
    let better: Rollout | undefined = good
    let worse: Rollout | undefined = bad
    if (good.outcome.score <= bad.outcome.score) {
      if (good.outcome.score > params.batch90thPercentile) worse = undefined
      else better = undefined
    }
    const example = good.outcome.example
    const moduleNames = params.system.namedPredictors().map(([name]) => name)
    const inputs = {
      program_code: programStructure(params.system),
      modules_defn: params.system
        .namedPredictors()
        .map(([name, predictor]) => moduleDefinition(name, predictor))
        .join("\n\n"),
      program_inputs: json(example.inputs()),
      oracle_metadata: json(example.labels()),
      better_program_trajectory: json(trajectory(better)),
      better_program_outputs: json(
        better === undefined ? { "N/A": "Prediction not available" } : outputsOf(better.outcome.prediction)
      ),
      better_reward_value: better === undefined ? "N/A" : String(better.outcome.score),
      better_reward_info: json(better?.outcome.feedback ?? null),
      worse_program_trajectory: json(trajectory(worse)),
      worse_program_outputs: json(
        worse === undefined ? { "N/A": "Prediction not available" } : outputsOf(worse.outcome.prediction)
      ),
      worse_reward_value: worse === undefined ? "N/A" : String(worse.outcome.score),
      worse_reward_info: json(worse?.outcome.feedback ?? null),
      module_names: moduleNames
    }
    let call = new Predict(OfferFeedback).run(inputs)
    if (params.promptModel !== undefined) call = call.pipe(withLmSettings(params.promptModel))
    // Advice that could not be had changes nothing; the failure counts against `maxErrors`.
    const answered = yield* run.optionalCall(call)
    if (answered === undefined) return false
    const advice = answered.outputs.module_advice
    let changed = false
    for (const [name, predictor] of params.system.namedPredictors()) {
      const text = advice[name]
      // DSPy appends even "N/A"; an empty piece of advice changes nothing, so it is skipped here.
      if (text === undefined || text.trim() === "" || text.trim().toUpperCase() === "N/A") continue
      predictor.setInstructions(`${predictor.signature.instructions}\n\n${text}`)
      changed = true
    }
    return changed
  })

/**
 * DSPy `append_a_demo`: the best rollout's last step per predictor becomes a demo (inputs longer than
 * `maxInputLength` characters are truncated). Returns false when the best score is in the batch's bottom 10%.
 */
export const appendADemo = (params: {
  readonly bucket: ReadonlyArray<Rollout>
  readonly system: AnyModule
  readonly batch10thPercentile: number
  readonly maxInputLength: number
}): boolean => {
  const good = params.bucket[0]
  if (good === undefined || good.outcome.score <= params.batch10thPercentile) return false
  const names = namesByPredictor(good.program)
  const demos = new Map<string, { inputs: Record<string, unknown>; outputs: Record<string, unknown> }>()
  for (const step of good.outcome.trace) {
    const name = names.get(step.predictor)
    if (name === undefined) continue
    const inputs: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(step.inputs)) {
      const text = typeof value === "string" ? value : undefined
      inputs[key] =
        text !== undefined && text.length > params.maxInputLength
          ? `${text.slice(0, params.maxInputLength)}\n\t\t... <TRUNCATED FOR BREVITY>`
          : value
    }
    demos.set(name, { inputs, outputs: { ...step.outputs } })
  }
  const targets = new Map(params.system.namedPredictors())
  for (const [name, demo] of demos) {
    const predictor = targets.get(name)
    if (predictor === undefined) continue
    predictor.demos = [
      ...predictor.demos,
      Example.of({ ...demo.inputs, ...demo.outputs }, { inputs: Object.keys(demo.inputs), augmented: true })
    ]
  }
  return true
}
