import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { z } from "zod"
import { evaluate } from "../src/evaluate.ts"
import { Example, type Prediction } from "../src/example.ts"
import { Predict } from "../src/modules/predict.ts"
import { Signature } from "../src/signature/signature.ts"
import { scriptedRun } from "./support/fixtures.ts"

const predict = new Predict(Signature.make({ inputs: { question: z.string() }, outputs: { answer: z.int() } }))
const devset = [1, 2, 3, 4].map((value) =>
  Example.of({ question: `${value}+${value}?`, answer: value * 2 }).withInputs("question")
)
const exact = (example: Example, prediction: Prediction<{ readonly answer: number }>) =>
  prediction.outputs.answer === example.get("answer")

describe("evaluate", () => {
  it.effect("scores every example with the metric, in devset order, with progress", () => {
    const run = scriptedRun({
      rules: [
        { match: "1+1?", answer: "[[ ## answer ## ]]\n2" },
        { match: "2+2?", answer: "[[ ## answer ## ]]\n5" },
        { match: "3+3?", answer: "no markers, no json" },
        { match: "4+4?", answer: "[[ ## answer ## ]]\n8" }
      ]
    })
    const progress: number[] = []
    return Effect.gen(function* () {
      const result = yield* evaluate(predict, {
        devset,
        metric: exact,
        concurrency: 2,
        failureScore: 0,
        onProgress: ({ done }) => progress.push(done)
      })
      assert.deepStrictEqual(
        result.results.map((entry) => entry.score),
        [1, 0, 0, 1]
      )
      assert.strictEqual(
        result.results[2]?.error && (result.results[2].error as { _tag: string })._tag,
        "OutputParseError"
      )
      assert.strictEqual(result.failures, 1)
      assert.strictEqual(result.meanScore, 0.5)
      assert.strictEqual(result.score, 50)
      assert.deepStrictEqual(progress, [1, 2, 3, 4])
    }).pipe(run.provide)
  })

  it.effect("stops on maxErrors and on budget exhaustion", () => {
    const broken = scriptedRun({ respond: () => "garbage" })
    const limited = scriptedRun({ respond: () => "[[ ## answer ## ]]\n2" }, { budget: { maxCalls: 2 } }, false)
    return Effect.gen(function* () {
      const tooMany = yield* Effect.flip(
        evaluate(predict, { devset, metric: exact, maxErrors: 1, concurrency: 1 }).pipe(broken.provide)
      )
      assert.deepInclude(tooMany, { _tag: "TooManyErrors", errors: 2, maxErrors: 1 })
      const budget = yield* Effect.flip(
        evaluate(predict, { devset, metric: exact, concurrency: 1 }).pipe(limited.provide)
      )
      assert.deepInclude(budget, { _tag: "BudgetExceeded", limit: "calls" })
    })
  })

  it.effect("stops at once when a USD budget meets a model without a price", () => {
    const unpriced = scriptedRun({ respond: () => "[[ ## answer ## ]]\n2" }, { budget: { maxUsd: 1 } }, false)
    return Effect.gen(function* () {
      const error = yield* Effect.flip(evaluate(predict, { devset, metric: exact, concurrency: 1 }))
      assert.deepInclude(error, { _tag: "UnpricedModel", model: "scripted", maxUsd: 1 })
      assert.strictEqual(unpriced.model.requests().length, 0)
    }).pipe(unpriced.provide)
  })

  it.effect("requires declared inputs", () => {
    const run = scriptedRun({ respond: () => "x" })
    return Effect.gen(function* () {
      const error = yield* Effect.flip(evaluate(predict, { devset: [Example.of({ question: "q" })], metric: exact }))
      assert.deepInclude(error, { _tag: "InputValidationError" })
    }).pipe(run.provide)
  })
})
