import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { LmServerError } from "../../src/errors.ts"
import { Example } from "../../src/example.ts"
import { LanguageModel } from "../../src/lm/language-model.ts"
import { ScriptedLanguageModel } from "../../src/lm/scripted-language-model.ts"
import type { LmRequest } from "../../src/lm/types.ts"
import { Predict } from "../../src/modules/predict.ts"
import { Signature } from "../../src/signature/signature.ts"

const request = (content: string, extra: Partial<LmRequest> = {}): LmRequest => ({
  model: "scripted",
  messages: [{ role: "user", content }],
  temperature: undefined,
  maxTokens: undefined,
  n: 1,
  seed: undefined,
  responseFormat: undefined,
  rolloutId: undefined,
  ...extra
})

describe("ScriptedLanguageModel", () => {
  it.effect("answers from the queue in order and renders output values per format", () => {
    const model = ScriptedLanguageModel.make({
      answers: ["raw", { outputs: { answer: 4, tags: ["a"] } }, { outputs: { answer: 5 } }]
    })
    return Effect.gen(function* () {
      const lm = yield* LanguageModel
      assert.deepStrictEqual((yield* lm.complete(request("q1"))).outputs, ["raw"])
      assert.deepStrictEqual((yield* lm.complete(request("q2"))).outputs, [
        '[[ ## answer ## ]]\n4\n\n[[ ## tags ## ]]\n["a"]\n\n[[ ## completed ## ]]\n'
      ])
      const json = yield* lm.complete(request("q3", { responseFormat: { type: "json_object" } }))
      assert.deepStrictEqual(json.outputs, ['{"answer":5}'])
      const exhausted = yield* Effect.flip(lm.complete(request("q4")))
      assert.strictEqual(exhausted._tag, "LmInvalidResponse")
      assert.strictEqual(model.requests().length, 4)
    }).pipe(Effect.provide(model.layer))
  })

  it.effect("rules match the last user message; errors can be scripted", () => {
    const model = ScriptedLanguageModel.make({
      rules: [
        { match: "weather", answer: "sunny" },
        { match: /fail/, answer: { error: new LmServerError({ status: 500, attempts: 1, detail: "x" }) } },
        { match: "echo", answer: (req) => `echo:${req.messages.length}` }
      ]
    })
    return Effect.gen(function* () {
      const lm = yield* LanguageModel
      assert.deepStrictEqual((yield* lm.complete(request("what weather?"))).outputs, ["sunny"])
      assert.deepStrictEqual((yield* lm.complete(request("echo"))).outputs, ["echo:1"])
      const error = yield* Effect.flip(lm.complete(request("please fail")))
      assert.strictEqual(error._tag, "LmServerError")
    }).pipe(Effect.provide(model.layer))
  })

  it.effect("follow-the-demos answers with the matching demo's assistant turn", () => {
    const signature = Signature.parse("question -> answer")
    const demos = [
      Example.of({ question: "capital of France?", answer: "Paris" }),
      Example.of({ question: "2+2?", answer: "4" })
    ]
    const predict = new Predict(signature, { demos })
    return Effect.gen(function* () {
      const france = yield* predict.run({ question: "capital of France?" })
      const sum = yield* predict.run({ question: "2+2?" })
      assert.strictEqual(france.outputs.answer, "Paris")
      assert.strictEqual(sum.outputs.answer, "4")
    }).pipe(Effect.provide(ScriptedLanguageModel.layer({ followDemos: true })))
  })

  it.effect("n > 1 returns one output per choice", () =>
    Effect.gen(function* () {
      const lm = yield* LanguageModel
      const completion = yield* lm.complete(request("q", { n: 3 }))
      assert.deepStrictEqual(completion.outputs, ["a", "b", "c"])
    }).pipe(Effect.provide(ScriptedLanguageModel.layer({ answers: ["a", "b", "c"] })))
  )

  it.effect("simulated latency runs on the Effect clock", () =>
    Effect.gen(function* () {
      const lm = yield* LanguageModel
      const fiber = yield* Effect.forkChild(lm.complete(request("slow")))
      yield* TestClock.adjust(49)
      assert.isUndefined(fiber.pollUnsafe())
      yield* TestClock.adjust(1)
      const completion = yield* Fiber.join(fiber)
      assert.deepStrictEqual(completion.outputs, ["done"])
      assert.isAbove(completion.usage.promptTokens, 0)
    }).pipe(Effect.provide(ScriptedLanguageModel.layer({ respond: () => "done", latencyMs: 50 })))
  )
})
