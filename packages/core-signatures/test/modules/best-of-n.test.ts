import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { z } from "zod"
import { LmServerError } from "../../src/errors.ts"
import type { Prediction } from "../../src/example.ts"
import { BestOfN, Refine } from "../../src/modules/best-of-n.ts"
import { Predict } from "../../src/modules/predict.ts"
import { withTrace } from "../../src/modules/trace.ts"
import { Signature } from "../../src/signature/signature.ts"
import { scriptedRun } from "../support/fixtures.ts"

const signature = Signature.make({ inputs: { question: z.string() }, outputs: { answer: z.int() } })
type Outputs = { readonly answer: number }
const reward = (_inputs: unknown, prediction: Prediction<Outputs>) => prediction.outputs.answer / 10

describe("BestOfN", () => {
  it.effect(
    "stops at the first attempt reaching the threshold; each attempt has its own rollout at temperature 1",
    () => {
      const run = scriptedRun({ answers: ["[[ ## answer ## ]]\n3", "[[ ## answer ## ]]\n9", "[[ ## answer ## ]]\n10"] })
      const best = new BestOfN(new Predict(signature), { n: 3, reward, threshold: 0.8 })
      return Effect.gen(function* () {
        const { value, trace } = yield* withTrace(best.run({ question: "q" }))
        assert.strictEqual(value.outputs.answer, 9)
        const requests = run.model.requests()
        assert.strictEqual(requests.length, 2)
        assert.deepStrictEqual(
          requests.map((request) => [request.rolloutId, request.temperature]),
          [
            [0, 1],
            [1, 1]
          ]
        )
        assert.strictEqual(trace.length, 1)
        assert.deepStrictEqual(trace[0]?.outputs, { answer: 9 })
      }).pipe(run.provide)
    }
  )

  it.effect("returns the best attempt when none reaches the threshold and tolerates failures", () => {
    const run = scriptedRun({
      answers: [
        "[[ ## answer ## ]]\n4",
        { error: new LmServerError({ status: 500, attempts: 1, detail: "x" }) },
        "[[ ## answer ## ]]\n6"
      ]
    })
    const best = new BestOfN(new Predict(signature), { n: 3, reward, threshold: 0.95 })
    return Effect.gen(function* () {
      const prediction = yield* best.run({ question: "q" })
      assert.strictEqual(prediction.outputs.answer, 6)
    }).pipe(run.provide)
  })

  it.effect("raises the error when failures exceed failCount", () => {
    const failing = { error: new LmServerError({ status: 500, attempts: 1, detail: "down" }) }
    const run = scriptedRun({ answers: [failing, failing, failing] })
    const best = new BestOfN(new Predict(signature), { n: 3, reward, threshold: 0.5, failCount: 0 })
    return Effect.gen(function* () {
      const error = yield* Effect.flip(best.run({ question: "q" }))
      assert.deepInclude(error, { _tag: "LmServerError" })
    }).pipe(run.provide)
  })
})

describe("Refine", () => {
  it.effect("asks for advice after a weak attempt and passes it as hint_ to the next one", () => {
    const run = scriptedRun({
      answers: [
        "[[ ## answer ## ]]\n2",
        '[[ ## discussion ## ]]\nThe answer was too low.\n\n[[ ## advice ## ]]\n{"self": "Add the numbers carefully."}',
        "[[ ## answer ## ]]\n9"
      ]
    })
    const refine = new Refine(new Predict(signature), { n: 3, reward, threshold: 0.8 })
    return Effect.gen(function* () {
      const prediction = yield* refine.run({ question: "4 + 5?" })
      assert.strictEqual(prediction.outputs.answer, 9)
      const requests = run.model.requests()
      assert.strictEqual(requests.length, 3)
      const feedbackPrompt = requests[1]?.messages.at(-1)?.content ?? ""
      assert.include(feedbackPrompt, "[[ ## reward_value ## ]]\n0.2")
      assert.include(feedbackPrompt, '[[ ## module_names ## ]]\n["self"]')
      const retry = requests[2]?.messages.at(-1)?.content ?? ""
      assert.include(retry, "[[ ## hint_ ## ]]\nAdd the numbers carefully.")
      assert.strictEqual(requests[2]?.rolloutId, 1)
    }).pipe(run.provide)
  })
})
