// Per-predictor feedback in GEPA (DSPy passes the metric `pred_name` and `pred_trace` while reflecting): on a
// two-predictor program, a metric that names the predictor it is asked about gives each component's
// reflection prompt its own feedback.
import { assert, describe, it } from "@effect/vitest"
import type { LmRequest, Prediction } from "@preflight/core-signatures"
import { Effect } from "effect"
import { GEPA } from "../../src/gepa/gepa.ts"
import type { OptimizerMetric } from "../../src/metric.ts"
import { toyLayer, ZoneAndLabel, zoneData } from "../support/toy-task.ts"

const { trainset, valset } = zoneData()
const WHOLE = "Feedback for the whole program."
const COMPONENTS = { classify: "Classify the sensor reading into its zone.", label: "Name the zone in capitals." }

const labelScore = (example: { get(key: never): unknown }, prediction: Prediction): number =>
  prediction.outputs.label === String(example.get("zone" as never)).toUpperCase() ? 1 : 0

interface ReflectionPrompt {
  readonly component: string
  readonly feedback: ReadonlyArray<string>
}

/** The reflection prompts the model received: which component each is about and its records' feedback. */
const reflectionPrompts = (requests: ReadonlyArray<LmRequest>): ReflectionPrompt[] =>
  requests.flatMap((request) => {
    const prompt = request.messages[request.messages.length - 1]?.content ?? ""
    if (!prompt.startsWith("I provided an assistant with the following instructions")) return []
    const current = /following instructions to perform a task for me:\n```\n([\s\S]*?)\n```/.exec(prompt)?.[1] ?? ""
    const component = Object.entries(COMPONENTS).find(([, instruction]) => current.startsWith(instruction))?.[0]
    const feedback = [...prompt.matchAll(/## Feedback\n([^\n]*)/g)].map((match) => match[1] ?? "")
    return [{ component: component ?? "unknown", feedback }]
  })

const compileWith = (metric: OptimizerMetric<Prediction>, maxErrors?: number) => {
  const { layer, model } = toyLayer({ record: true })
  return new GEPA({ maxMetricCalls: 60, useMerge: false })
    .compile(new ZoneAndLabel(), { trainset, valset, metric, seed: 0, maxErrors })
    .pipe(
      Effect.map((result) => ({ result, prompts: reflectionPrompts(model.requests()) })),
      Effect.provide(layer)
    )
}

describe("GEPA per-predictor feedback", () => {
  it.effect("the metric learns which predictor it is asked about, and each component reads its own feedback", () =>
    Effect.gen(function* () {
      const asked: Array<{ name: string; inputs: string; traceLength: number }> = []
      const metric: OptimizerMetric<Prediction> = (example, prediction, trace, predictor) => {
        const score = labelScore(example, prediction)
        if (predictor === undefined) return { score, feedback: WHOLE }
        const step = predictor.predictorTrace[0]
        const inputs = Object.keys(step?.inputs ?? {}).join(", ")
        asked.push({ name: predictor.predictorName, inputs, traceLength: trace?.length ?? 0 })
        return { score, feedback: `Feedback for ${predictor.predictorName}, which read ${inputs}.` }
      }
      const { result, prompts } = yield* compileWith(metric)
      assert.strictEqual(result.stoppedBy, "metric_calls")

      // The metric got the whole trace (both steps) and the named predictor's own step.
      assert.isAbove(asked.length, 0)
      for (const call of asked) {
        assert.strictEqual(call.traceLength, 2)
        assert.strictEqual(call.inputs, call.name === "classify" ? "reading" : "zone")
      }
      assert.deepStrictEqual([...new Set(asked.map((call) => call.name))].sort(), ["classify", "label"])

      // Round robin reflected on both components; every record of a prompt carries that component's feedback.
      assert.deepStrictEqual([...new Set(prompts.map((prompt) => prompt.component))].sort(), ["classify", "label"])
      for (const prompt of prompts) {
        assert.isAbove(prompt.feedback.length, 0)
        const expected = `Feedback for ${prompt.component}, which read ${prompt.component === "classify" ? "reading" : "zone"}.`
        for (const feedback of prompt.feedback) assert.strictEqual(feedback, expected)
      }
    })
  )

  it.effect("metrics that ignore the predictor keep working: every component reads the evaluation's feedback", () =>
    Effect.gen(function* () {
      const { prompts } = yield* compileWith((example, prediction) => ({
        score: labelScore(example, prediction),
        feedback: WHOLE
      }))
      assert.isAbove(prompts.length, 1)
      for (const prompt of prompts) {
        assert.isAbove(prompt.feedback.length, 0)
        for (const feedback of prompt.feedback) assert.strictEqual(feedback, WHOLE)
      }
    })
  )

  it.effect("a metric that fails when asked about a predictor falls back to the evaluation's feedback", () =>
    Effect.gen(function* () {
      const throwsForPredictors: OptimizerMetric<Prediction> = (example, prediction, _trace, predictor) => {
        if (predictor !== undefined) throw new Error("no per-predictor feedback")
        return { score: labelScore(example, prediction), feedback: WHOLE }
      }
      // Each failed feedback call counts against maxErrors, so an unlimited count lets the run finish ...
      const { result, prompts } = yield* compileWith(throwsForPredictors, Infinity)
      assert.strictEqual(result.stoppedBy, "metric_calls")
      assert.isAbove(prompts.length, 0)
      for (const prompt of prompts) for (const feedback of prompt.feedback) assert.strictEqual(feedback, WHOLE)
      // ... and the default (10) stops it with TooManyErrors carrying what the metric threw.
      const stopped = yield* Effect.flip(compileWith(throwsForPredictors))
      assert.deepInclude(stopped, { _tag: "TooManyErrors", errors: 11, maxErrors: 10 })
      assert.strictEqual(((stopped as { lastError: unknown }).lastError as Error).message, "no per-predictor feedback")
    })
  )
})
