import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { z } from "zod"
import { LmRequestRejected, LmServerError } from "../src/errors.ts"
import { DEFAULT_MAX_ERRORS, evaluate } from "../src/evaluate.ts"
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

  it.effect("a metric that throws fails its example: failureScore, counted against maxErrors (default 10)", () => {
    const run = scriptedRun({ respond: () => "[[ ## answer ## ]]\n2" })
    const devset12 = Array.from({ length: 12 }, (_, value) =>
      Example.of({ question: `${value}?`, answer: 2 }).withInputs("question")
    )
    const thrown = new RangeError("metric bug")
    const throwsOnOdd = (example: Example, prediction: Prediction<{ readonly answer: number }>) => {
      if (example.get("question") === "1?") throw thrown
      return prediction.outputs.answer === example.get("answer")
    }
    const alwaysThrows = (): boolean => {
      throw thrown
    }
    return Effect.gen(function* () {
      const scored = yield* evaluate(predict, { devset: devset12, metric: throwsOnOdd, failureScore: -1 })
      assert.strictEqual(scored.failures, 1)
      assert.strictEqual(scored.results[1]?.score, -1)
      assert.strictEqual(scored.results[1]?.error, thrown)
      // The run succeeded, so the prediction is kept beside the metric's failure.
      assert.strictEqual(scored.results[1]?.prediction?.outputs.answer, 2)
      assert.strictEqual(scored.results[0]?.score, 1)
      const stopped = yield* Effect.flip(evaluate(predict, { devset: devset12, metric: alwaysThrows, concurrency: 1 }))
      assert.deepInclude(stopped, { _tag: "TooManyErrors", errors: DEFAULT_MAX_ERRORS + 1, maxErrors: 10 })
      assert.strictEqual((stopped as { lastError: unknown }).lastError, thrown)
      const unlimited = yield* evaluate(predict, { devset: devset12, metric: alwaysThrows, maxErrors: Infinity })
      assert.strictEqual(unlimited.failures, 12)
    }).pipe(run.provide)
  })

  it.effect(
    "a refused credential stops at once with the typed error; a 5xx after retries is an example failure",
    () => {
      const refused = scriptedRun(
        {
          respond: () => ({ error: new LmRequestRejected({ status: 401, code: "invalid_api_key", detail: "bad key" }) })
        },
        {},
        false
      )
      const flaky = scriptedRun(
        {
          respond: (request) =>
            JSON.stringify(request.messages).includes("3+3?")
              ? { error: new LmServerError({ status: 503, attempts: 3, detail: "down" }) }
              : "[[ ## answer ## ]]\n2"
        },
        {},
        false
      )
      return Effect.gen(function* () {
        const error = yield* Effect.flip(
          evaluate(predict, { devset, metric: exact, concurrency: 1 }).pipe(refused.provide)
        )
        assert.instanceOf(error, LmRequestRejected)
        assert.strictEqual(refused.model.requests().length, 1)
        const result = yield* evaluate(predict, { devset, metric: exact, concurrency: 1 }).pipe(flaky.provide)
        assert.strictEqual(result.failures, 1)
        assert.deepInclude(result.results[2]?.error, { _tag: "LmServerError" })
      })
    }
  )

  it.effect("requires declared inputs", () => {
    const run = scriptedRun({ respond: () => "x" })
    return Effect.gen(function* () {
      const error = yield* Effect.flip(evaluate(predict, { devset: [Example.of({ question: "q" })], metric: exact }))
      assert.deepInclude(error, { _tag: "InputValidationError" })
    }).pipe(run.provide)
  })
})
