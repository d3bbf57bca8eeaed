// The seeds' ranking accuracy: Kendall's tau between actual and predicted ranks, mapped to [0, 1] as
// (tau + 1) / 2 (DSPy integration spec, "Ranking Accuracy Metric").
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import type { NumericInput } from "../internal/validate.ts"
import { kendallTau } from "./kendall-tau.ts"

export interface RankingAccuracy {
  /** (tau + 1) / 2: 1 for identical order, 0.5 for no association, 0 for reversed order. */
  readonly score: number
  readonly tau: number
  readonly pValue: number
}

/**
 * Normalized ranking accuracy (tau-b + 1) / 2 of `predicted` against `actual` (any scores or ranks; only
 * their order matters).
 */
export const rankingAccuracy = (
  actual: NumericInput,
  predicted: NumericInput
): Result.Result<RankingAccuracy, InvalidInput> =>
  Result.map(kendallTau(actual, predicted), (result) => ({
    score: (result.tau + 1) / 2,
    tau: result.tau,
    pValue: result.pValue
  }))
