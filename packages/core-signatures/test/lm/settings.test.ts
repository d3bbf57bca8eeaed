import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { LanguageModel } from "../../src/lm/language-model.ts"
import { resolveRequest, withLmOverrides, withLmSettings } from "../../src/lm/settings.ts"
import { Predict } from "../../src/modules/predict.ts"
import { Signature } from "../../src/signature/signature.ts"
import { scriptedRun } from "../support/fixtures.ts"

describe("resolveRequest", () => {
  const defaults = { model: "default", temperature: 0.2, maxTokens: 100 }
  it("applies layers in order; undefined never overrides", () => {
    const request = resolveRequest(
      defaults,
      [{ model: "context" }, { temperature: 0.5 }, { model: "call", temperature: undefined }, undefined],
      [],
      undefined
    )
    assert.deepInclude(request, { model: "call", temperature: 0.5, maxTokens: 100, n: 1 })
  })
  it("raises the temperature to 0.7 for n > 1 like DSPy", () => {
    assert.strictEqual(resolveRequest({ model: "m" }, [{ n: 3 }], [], undefined).temperature, 0.7)
    assert.strictEqual(resolveRequest({ model: "m", temperature: 0.1 }, [{ n: 3 }], [], undefined).temperature, 0.7)
    assert.strictEqual(resolveRequest(defaults, [{ n: 3 }], [], undefined).temperature, 0.2)
    assert.strictEqual(resolveRequest(defaults, [{ n: 3, temperature: 0.9 }], [], undefined).temperature, 0.9)
  })
})

describe("model choice per module and per call, without global state", () => {
  const answer = (model: string) => `[[ ## answer ## ]]\n${model}\n\n[[ ## completed ## ]]`
  const signature = Signature.parse("question -> answer")

  it.effect("call > module > context > layer default; overrides win over all", () => {
    const run = scriptedRun({ respond: (request) => answer(request.model) })
    const cheap = new Predict(signature)
    const strong = new Predict(signature, { settings: { model: "strong" } })
    return Effect.gen(function* () {
      assert.strictEqual((yield* cheap.run({ question: "a" })).outputs.answer, "scripted")
      assert.strictEqual(
        (yield* cheap.run({ question: "b" }).pipe(withLmSettings({ model: "cheap" }))).outputs.answer,
        "cheap"
      )
      assert.strictEqual(
        (yield* strong.run({ question: "c" }).pipe(withLmSettings({ model: "cheap" }))).outputs.answer,
        "strong"
      )
      assert.strictEqual(
        (yield* strong.run({ question: "d" }, { settings: { model: "per-call" } })).outputs.answer,
        "per-call"
      )
      assert.strictEqual(
        (yield* strong
          .run({ question: "e" }, { settings: { model: "per-call" } })
          .pipe(withLmOverrides({ model: "forced" }))).outputs.answer,
        "forced"
      )
    }).pipe(run.provide)
  })

  it.live("concurrent fibers see their own settings", () => {
    const run = scriptedRun({ respond: (request) => answer(request.model), latencyMs: 5 })
    const predict = new Predict(signature)
    return Effect.gen(function* () {
      const models = ["m1", "m2", "m3", "m4", "m5", "m6"]
      const answers = yield* Effect.forEach(
        models,
        (model) => predict.run({ question: model }).pipe(withLmSettings({ model })),
        { concurrency: "unbounded" }
      )
      assert.deepStrictEqual(
        answers.map((prediction) => prediction.outputs.answer),
        models
      )
      const lm = yield* LanguageModel
      assert.strictEqual(lm.defaults.model, "scripted")
    }).pipe(run.provide)
  })
})
