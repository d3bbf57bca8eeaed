// Mann–Whitney U test as scipy.stats.mannwhitneyu (two-sided by default, continuity correction on): U of
// the first sample from midranks; "auto" uses the exact null distribution when there are no ties and either
// sample has at most 8 values, otherwise the normal approximation with the tie-corrected variance.

import { normalSf } from "@preflight/numeric"
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { averageRanks } from "../internal/ranks.ts"
import { finiteVector, type NumericInput } from "../internal/validate.ts"
import type { Alternative } from "../ranking/kendall-tau.ts"

export interface MannWhitneyResult {
  /** U of the first sample (x): number of pairs with x > y, ties counting ½. */
  readonly u: number
  readonly pValue: number
  readonly method: "exact" | "asymptotic"
  /** U / (n₁n₂): probability that a random x exceeds a random y (common-language effect size). */
  readonly commonLanguageEffect: number
}

/** P(U ≥ k) under H₀ without ties, from the counts of rank-sum configurations (recursion on n₁, n₂). */
const exactUpperTail = (n1: number, n2: number, k: number): number => {
  const small = Math.min(n1, n2)
  const large = Math.max(n1, n2)
  const maxU = small * large
  // counts[m][u] for m items from the small sample among m + j positions, built up over j; with j = 0 the
  // only arrangement has U = 0.
  let previous: Array<Float64Array> = []
  for (let m = 0; m <= small; m++) {
    const row = new Float64Array(maxU + 1)
    row[0] = 1
    previous.push(row)
  }
  for (let j = 1; j <= large; j++) {
    const current: Array<Float64Array> = []
    for (let m = 0; m <= small; m++) {
      const row = new Float64Array(maxU + 1)
      // f(u; m, j) = f(u − j; m − 1, j) + f(u; m, j − 1): the largest value is either from the small sample
      // (beating all j of the other) or from the large one.
      const withoutLast = previous[m] as Float64Array
      for (let u = 0; u <= maxU; u++) row[u] = withoutLast[u] as number
      if (m > 0) {
        const fewer = current[m - 1] as Float64Array
        for (let u = j; u <= maxU; u++) row[u] = (row[u] as number) + (fewer[u - j] as number)
      }
      current.push(row)
    }
    previous = current
  }
  const distribution = previous[small] as Float64Array
  let total = 0
  let tail = 0
  for (let u = 0; u <= maxU; u++) {
    total += distribution[u] as number
    if (u >= k) tail += distribution[u] as number
  }
  return tail / total
}

/**
 * Mann–Whitney U test of `x` against `y`.
 *
 * @example mannWhitneyU(treatmentRatings, controlRatings) // { u, pValue, method, commonLanguageEffect }
 */
export const mannWhitneyU = (
  x: NumericInput,
  y: NumericInput,
  options: {
    readonly alternative?: Alternative
    readonly method?: "auto" | "exact" | "asymptotic"
    readonly continuity?: boolean
  } = {}
): Result.Result<MannWhitneyResult, InvalidInput> =>
  Result.gen(function* () {
    const xs = yield* finiteVector(x, "x")
    const ys = yield* finiteVector(y, "y")
    const n1 = xs.length
    const n2 = ys.length
    const combined = new Float64Array(n1 + n2)
    combined.set(xs, 0)
    combined.set(ys, n1)
    const { ranks, tieSizes } = averageRanks(combined)
    let rankSum = 0
    for (let i = 0; i < n1; i++) rankSum += ranks[i] as number
    const u1 = rankSum - (n1 * (n1 + 1)) / 2
    const u2 = n1 * n2 - u1
    const alternative = options.alternative ?? "two-sided"
    const [statistic, factor] =
      alternative === "greater" ? [u1, 1] : alternative === "less" ? [u2, 1] : [Math.max(u1, u2), 2]
    const hasTies = tieSizes.length > 0
    const requested = options.method ?? "auto"
    const method = requested === "auto" ? ((n1 > 8 && n2 > 8) || hasTies ? "asymptotic" : "exact") : requested
    let pValue: number
    if (method === "exact") {
      pValue = factor * exactUpperTail(n1, n2, Math.round(statistic))
    } else {
      const n = n1 + n2
      let tieTerm = 0
      for (const t of tieSizes) tieTerm += t * t * t - t
      const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))))
      const numerator = statistic - (n1 * n2) / 2 - ((options.continuity ?? true) ? 0.5 : 0)
      pValue = factor * normalSf(numerator / sigma)
    }
    return { u: u1, pValue: Math.min(Math.max(pValue, 0), 1), method, commonLanguageEffect: u1 / (n1 * n2) }
  })
