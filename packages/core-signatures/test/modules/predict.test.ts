import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { z } from "zod"
import { InputValidationError, OutputParseError } from "../../src/errors.ts"
import { Example } from "../../src/example.ts"
import { messagesDigest, outputsDigest } from "../../src/lm/request-key.ts"
import { Predict } from "../../src/modules/predict.ts"
import { CurrentHints, withTrace } from "../../src/modules/trace.ts"
import { Signature } from "../../src/signature/signature.ts"
import { EvaluateCreative, scriptedRun } from "../support/fixtures.ts"
import { PersonaProgram, personaInputs, promptDependentAnswer } from "../support/persona-program.ts"
import { captureSpans } from "../support/spans.ts"

const persona = {
  persona_profile: '{"age": 34, "segment": "bargain hunter"}',
  creative_content: "50% off all shoes this weekend",
  context: "email, Saturday morning"
}

describe("Predict", () => {
  it.effect("formats with the Chat adapter, parses and validates typed outputs", () => {
    const run = scriptedRun({
      answers: [{ outputs: { intent_delta: 0.4, emotional_response: "interested", rationale: "Likes deals." } }]
    })
    const judge = new Predict(EvaluateCreative)
    return Effect.gen(function* () {
      const prediction = yield* judge.run(persona)
      assert.deepStrictEqual(prediction.outputs, {
        intent_delta: 0.4,
        emotional_response: "interested",
        rationale: "Likes deals."
      })
      const [request] = run.model.requests()
      assert.strictEqual(request?.messages[0]?.role, "system")
      assert.include(
        request?.messages[1]?.content ?? "",
        "[[ ## creative_content ## ]]\n50% off all shoes this weekend"
      )
      assert.isUndefined(request?.responseFormat)
    }).pipe(run.provide)
  })

  it.effect("falls back to the JSON adapter once when the Chat answer does not parse", () => {
    const run = scriptedRun({
      answers: [
        "I think they would be interested, maybe 0.4.",
        '{"intent_delta": "0.3", "emotional_response": "Neutral", "rationale": "Meh."}'
      ]
    })
    const judge = new Predict(EvaluateCreative)
    return Effect.gen(function* () {
      const prediction = yield* judge.run(persona)
      assert.deepStrictEqual(prediction.outputs, {
        intent_delta: 0.3,
        emotional_response: "neutral",
        rationale: "Meh."
      })
      const requests = run.model.requests()
      assert.strictEqual(requests.length, 2)
      assert.strictEqual(requests[1]?.responseFormat?.type, "json_schema")
      assert.strictEqual(run.ledger.totals().calls, 2)
    }).pipe(run.provide)
  })

  it.effect("both adapters failing gives OutputParseError with the field and the raw text", () => {
    const run = scriptedRun({
      answers: [
        "[[ ## intent_delta ## ]]\n0.2\n\n[[ ## emotional_response ## ]]\nconfused",
        '{"intent_delta": 4, "emotional_response": "excited", "rationale": "!"}'
      ]
    })
    return Effect.gen(function* () {
      const error = yield* Effect.flip(new Predict(EvaluateCreative).run(persona))
      assert.instanceOf(error, OutputParseError)
      if (error instanceof OutputParseError) {
        assert.strictEqual(error.field, "intent_delta")
        assert.strictEqual(error.raw, '{"intent_delta": 4, "emotional_response": "excited", "rationale": "!"}')
        assert.include(error.reason, "Chat adapter failed first")
        assert.include(error.message, 'field "intent_delta"')
        assert.include(error.reason, '"confused" is not one of excited')
      }
    }).pipe(run.provide)
  })

  it.effect("a JSON-adapter predictor does not fall back", () => {
    const run = scriptedRun({ answers: ["not json"] })
    return Effect.gen(function* () {
      const error = yield* Effect.flip(new Predict(EvaluateCreative, { adapter: "json" }).run(persona))
      assert.deepInclude(error, { _tag: "OutputParseError", adapter: "json", field: undefined })
      assert.strictEqual(run.model.requests().length, 1)
    }).pipe(run.provide)
  })

  it.effect("rejects missing or mistyped inputs before calling the model", () => {
    const run = scriptedRun({ answers: [] })
    const predict = new Predict(Signature.make({ inputs: { n: z.int().min(1) }, outputs: { out: z.string() } }))
    return Effect.gen(function* () {
      const missing = yield* Effect.flip(predict.run({} as { n: number }))
      assert.instanceOf(missing, InputValidationError)
      assert.deepInclude(missing, { field: "n", issues: "the value is missing" })
      const invalid = yield* Effect.flip(predict.run({ n: 0 }))
      assert.deepInclude(invalid, { field: "n" })
      assert.strictEqual(run.model.requests().length, 0)
    }).pipe(run.provide)
  })

  it.effect("n > 1 keeps every completion that parses", () => {
    const run = scriptedRun({ answers: ["[[ ## answer ## ]]\n1", "garbage", "[[ ## answer ## ]]\n3"] })
    const predict = new Predict(Signature.parse("q -> answer: int"))
    return Effect.gen(function* () {
      const prediction = yield* predict.run({ q: "x" }, { settings: { n: 3 } })
      assert.deepStrictEqual(
        prediction.completions.map((completion) => completion.answer),
        [1, 3]
      )
      assert.strictEqual(prediction.outputs.answer, 1)
      assert.strictEqual(run.model.requests()[0]?.temperature, 0.7)
    }).pipe(run.provide)
  })

  it.effect("demos are sent as user/assistant turns and cached calls are not repeated", () => {
    const run = scriptedRun({ respond: () => "[[ ## answer ## ]]\nParis" })
    const predict = new Predict(Signature.parse("question -> answer"), {
      demos: [Example.of({ question: "Capital of Italy?", answer: "Rome" })]
    })
    return Effect.gen(function* () {
      yield* predict.run({ question: "Capital of France?" })
      yield* predict.run({ question: "Capital of France?" })
      assert.strictEqual(run.model.requests().length, 1)
      const messages = run.model.requests()[0]?.messages ?? []
      assert.deepStrictEqual(
        messages.map((message) => message.role),
        ["system", "user", "assistant", "user"]
      )
      assert.strictEqual(run.ledger.totals().cacheHits, 1)
    }).pipe(run.provide)
  })

  it.effect("a rollout id makes an otherwise identical call miss the cache", () => {
    const run = scriptedRun({ answers: ["[[ ## answer ## ]]\na", "[[ ## answer ## ]]\nb"] })
    const predict = new Predict(Signature.parse("question -> answer"))
    return Effect.gen(function* () {
      const first = yield* predict.run({ question: "q" }, { settings: { rolloutId: 1 } })
      const second = yield* predict.run({ question: "q" }, { settings: { rolloutId: 2 } })
      assert.deepStrictEqual([first.outputs.answer, second.outputs.answer], ["a", "b"])
    }).pipe(run.provide)
  })

  it.effect("records a trace step and injects Refine hints as a hint_ input", () => {
    const run = scriptedRun({ respond: () => "[[ ## answer ## ]]\nok" })
    const predict = new Predict(Signature.parse("question -> answer"))
    return Effect.gen(function* () {
      const { trace } = yield* withTrace(predict.run({ question: "q" }))
      assert.strictEqual(trace.length, 1)
      assert.strictEqual(trace[0]?.predictor, predict)
      assert.deepStrictEqual(trace[0]?.outputs, { answer: "ok" })
      yield* predict.run({ question: "q2" }).pipe(Effect.provideService(CurrentHints, new Map([[predict, "be brief"]])))
      const last = run.model.requests().at(-1)
      assert.include(last?.messages[0]?.content ?? "", "`hint_` (str): A hint to the module from an earlier run")
      assert.include(last?.messages.at(-1)?.content ?? "", "[[ ## hint_ ## ]]\nbe brief")
    }).pipe(run.provide)
  })

  it.effect(
    "each LM call is an Effect span with model, module path, usage and digests, nested in its module's span",
    () => {
      const captured = captureSpans()
      const run = scriptedRun({ respond: promptDependentAnswer })
      const program = new PersonaProgram()
      return Effect.gen(function* () {
        const [inputs] = personaInputs
        assert.isDefined(inputs, "the persona fixture has no inputs")
        yield* program.run(inputs)
        const calls = captured.named("LanguageModel.call")
        assert.deepStrictEqual(
          calls.map((span) => span.attributes.get("lm.module_path")),
          ["evaluate.predict", "assess"]
        )
        const [first] = calls
        assert.isDefined(first)
        const [entry] = run.ledger.history()
        assert.isDefined(entry)
        assert.strictEqual(first.attributes.get("lm.model"), "scripted")
        assert.strictEqual(first.attributes.get("lm.cache_hit"), false)
        assert.isAbove(Number(first.attributes.get("lm.total_tokens")), 0)
        assert.strictEqual(first.attributes.get("lm.prompt_tokens"), entry.usage.promptTokens)
        assert.strictEqual(first.attributes.get("lm.completion_tokens"), entry.usage.completionTokens)
        assert.strictEqual(first.attributes.get("lm.latency_ms"), entry.latencyMs)
        assert.strictEqual(first.attributes.get("lm.messages_sha256"), messagesDigest(entry.messages))
        assert.strictEqual(first.attributes.get("lm.outputs_sha256"), outputsDigest(entry.outputs))
        assert.strictEqual(first.status._tag, "Ended")
        const parent = first.parent
        assert.isTrue(parent._tag === "Some" && parent.value._tag === "Span" && parent.value.name === "Module.run")
      }).pipe(run.provide, captured.provide)
    }
  )
})
