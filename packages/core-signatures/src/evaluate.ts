// Evaluate a program on a dev set (dspy/evaluate/evaluate.py): a metric per example, bounded concurrency,
// a failure score for examples that error, a progress callback, and per-example results. An example fails
// when its run fails or its metric throws (or fails, for an Effect metric): it scores `failureScore` and counts
// against `maxErrors`, exactly as in the optimizers. Budget exhaustion and configuration errors (an unpriced
// model under a USD budget, refused credentials or model) stop the evaluation with the error instead.
import { Effect } from "effect"
import {
  BudgetExceeded,
  type ConfigurationError,
  InputValidationError,
  isConfigurationError,
  TooManyErrors
} from "./errors.ts"
import type { Example } from "./example.ts"
import type { LanguageModel } from "./lm/language-model.ts"
import type { TraceStep } from "./modules/trace.ts"

/** DSPy's metric convention: `trace` is undefined during evaluation and set while bootstrapping. */
export type Metric<P> = (
  example: Example,
  prediction: P,
  trace?: ReadonlyArray<TraceStep>
) => number | boolean | Effect.Effect<number | boolean, unknown, LanguageModel>

/** What Evaluate runs: anything with a `run` (every Module). */
export interface Runnable<I, P, E> {
  run(inputs: I): Effect.Effect<P, E, LanguageModel>
}

/** Options of an evaluation. */
export interface EvaluateOptions<P> {
  readonly devset: ReadonlyArray<Example>
  readonly metric: Metric<P>
  /** Examples evaluated at once (default 8, DSPy's `num_threads` default). */
  readonly concurrency?: number
  /** Score of an example whose run or metric failed (default 0, as DSPy). */
  readonly failureScore?: number
  /**
   * Stop with `TooManyErrors` once more than this many examples failed (default 10, DSPy's `max_errors`).
   * `Infinity` never stops.
   */
  readonly maxErrors?: number
  /** Called after each example with the count done, the total and the running mean score. */
  readonly onProgress?: (progress: {
    readonly done: number
    readonly total: number
    readonly meanScore: number
  }) => void
}

/** One example's outcome. */
export interface ExampleResult<P> {
  readonly index: number
  readonly example: Example
  readonly prediction: P | undefined
  readonly score: number
  readonly error: unknown
}

/** The evaluation: the mean score (0..1), DSPy's percentage and every example's result, in devset order. */
export interface EvaluationResult<P> {
  readonly meanScore: number
  /** `round(100 · mean, 2)` as DSPy reports it. */
  readonly score: number
  readonly results: ReadonlyArray<ExampleResult<P>>
  readonly failures: number
}

const toScore = (value: number | boolean): number => (typeof value === "boolean" ? (value ? 1 : 0) : value)

/** DSPy's `settings.max_errors`, the default of `maxErrors` here and in the optimizers. */
export const DEFAULT_MAX_ERRORS = 10

/**
 * Evaluates `program` on `devset` with `metric`.
 * @example const { score } = yield* evaluate(program, { devset, metric: (ex, pred) => pred.outputs.answer === ex.get("answer") })
 */
export const evaluate = <I extends object, P, E>(
  program: Runnable<I, P, E>,
  options: EvaluateOptions<P>
): Effect.Effect<
  EvaluationResult<P>,
  BudgetExceeded | ConfigurationError | TooManyErrors | InputValidationError,
  LanguageModel
> =>
  Effect.gen(function* () {
    const total = options.devset.length
    const missing = options.devset.findIndex((example) => !example.hasInputs)
    if (missing !== -1) {
      return yield* Effect.fail(
        new InputValidationError({
          field: "(inputs)",
          issues: `devset example ${missing} has no declared inputs; call example.withInputs(...)`,
          modulePath: ""
        })
      )
    }
    const failureScore = options.failureScore ?? 0
    const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS
    let done = 0
    let scoreSum = 0
    let failures = 0
    const results = yield* Effect.forEach(
      options.devset.map((example, index) => ({ example, index })),
      ({ example, index }) =>
        Effect.gen(function* () {
          // Run-level failures stop the evaluation (every later example would fail the same way); any other
          // failure of the run or of the metric fails this example only.
          const failed = (error: unknown, prediction: P | undefined) =>
            Effect.gen(function* () {
              if (error instanceof BudgetExceeded || isConfigurationError(error)) return yield* Effect.fail(error)
              failures++
              if (failures > maxErrors) {
                return yield* Effect.fail(new TooManyErrors({ errors: failures, maxErrors, lastError: error }))
              }
              return { index, example, prediction, score: failureScore, error } satisfies ExampleResult<P>
            })
          const ran = yield* Effect.result(program.run(example.inputs() as I))
          let result: ExampleResult<P>
          if (ran._tag === "Failure") {
            result = yield* failed(ran.failure, undefined)
          } else {
            const prediction = ran.success
            const scored = yield* Effect.result(
              Effect.gen(function* () {
                // A metric that throws fails its example (DSPy catches it too); it is not a defect of the run.
                const value = yield* Effect.try({
                  try: () => options.metric(example, prediction, undefined),
                  catch: (error) => error
                })
                return toScore(Effect.isEffect(value) ? yield* value : value)
              })
            )
            result =
              scored._tag === "Success"
                ? { index, example, prediction, score: scored.success, error: undefined }
                : yield* failed(scored.failure, prediction)
          }
          done++
          scoreSum += result.score
          options.onProgress?.({ done, total, meanScore: scoreSum / done })
          return result
        }),
      { concurrency: options.concurrency ?? 8 }
    )
    const meanScore = total === 0 ? 0 : scoreSum / total
    return { meanScore, score: Math.round(meanScore * 100 * 100) / 100, results, failures }
  }).pipe(Effect.withSpan("evaluate", { attributes: { "evaluate.examples": options.devset.length } }))
