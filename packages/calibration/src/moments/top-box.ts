// Top-box share: the fraction of responses at or above a cut (top-2-box = 4 or 5 on a 1–5 scale). Means can
// match while this KPI is off by 4× (TinyTroupe's gazpacho survey, reference/persona.md §1.2), so it is
// scored separately.
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { finiteVector, invalid, type NumericInput } from "../internal/validate.ts"

export interface TopBoxComparison {
  readonly actualShare: number
  readonly simulatedShare: number
  /** simulatedShare − actualShare. */
  readonly difference: number
  /** |difference|, the quantity a calibration target bounds. */
  readonly absoluteDifference: number
}

const shareAtOrAbove = (values: Float64Array, cut: number): number => {
  let count = 0
  for (let i = 0; i < values.length; i++) if ((values[i] as number) >= cut) count++
  return count / values.length
}

/** Share of `values` at or above `cut`. */
export const topBoxShare = (values: NumericInput, cut: number): Result.Result<number, InvalidInput> =>
  Result.gen(function* () {
    if (!Number.isFinite(cut)) return yield* invalid("cut", `must be finite, got ${cut}`)
    return shareAtOrAbove(yield* finiteVector(values, "values"), cut)
  })

/**
 * Top-box shares of actual and simulated responses and their difference.
 *
 * @example topBoxShareDifference(humanVotes, simulatedVotes, { cut: 4 }) // gazpacho: 0.34 vs 0.08
 */
export const topBoxShareDifference = (
  actual: NumericInput,
  simulated: NumericInput,
  options: { readonly cut: number }
): Result.Result<TopBoxComparison, InvalidInput> =>
  Result.gen(function* () {
    if (!Number.isFinite(options.cut)) return yield* invalid("cut", `must be finite, got ${options.cut}`)
    const actualShare = shareAtOrAbove(yield* finiteVector(actual, "actual"), options.cut)
    const simulatedShare = shareAtOrAbove(yield* finiteVector(simulated, "simulated"), options.cut)
    const difference = simulatedShare - actualShare
    return { actualShare, simulatedShare, difference, absoluteDifference: Math.abs(difference) }
  })
