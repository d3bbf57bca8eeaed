import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { ChainOfThought } from "../../src/modules/chain-of-thought.ts"
import { Signature } from "../../src/signature/signature.ts"
import { scriptedRun } from "../support/fixtures.ts"

describe("ChainOfThought", () => {
  it.effect("prepends a reasoning output and returns it with the answer", () => {
    const run = scriptedRun({ answers: [{ outputs: { reasoning: "2 and 2 make 4.", answer: 4 } }] })
    const cot = new ChainOfThought(Signature.parse("question -> answer: int"))
    return Effect.gen(function* () {
      const prediction = yield* cot.run({ question: "2+2?" })
      assert.deepStrictEqual(prediction.outputs, { reasoning: "2 and 2 make 4.", answer: 4 })
      const system = run.model.requests()[0]?.messages[0]?.content ?? ""
      assert.include(system, "Your output fields are:\n1. `reasoning` (str): \n2. `answer` (int):")
      // DSPy keeps the original default instructions after prepending `reasoning`.
      assert.include(system, "Given the fields `question`, produce the fields `answer`.")
      assert.strictEqual(
        cot.predict.signature.field("reasoning")?.prefix,
        "Reasoning: Let's think step by step in order to"
      )
      assert.deepStrictEqual(
        cot.namedPredictors().map(([name]) => name),
        ["predict"]
      )
    }).pipe(run.provide)
  })
})
