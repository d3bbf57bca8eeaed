// Isotonic regression to calibrate propensity scores (causalml calibrates its propensity models this way by
// default): validates the inputs and fits the shared pool-adjacent-violators kernel of @preflight/numeric.
import { fitIsotonic as fitIsotonicKernel, type IsotonicFit, predictIsotonicAt } from "@preflight/numeric"
import type { Effect } from "effect"
import { type CausalInputError, guarded } from "../errors.ts"
import { checkFinite, checkLength, checkWeights, firstIssue, issue } from "../internal/validate.ts"

export type { IsotonicFit } from "@preflight/numeric"

/**
 * Fits a non-decreasing step function of `score` to `target` (sklearn IsotonicRegression, increasing),
 * optionally weighted. Fails on empty or mismatched arrays, non-finite values or negative weights.
 */
export const fitIsotonic = (
  score: ArrayLike<number>,
  target: ArrayLike<number>,
  weights?: ArrayLike<number>
): Effect.Effect<IsotonicFit, CausalInputError> =>
  guarded(
    firstIssue(
      score.length > 0 ? undefined : issue("score", "is empty"),
      () => checkFinite("score", score),
      () => checkLength("target", target, score.length),
      () => checkFinite("target", target),
      () => checkWeights("weights", weights, score.length)
    ),
    () => fitIsotonicKernel(score, target, { weights })
  )

/** Isotonic prediction at `score`: linear between thresholds, flat outside. */
export const predictIsotonic = (fit: IsotonicFit, score: number): number => predictIsotonicAt(fit, score)
