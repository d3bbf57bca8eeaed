import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Example } from "../../src/example.ts"
import { LanguageModel } from "../../src/lm/language-model.ts"
import { zeroUsage } from "../../src/lm/types.ts"
import { Predict } from "../../src/modules/predict.ts"
import { Signature } from "../../src/signature/signature.ts"
import { scriptedRun } from "../support/fixtures.ts"
import { PersonaProgram, personaInputs, promptDependentAnswer } from "../support/persona-program.ts"

describe("Module", () => {
  it("lists named predictors with DSPy's dotted names", () => {
    const program = new PersonaProgram()
    assert.deepStrictEqual(
      program.namedPredictors().map(([name]) => name),
      ["evaluate.predict", "assess"]
    )
    const bare = new Predict(Signature.parse("a -> b"))
    assert.deepStrictEqual(
      bare.namedPredictors().map(([name]) => name),
      ["self"]
    )
  })

  it("optimizers can read and set each predictor's demos and instructions", () => {
    const program = new PersonaProgram()
    for (const [name, predictor] of program.namedPredictors()) {
      predictor.demos = [Example.of({ persona_profile: name }, { augmented: true })]
      predictor.setInstructions(`Optimized for ${name}`)
    }
    assert.strictEqual(program.evaluate.predict.signature.instructions, "Optimized for evaluate.predict")
    assert.strictEqual(program.assess.demos[0]?.get("persona_profile"), "assess")
  })

  it("deep copies are independent", () => {
    const program = new PersonaProgram()
    const copy = program.deepCopy()
    assert.instanceOf(copy, PersonaProgram)
    assert.strictEqual(copy.assess.signature, program.assess.signature)
    assert.notStrictEqual(copy.evaluate, program.evaluate)
    assert.notStrictEqual(copy.evaluate.predict, program.evaluate.predict)
    copy.assess.demos = [Example.of({ a: 1 })]
    copy.evaluate.predict.setInstructions("changed")
    assert.strictEqual(program.assess.demos.length, 0)
    assert.notStrictEqual(program.evaluate.predict.signature.instructions, "changed")
  })

  it("setLmSettings sets every predictor and resetCopy clears demos", () => {
    const program = new PersonaProgram()
    program.setLmSettings({ model: "cheap" })
    assert.deepStrictEqual(
      program.predictors().map((predictor) => predictor.settings?.model),
      ["cheap", "cheap"]
    )
    program.assess.demos = [Example.of({ a: 1 })]
    const reset = program.resetCopy()
    assert.strictEqual(reset.assess.demos.length, 0)
    assert.strictEqual(program.assess.demos.length, 1)
  })

  it.effect("runs sub-modules with their paths recorded in history and per-module usage", () => {
    const run = scriptedRun({ respond: promptDependentAnswer })
    const program = new PersonaProgram()
    return Effect.gen(function* () {
      const [inputs] = personaInputs
      if (inputs === undefined) return
      const prediction = yield* program.run(inputs)
      assert.isAtLeast(prediction.outputs.intent_delta, -1)
      assert.isAtMost(prediction.outputs.receptivity, 1)
      assert.deepStrictEqual(
        run.ledger.history().map((entry) => entry.modulePath),
        ["evaluate.predict", "assess"]
      )
      assert.deepStrictEqual([...run.ledger.byModule().keys()].sort(), ["assess", "evaluate.predict"])
    }).pipe(run.provide)
  })

  it.live("batch runs with bounded concurrency and keeps order", () => {
    let inFlight = 0
    let peak = 0
    const counting = Layer.succeed(LanguageModel, {
      provider: "counting",
      defaults: { model: "counting" },
      complete: (request) =>
        Effect.gen(function* () {
          inFlight++
          peak = Math.max(peak, inFlight)
          yield* Effect.sleep(5)
          inFlight--
          const value = request.messages.at(-1)?.content.split("\n")[1] ?? ""
          return { outputs: [`[[ ## b ## ]]\n${value}`], usage: zeroUsage, model: "counting" }
        })
    })
    const predict = new Predict(Signature.parse("a -> b"))
    return Effect.gen(function* () {
      const inputs = Array.from({ length: 12 }, (_, index) => ({ a: `v${index}` }))
      const outputs = yield* predict.batch(inputs, { concurrency: 3 })
      assert.deepStrictEqual(
        outputs.map((prediction) => prediction.outputs.b),
        inputs.map((input) => input.a)
      )
      assert.strictEqual(peak, 3)
    }).pipe(Effect.provide(counting))
  })
})
