// Spearman's rank correlation: Pearson's r on average ranks, with the t-distribution p-value
// (n − 2 degrees of freedom) that scipy.stats.spearmanr reports.
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { averageRanks } from "../internal/ranks.ts"
import { finiteVector, invalid, type NumericInput, sameLength } from "../internal/validate.ts"
import { studentTCdf, studentTSf } from "../special/student-t.ts"
import type { Alternative } from "./kendall-tau.ts"

export interface SpearmanResult {
  readonly rho: number
  readonly pValue: number
}

/** Pearson correlation of two equal-length vectors (two-pass, centred), clipped to [−1, 1] like numpy's corrcoef. */
export const pearsonCorrelation = (x: Float64Array, y: Float64Array): number => {
  const n = x.length
  let meanX = 0
  let meanY = 0
  for (let i = 0; i < n; i++) {
    meanX += x[i] as number
    meanY += y[i] as number
  }
  meanX /= n
  meanY /= n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - meanX
    const dy = (y[i] as number) - meanY
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  const r = sxy / Math.sqrt(sxx * syy)
  return Math.min(1, Math.max(-1, r))
}

/**
 * Spearman's rho with its p-value from t = ρ·√((n − 2)/((1 + ρ)(1 − ρ))) on n − 2 degrees of freedom.
 *
 * @example spearman([1, 2, 3, 4], [10, 20, 40, 30]) // rho 0.8
 */
export const spearman = (
  x: NumericInput,
  y: NumericInput,
  options: { readonly alternative?: Alternative } = {}
): Result.Result<SpearmanResult, InvalidInput> =>
  Result.gen(function* () {
    const xs = yield* finiteVector(x, "x", 3)
    const ys = yield* finiteVector(y, "y", 3)
    yield* sameLength(xs, ys, "x", "y")
    const rankedX = averageRanks(xs)
    const rankedY = averageRanks(ys)
    if (rankedX.tieSizes[0] === xs.length) return yield* invalid("x", "is constant, so Spearman's rho is undefined")
    if (rankedY.tieSizes[0] === ys.length) return yield* invalid("y", "is constant, so Spearman's rho is undefined")
    const rho = pearsonCorrelation(rankedX.ranks, rankedY.ranks)
    const degreesOfFreedom = xs.length - 2
    const ratio = degreesOfFreedom / ((rho + 1) * (1 - rho))
    const t = rho * Math.sqrt(Math.max(ratio, 0))
    const alternative = options.alternative ?? "two-sided"
    const pValue =
      alternative === "two-sided"
        ? 2 * studentTSf(Math.abs(t), degreesOfFreedom)
        : alternative === "greater"
          ? studentTSf(t, degreesOfFreedom)
          : studentTCdf(t, degreesOfFreedom)
    return { rho, pValue: Math.min(Math.max(pValue, 0), 1) }
  })
