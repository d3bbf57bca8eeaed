import { assert, describe, it } from "@effect/vitest"
import { evaluate, type Prediction } from "@preflight/core-signatures"
import { Effect } from "effect"
import { GEPA } from "../src/gepa/gepa.ts"
import { MIPROv2 } from "../src/mipro/mipro-v2.ts"
import { toyLayer } from "./support/toy-task.ts"
import {
  conversionData,
  conversionMetric,
  conversionProgram,
  METRES,
  ROUNDING,
  respondConversion
} from "./support/wording-task.ts"

const { trainset, valset, testset } = conversionData()

const heldOut = (program: ReturnType<typeof conversionProgram>) =>
  Effect.map(
    evaluate(program, {
      devset: testset,
      metric: (example, prediction: Prediction) => conversionMetric(example, prediction).score
    }),
    (result) => result.meanScore
  )

describe("instruction search: accuracy depends on the instructions' wording only", () => {
  it.effect("demos do not help: a program with labeled demos scores as zero-shot", () => {
    const { layer } = toyLayer({ respond: respondConversion })
    return Effect.gen(function* () {
      const withDemos = conversionProgram()
      withDemos.demos = trainset.slice(0, 8)
      assert.strictEqual(yield* heldOut(conversionProgram()), 0)
      assert.strictEqual(yield* heldOut(withDemos), 0)
    }).pipe(Effect.provide(layer))
  })

  it.effect("MIPROv2 (zero-shot mode) finds the wording through grounded proposals and TPE", () => {
    const { layer } = toyLayer({ respond: respondConversion })
    return Effect.gen(function* () {
      const result = yield* new MIPROv2({
        auto: null,
        numCandidates: 8,
        numTrials: 12,
        maxBootstrappedDemos: 0,
        maxLabeledDemos: 0
      }).compile(conversionProgram(), { trainset, valset, metric: conversionMetric, seed: 9 })
      const instruction = result.program.signature.instructions
      const proposals = new Set(result.trials.map((trial) => trial.candidate.instructions.self ?? ""))
      console.log("MIPROv2 proposals tried:", [...proposals], "chosen:", instruction)
      assert.include(instruction, METRES)
      assert.include(instruction, ROUNDING)
      assert.strictEqual(result.program.demos.length, 0)
      assert.strictEqual(result.score, 1)
      assert.strictEqual(yield* heldOut(result.program), 1)
      // The search had worse wordings to choose from: the default scored 0.
      assert.strictEqual(result.trials[0]?.label, "default")
      assert.strictEqual(result.trials[0]?.score, 0)
    }).pipe(Effect.provide(layer))
  })

  it.effect("GEPA finds the wording from the metric's textual feedback", () => {
    const { layer } = toyLayer({ respond: respondConversion })
    return Effect.gen(function* () {
      const result = yield* new GEPA({ maxMetricCalls: 200 }).compile(conversionProgram(), {
        trainset,
        valset,
        metric: conversionMetric,
        seed: 0
      })
      const instruction = result.program.signature.instructions
      console.log(
        "GEPA lineage:",
        result.trials
          .filter((trial) => trial.kind === "full")
          .map((trial) => [trial.candidate.instructions.self, trial.score])
      )
      assert.include(instruction, METRES)
      assert.include(instruction, ROUNDING)
      assert.strictEqual(result.score, 1)
      assert.strictEqual(yield* heldOut(result.program), 1)
      assert.isAtMost(result.cost.metricCalls, 200)
    }).pipe(Effect.provide(layer))
  })
})
