// The metric an optimizer maximises: DSPy's `metric(example, prediction, trace?)` returning a number, a
// boolean, or a score with textual feedback (GEPA's `Prediction(score, feedback)`), possibly as an Effect
// (an LM judge). GEPA also asks it for one predictor's feedback (DSPy's `pred_name`, `pred_trace`). Scores are
// expected in [0, 1]; booleans count 1 or 0.
import type { Example, LanguageModel, TraceStep } from "@preflight/core-signatures"
import type { Effect } from "effect"

/** A score with feedback text that reflective optimizers (GEPA, SIMBA) show to the proposal model. */
export interface ScoreWithFeedback {
  readonly score: number
  readonly feedback?: string | undefined
}

/** What a metric may return. */
export type MetricValue = number | boolean | ScoreWithFeedback

/**
 * Which predictor GEPA wants feedback for while it reflects on that predictor's instruction (DSPy's
 * `pred_name` and `pred_trace` arguments).
 */
export interface PredictorFeedbackRequest {
  /** The predictor's name in `program.namedPredictors()` (e.g. "self", "classify", "answer.predict"). */
  readonly predictorName: string
  /** The step of that predictor the reflection record shows (one step, as DSPy's `pred_trace`). */
  readonly predictorTrace: ReadonlyArray<TraceStep>
}

/**
 * A metric over one example. `trace` is given while bootstrapping demos (DSPy's convention), so a metric can
 * be stricter about demos than about evaluation, and during GEPA's reflection; it is undefined otherwise.
 * `predictor` is given only when GEPA asks for the feedback of one predictor: a metric can then return
 * feedback about that predictor's step; a metric that ignores it gives every predictor the same feedback.
 * @example
 * const metric: OptimizerMetric<Prediction> = (example, prediction, _trace, predictor) => ({
 *   score: prediction.outputs.answer === example.get("answer") ? 1 : 0,
 *   feedback: predictor?.predictorName === "retrieve" ? "The passage was off topic." : "The answer was wrong."
 * })
 */
export type OptimizerMetric<P = unknown> = (
  example: Example,
  prediction: P,
  trace?: ReadonlyArray<TraceStep>,
  predictor?: PredictorFeedbackRequest
) => MetricValue | Effect.Effect<MetricValue, unknown, LanguageModel>

/** A metric value as a score and optional feedback. */
export const normalizeMetricValue = (value: MetricValue): ScoreWithFeedback => {
  if (typeof value === "boolean") return { score: value ? 1 : 0 }
  if (typeof value === "number") return { score: Number.isFinite(value) ? value : 0 }
  return { score: Number.isFinite(value.score) ? value.score : 0, feedback: value.feedback }
}
