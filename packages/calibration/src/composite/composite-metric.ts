// Composite calibration score: a weighted mean of component scores in [0, 1] that returns its parts as well as
// the total. The seeds' default is ranking 0.3, moments 0.3, calibration 0.4 (DSPy integration spec,
// "Composite Metric"); components and weights are configurable.
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { invalid, type NumericInput } from "../internal/validate.ts"
import { momentMatchingScore } from "../moments/moment-matching.ts"
import { calibrationErrors } from "../probability/calibration-errors.ts"
import { rankingAccuracy } from "../ranking/ranking-accuracy.ts"

/** The seeds' weights. */
export const SEED_COMPOSITE_WEIGHTS = { ranking: 0.3, moments: 0.3, calibration: 0.4 } as const

export interface CompositeComponent {
  readonly name: string
  /** Score where 1 is perfect; values outside [0, 1] are clipped for the total and flagged. */
  readonly score: number
  /** Non-negative weight; weights are normalized to sum to 1. */
  readonly weight: number
}

export interface CompositePart {
  readonly name: string
  readonly score: number
  /** The score after clipping to [0, 1]. */
  readonly clippedScore: number
  readonly clipped: boolean
  /** Normalized weight (weights sum to 1). */
  readonly weight: number
  /** weight × clippedScore: this part's share of the total. */
  readonly contribution: number
}

export interface CompositeResult {
  readonly total: number
  readonly parts: ReadonlyArray<CompositePart>
}

/**
 * Weighted composite of component scores.
 *
 * @example compositeScore([{ name: "ranking", score: 0.9, weight: 0.3 }, { name: "calibration", score: 0.97, weight: 0.4 }])
 */
export const compositeScore = (
  components: ReadonlyArray<CompositeComponent>
): Result.Result<CompositeResult, InvalidInput> =>
  Result.gen(function* () {
    if (components.length === 0) return yield* invalid("components", "needs at least one component")
    const names = new Set<string>()
    let weightSum = 0
    for (const [index, component] of components.entries()) {
      if (names.has(component.name))
        return yield* invalid("components", `duplicate component name "${component.name}"`, index)
      names.add(component.name)
      if (!Number.isFinite(component.score))
        return yield* invalid(`components.${component.name}.score`, `must be finite, got ${component.score}`)
      if (!(component.weight >= 0) || !Number.isFinite(component.weight)) {
        return yield* invalid(
          `components.${component.name}.weight`,
          `must be a non-negative finite number, got ${component.weight}`
        )
      }
      weightSum += component.weight
    }
    if (!(weightSum > 0)) return yield* invalid("components", "weights must not all be zero")
    const parts = components.map((component): CompositePart => {
      const clippedScore = Math.min(1, Math.max(0, component.score))
      const weight = component.weight / weightSum
      return {
        name: component.name,
        score: component.score,
        clippedScore,
        clipped: clippedScore !== component.score,
        weight,
        contribution: weight * clippedScore
      }
    })
    let total = 0
    for (const part of parts) total += part.contribution
    return { total, parts }
  })

export interface SeedCompositeInput {
  /** Actual and predicted performance of the items being ranked (e.g. creatives); only order matters. */
  readonly ranking: { readonly actual: NumericInput; readonly predicted: NumericInput }
  /** Actual and simulated outcome values. */
  readonly moments: { readonly actual: NumericInput; readonly simulated: NumericInput }
  /** Observed 0/1 outcomes and predicted probabilities. */
  readonly calibration: { readonly labels: NumericInput; readonly probabilities: NumericInput }
}

export interface SeedCompositeOptions {
  readonly weights?: { readonly ranking?: number; readonly moments?: number; readonly calibration?: number }
  /**
   * "seed" (default): 1 − unweighted mean |ȳ_b − p̄_b| over calibration_curve's non-empty uniform bins, as in
   * the seeds; "ece": 1 − ECE, which weights bins by their counts.
   */
  readonly calibrationMeasure?: "seed" | "ece"
  readonly calibrationBins?: number
  /** Further components (e.g. 1 − KS D, 1 − |top-box difference|) added with their own weights. */
  readonly extraComponents?: ReadonlyArray<CompositeComponent>
}

/**
 * The seeds' composite metric computed from raw inputs: ranking accuracy (τ + 1)/2, moment-matching score and
 * calibration score, weighted 0.3 / 0.3 / 0.4 unless told otherwise.
 */
export const seedCompositeMetric = (
  input: SeedCompositeInput,
  options: SeedCompositeOptions = {}
): Result.Result<CompositeResult, InvalidInput> =>
  Result.gen(function* () {
    const ranking = yield* rankingAccuracy(input.ranking.actual, input.ranking.predicted)
    const moments = yield* momentMatchingScore(input.moments.actual, input.moments.simulated)
    const errors = yield* calibrationErrors(input.calibration.labels, input.calibration.probabilities, {
      bins: options.calibrationBins ?? 10,
      strategy: "uniform"
    })
    const calibrationScore =
      (options.calibrationMeasure ?? "seed") === "seed" ? errors.seedCalibrationScore : 1 - errors.ece
    const weights = { ...SEED_COMPOSITE_WEIGHTS, ...options.weights }
    return yield* compositeScore([
      { name: "ranking", score: ranking.score, weight: weights.ranking },
      { name: "moments", score: moments.score, weight: weights.moments },
      { name: "calibration", score: calibrationScore, weight: weights.calibration },
      ...(options.extraComponents ?? [])
    ])
  })
