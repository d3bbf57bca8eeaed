// The seeds' moment-matching score: 1 − mean relative error of (mean, std, skew) between simulated and
// actual outcomes, with np.std (population) and scipy.stats.skew (biased) as in the DSPy integration spec.
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { finiteVector, type NumericInput } from "../internal/validate.ts"
import { centralMomentOf, meanOf, skewnessOf } from "./descriptive.ts"

export interface OutcomeMoments {
  readonly mean: number
  /** Population standard deviation (ddof 0). */
  readonly std: number
  /** Population skewness g₁; 0 when the outcomes are constant (scipy would give NaN and poison the score). */
  readonly skew: number
}

export interface MomentMatchingResult {
  /** 1 − mean(relative errors), exactly the seeds' formula; it can be negative when moments are far off. */
  readonly score: number
  readonly relativeErrors: { readonly mean: number; readonly std: number; readonly skew: number }
  readonly actual: OutcomeMoments
  readonly simulated: OutcomeMoments
}

/** The seeds' denominator guard: |actual − simulated| / (|actual| + 1e-6). */
const SEED_EPSILON = 1e-6

const momentsOf = (values: Float64Array): OutcomeMoments => {
  const center = meanOf(values)
  const skew = skewnessOf(values, "population")
  return { mean: center, std: Math.sqrt(centralMomentOf(values, 2, center)), skew: Number.isNaN(skew) ? 0 : skew }
}

export interface MomentMatchingOptions {
  /**
   * How the skew's error is scaled: "seed" (default) = |Δ| / (|skew| + 1e-6), exactly the seeds'; "bounded" =
   * |Δ| / (1 + |skew|). For nearly symmetric outcomes (skew near 0) the seeds' denominator turns a small skew
   * difference into a huge error and a negative score for outcomes whose mean and spread match; "bounded"
   * keeps the error relative for strongly skewed outcomes and absolute near symmetry.
   */
  readonly skewError?: "seed" | "bounded"
}

/**
 * Moment-matching score of `simulated` outcomes against `actual` ones (higher is better, 1 is perfect).
 *
 * @example momentMatchingScore(actualSpend, simulatedSpend) // { score: 0.93, relativeErrors: {...}, ... }
 */
export const momentMatchingScore = (
  actual: NumericInput,
  simulated: NumericInput,
  options: MomentMatchingOptions = {}
): Result.Result<MomentMatchingResult, InvalidInput> =>
  Result.gen(function* () {
    const actualMoments = momentsOf(yield* finiteVector(actual, "actual"))
    const simulatedMoments = momentsOf(yield* finiteVector(simulated, "simulated"))
    const relative = (a: number, s: number): number => Math.abs(a - s) / (Math.abs(a) + SEED_EPSILON)
    const relativeErrors = {
      mean: relative(actualMoments.mean, simulatedMoments.mean),
      std: relative(actualMoments.std, simulatedMoments.std),
      skew:
        options.skewError === "bounded"
          ? Math.abs(actualMoments.skew - simulatedMoments.skew) / (1 + Math.abs(actualMoments.skew))
          : relative(actualMoments.skew, simulatedMoments.skew)
    }
    const score = 1 - (relativeErrors.mean + relativeErrors.std + relativeErrors.skew) / 3
    return { score, relativeErrors, actual: actualMoments, simulated: simulatedMoments }
  })
