// The metric an optimizer maximises: DSPy's `metric(example, prediction, trace?)` returning a number, a
// boolean, or a score with textual feedback (GEPA's `Prediction(score, feedback)`), possibly as an Effect
// (an LM judge). Scores are expected in [0, 1]; booleans count 1 or 0.
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
 * A metric over one example. `trace` is given while bootstrapping demos (DSPy's convention), so a metric can
 * be stricter about demos than about evaluation; it is undefined otherwise.
 */
export type OptimizerMetric<P = unknown> = (
  example: Example,
  prediction: P,
  trace?: ReadonlyArray<TraceStep>
) => MetricValue | Effect.Effect<MetricValue, unknown, LanguageModel>

/** A metric value as a score and optional feedback. */
export const normalizeMetricValue = (value: MetricValue): ScoreWithFeedback => {
  if (typeof value === "boolean") return { score: value ? 1 : 0 }
  if (typeof value === "number") return { score: Number.isFinite(value) ? value : 0 }
  return { score: Number.isFinite(value.score) ? value.score : 0, feedback: value.feedback }
}
