import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import { z } from "zod"
import { Example } from "../../src/example.ts"
import { Predict } from "../../src/modules/predict.ts"
import { ReAct } from "../../src/modules/react.ts"
import { Signature } from "../../src/signature/signature.ts"
import { dumpProgramState, loadProgramJson, loadProgramState, programToJson } from "../../src/state/program-state.ts"
import { scriptedRun } from "../support/fixtures.ts"
import { PersonaProgram, personaInputs, promptDependentAnswer } from "../support/persona-program.ts"

// DSPy saves "${name}" as the description of a field that has none.
const placeholder = (name: string): string => `$${"{"}${name}}`

const optimized = (): PersonaProgram => {
  const program = new PersonaProgram()
  program.evaluate.predict.setInstructions("Judge the creative as this persona would, honestly.")
  program.evaluate.predict.demos = [
    Example.of(
      {
        persona_profile: '{"segment": "loyal"}',
        creative_content: "Thank-you coupon",
        context: "email",
        reasoning: "Loyal customers like thanks.",
        intent_delta: 0.3,
        emotional_response: "interested",
        rationale: "Feels valued."
      },
      { augmented: true }
    )
  ]
  program.assess.demos = [
    Example.of({
      persona_profile: "p",
      recent_exposures: ["sms"],
      proposed_channel: "sms",
      receptivity: 0.2,
      fatigue_level: "high"
    })
  ]
  program.assess.settings = { model: "cheap-model", temperature: 0 }
  return program
}

describe("program state", () => {
  it("dumps DSPy's layout plus field names, roles and types", () => {
    const state = dumpProgramState(optimized())
    assert.deepStrictEqual(Object.keys(state), ["evaluate.predict", "assess", "metadata"])
    const evaluate = state["evaluate.predict"] as {
      demos: Array<Record<string, unknown>>
      signature: { instructions: string; fields: Array<Record<string, unknown>> }
      lm: unknown
    }
    assert.strictEqual(evaluate.signature.instructions, "Judge the creative as this persona would, honestly.")
    assert.deepStrictEqual(evaluate.signature.fields[0], {
      name: "persona_profile",
      role: "input",
      type: "string",
      prefix: "Persona Profile:",
      description: "Persona traits, preferences, and history as JSON"
    })
    assert.deepInclude(evaluate.signature.fields[3] ?? {}, { name: "reasoning", description: placeholder("reasoning") })
    assert.strictEqual(evaluate.demos[0]?.augmented, true)
    assert.deepStrictEqual((state.assess as { lm: unknown }).lm, { model: "cheap-model", temperature: 0 })
  })

  it.effect("save → load into a fresh program → same prompts and outputs", () => {
    const original = optimized()
    const text = programToJson(original)
    const restored = new PersonaProgram()
    assert.isTrue(Result.isSuccess(loadProgramJson(restored, text)))
    assert.isTrue(restored.evaluate.predict.signature.equals(original.evaluate.predict.signature))
    assert.deepStrictEqual(restored.assess.demos[0]?.values, original.assess.demos[0]?.values)
    assert.isTrue(restored.evaluate.predict.demos[0]?.augmented)
    assert.deepInclude(restored.assess.settings ?? {}, { model: "cheap-model", temperature: 0 })
    const run = scriptedRun({ respond: promptDependentAnswer })
    return Effect.gen(function* () {
      const before = yield* Effect.forEach(personaInputs, (inputs) => original.run(inputs))
      const after = yield* Effect.forEach(personaInputs, (inputs) => restored.run(inputs))
      assert.deepStrictEqual(
        after.map((prediction) => prediction.outputs),
        before.map((prediction) => prediction.outputs)
      )
      // Identical prompts hit the cache: the restored program made no new calls.
      assert.strictEqual(run.ledger.totals().calls, personaInputs.length * 2)
      assert.strictEqual(run.ledger.totals().cacheHits, personaInputs.length * 2)
    }).pipe(run.provide)
  })

  it("refuses a state whose field types no longer match the code, naming predictor, field and types", () => {
    const text = programToJson(optimized())
    const changed = new PersonaProgram()
    changed.assess.signature = changed.assess.signature.withUpdatedField("receptivity", { type: z.int() })
    const before = changed.evaluate.predict.signature
    const result = loadProgramJson(changed, text)
    assert.isTrue(Result.isFailure(result))
    if (Result.isFailure(result)) {
      assert.deepInclude(result.failure, {
        predictor: "assess",
        field: "receptivity",
        expected: "output receptivity: int",
        found: "output receptivity: number"
      })
      assert.include(result.failure.message, 'predictor "assess", field "receptivity": the field\'s type changed')
    }
    // Nothing was applied, not even to the predictors that matched.
    assert.strictEqual(changed.evaluate.predict.signature, before)
    assert.strictEqual(changed.evaluate.predict.demos.length, 0)
  })

  it("refuses renamed fields, missing and unknown predictors, and malformed files", () => {
    const state = dumpProgramState(optimized()) as Record<string, unknown>
    const renamed = new PersonaProgram()
    // The code renamed an input since the program was saved.
    Object.assign(renamed, {
      assess: new Predict(
        Signature.make({
          inputs: {
            persona: z.string(),
            recent_exposures: z.array(z.string()),
            proposed_channel: z.enum(["email", "sms", "push", "mail"])
          },
          outputs: { receptivity: z.number(), fatigue_level: z.enum(["none", "low", "medium", "high", "saturated"]) }
        })
      )
    })
    const renamedResult = loadProgramState(renamed, state)
    assert.isTrue(Result.isFailure(renamedResult) && renamedResult.failure.field === "persona")

    const { assess: _assess, ...withoutAssess } = state
    const missing = loadProgramState(new PersonaProgram(), withoutAssess)
    assert.isTrue(Result.isFailure(missing) && missing.failure.reason.includes("no state for this predictor"))

    const extra = loadProgramState(new PersonaProgram(), { ...state, "judge.predict": state.assess })
    assert.isTrue(Result.isFailure(extra) && extra.failure.predictor === "judge.predict")

    const malformed = loadProgramState(new PersonaProgram(), { ...state, assess: { demos: "nope" } })
    assert.isTrue(Result.isFailure(malformed) && malformed.failure.reason.startsWith("malformed predictor state"))
    assert.isTrue(Result.isFailure(loadProgramJson(new PersonaProgram(), "{not json")))
  })

  it("a bare Predict saves flat, like DSPy's Predict.save", () => {
    const predict = new Predict(Signature.parse("question -> answer: int"))
    predict.demos = [Example.of({ question: "1+1?", answer: 2 })]
    const state = dumpProgramState(predict)
    assert.isTrue("signature" in state && "demos" in state)
    const restored = new Predict(Signature.parse("question -> answer: int"))
    assert.isTrue(Result.isSuccess(loadProgramState(restored, state)))
    assert.deepStrictEqual(restored.demos[0]?.values, { question: "1+1?", answer: 2 })
  })
})

// The layout of DSPy 3.3.1's tests/primitives/resources/saved_program.json (a ReAct program): predictor
// keys "react" and "extract.predict", fields with prefix/description only, typed demo values as text,
// labeled demos with dspy_uuid/dspy_split, bootstrapped demos with augmented: true.
const pythonSavedReAct = {
  react: {
    traces: [],
    train: [],
    demos: [
      {
        augmented: true,
        question: "What is the price of shoes after 50% off?",
        trajectory: "[[ ## thought_0 ## ]]\nLook it up.",
        next_thought: "I need the price.",
        next_tool_name: "lookup_price",
        next_tool_args: '{"product": "shoes"}'
      }
    ],
    signature: {
      instructions: "Python-optimized agent instructions.",
      fields: [
        { prefix: "Question:", description: placeholder("question") },
        { prefix: "Trajectory:", description: placeholder("trajectory") },
        { prefix: "Next Thought:", description: placeholder("next_thought") },
        { prefix: "Next Tool Name:", description: placeholder("next_tool_name") },
        { prefix: "Next Tool Args:", description: placeholder("next_tool_args") }
      ]
    },
    lm: null
  },
  "extract.predict": {
    traces: [],
    train: [],
    demos: [{ question: "How much is 2+2?", answer: "4", dspy_uuid: "8a0c3d6e", dspy_split: "train" }],
    signature: {
      instructions: "Extract the final answer.",
      fields: [
        { prefix: "Question:", description: placeholder("question") },
        { prefix: "Trajectory:", description: placeholder("trajectory") },
        { prefix: "Reasoning: Let's think step by step in order to", description: placeholder("reasoning") },
        { prefix: "Answer:", description: "The numeric answer" }
      ]
    },
    lm: { model: "openai/gpt-4o-mini", temperature: 0.0, max_tokens: 4000, model_type: "chat", cache: true }
  },
  metadata: { dependency_versions: { python: "3.11", dspy: "3.3.1", cloudpickle: "3.1" } }
}

describe("loading a program saved by Python DSPy", () => {
  const build = () => new ReAct(Signature.parse("question -> answer: number"), [], { maxIterations: 3 })

  it("applies instructions, descriptions and demos by field position", () => {
    const agent = build()
    const result = loadProgramState(agent, pythonSavedReAct)
    assert.isTrue(Result.isSuccess(result))
    assert.strictEqual(agent.react.signature.instructions, "Python-optimized agent instructions.")
    assert.strictEqual(agent.extract.predict.signature.field("answer")?.description, "The numeric answer")
    assert.isUndefined(agent.extract.predict.signature.field("question")?.description)
    const [reactDemo] = agent.react.demos
    assert.isTrue(reactDemo?.augmented)
    assert.deepStrictEqual(reactDemo?.get("next_tool_args"), { product: "shoes" })
    const [labeled] = agent.extract.predict.demos
    assert.strictEqual(labeled?.get("answer"), 4)
    assert.isFalse(labeled?.augmented)
    assert.deepInclude(agent.extract.predict.settings ?? {}, {
      model: "openai/gpt-4o-mini",
      temperature: 0,
      maxTokens: 4000
    })
  })

  it("a DSPy file whose field count differs from the code is refused", () => {
    const agent = new ReAct(Signature.parse("question, context -> answer: number"), [])
    const result = loadProgramState(agent, pythonSavedReAct)
    assert.isTrue(Result.isFailure(result))
    if (Result.isFailure(result)) {
      assert.strictEqual(result.failure.predictor, "react")
      assert.include(result.failure.reason, "has 6 fields but the saved program has 5")
    }
  })
})
