// Kendall's tau-b with ties and its p-value, matching scipy.stats.kendalltau (variant "b", method "auto").
// Discordant pairs are counted in O(n log n) by merge-sort inversions (Knight 1966); the tie corrections
// and the asymptotic variance are those of Kendall (1970) as implemented in scipy.

import { normalCdf, normalSf } from "@preflight/numeric"
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { finiteVector, invalid, type NumericInput, sameLength } from "../internal/validate.ts"

export type Alternative = "two-sided" | "greater" | "less"

export interface KendallTauResult {
  /** Kendall's tau-b in [−1, 1]. */
  readonly tau: number
  readonly pValue: number
  /** "exact" only without ties and when n ≤ 33 or the statistic is at the edge (scipy's rule). */
  readonly method: "exact" | "asymptotic"
  readonly concordantMinusDiscordant: number
  readonly discordantPairs: number
  readonly xTiedPairs: number
  readonly yTiedPairs: number
  readonly jointTiedPairs: number
}

/** Dense ranks (0, 1, 2, …) of `values` in the order given by `order`. */
const denseRanksInOrder = (values: Float64Array, order: Uint32Array, out: Int32Array): number => {
  let rank = -1
  let previous = Number.NaN
  for (let k = 0; k < order.length; k++) {
    const value = values[order[k] as number] as number
    if (k === 0 || value !== previous) rank++
    out[order[k] as number] = rank
    previous = value
  }
  return rank + 1
}

/** Counts inversions (i < j with sequence[i] > sequence[j]) by bottom-up merge sort; sorts `sequence`. */
const countInversions = (sequence: Int32Array): number => {
  const n = sequence.length
  let source: Int32Array = sequence
  let target: Int32Array = new Int32Array(n)
  let inversions = 0
  for (let width = 1; width < n; width *= 2) {
    for (let left = 0; left < n; left += 2 * width) {
      const middle = Math.min(left + width, n)
      const right = Math.min(left + 2 * width, n)
      let i = left
      let j = middle
      let k = left
      while (i < middle && j < right) {
        if ((source[j] as number) < (source[i] as number)) {
          inversions += middle - i
          target[k++] = source[j++] as number
        } else {
          target[k++] = source[i++] as number
        }
      }
      while (i < middle) target[k++] = source[i++] as number
      while (j < right) target[k++] = source[j++] as number
    }
    const swap = source
    source = target
    target = swap
  }
  return inversions
}

/** Tie statistics of a sorted run-length sequence: Σt(t−1)/2, Σt(t−1)(t−2), Σt(t−1)(2t+5). */
const tieTerms = (counts: Iterable<number>): [number, number, number] => {
  let pairs = 0
  let cubic = 0
  let variance = 0
  for (const t of counts) {
    if (t < 2) continue
    pairs += (t * (t - 1)) / 2
    cubic += t * (t - 1) * (t - 2)
    variance += t * (t - 1) * (2 * t + 5)
  }
  return [pairs, cubic, variance]
}

/**
 * Exact null distribution of Kendall's statistic without ties (Kendall 1970): p-value for c concordant
 * pairs among n, by the recursion on the number of permutations with a given inversion count.
 */
export const kendallExactPValue = (n: number, concordant: number, alternative: Alternative = "two-sided"): number => {
  const totalPairs = (n * (n - 1)) / 2
  const inRightTail = concordant >= totalPairs - concordant
  const c = Math.min(concordant, totalPairs - concordant)
  let probability: number
  let massAtC = 0
  if (n === 1) {
    probability = 1
    massAtC = 1
  } else if (n === 2) {
    probability = 1
    massAtC = 0.5
  } else if (c === 0) {
    probability = n < 171 ? 2 / factorial(n) : 0
    massAtC = probability / 2
  } else if (c === 1) {
    probability = n < 172 ? 2 / factorial(n - 1) : 0
    massAtC = (n - 1) / factorial(n)
  } else if (4 * c === n * (n - 1) && alternative === "two-sided") {
    probability = 1
  } else {
    // counts[k] = number of permutations of j items with k inversions, truncated at c; divided by j as we go
    // when n ≥ 171 so nothing overflows.
    const scaled = n >= 171
    let counts = new Float64Array(c + 1)
    counts[0] = 1
    counts[1] = 1
    for (let j = 3; j <= n; j++) {
      const next = new Float64Array(c + 1)
      let running = 0
      for (let k = 0; k <= c; k++) {
        running += counts[k] as number
        next[k] = scaled ? running / j : running
      }
      if (j <= c) for (let k = c; k >= j; k--) next[k] = (next[k] as number) - (next[k - j] as number)
      counts = next
    }
    let total = 0
    for (let k = 0; k <= c; k++) total += counts[k] as number
    if (scaled) {
      probability = total
      massAtC = (counts[c] as number) / 2
    } else {
      const nFactorial = factorial(n)
      probability = (2 * total) / nFactorial
      massAtC = (counts[c] as number) / nFactorial
    }
  }
  if (alternative !== "two-sided") {
    if (inRightTail === (alternative === "greater")) probability /= 2
    else probability = 1 - probability / 2 + massAtC
  }
  return Math.min(Math.max(probability, 0), 1)
}

const factorial = (n: number): number => {
  let result = 1
  for (let i = 2; i <= n; i++) result *= i
  return result
}

/**
 * Kendall's tau-b between `x` and `y` with exact tie handling, and its p-value (scipy's method "auto").
 *
 * @example kendallTau([1, 2, 2, 3], [1, 3, 2, 2]) // Result.succeed({ tau, pValue, ... })
 */
export const kendallTau = (
  x: NumericInput,
  y: NumericInput,
  options: { readonly alternative?: Alternative } = {}
): Result.Result<KendallTauResult, InvalidInput> =>
  Result.gen(function* () {
    const xs = yield* finiteVector(x, "x", 2)
    const ys = yield* finiteVector(y, "y", 2)
    yield* sameLength(xs, ys, "x", "y")
    const alternative = options.alternative ?? "two-sided"
    const n = xs.length

    // Dense-rank y, then order by (x, y rank) so pairs tied in x are never counted as inversions.
    const yOrder = new Uint32Array(n)
    for (let i = 0; i < n; i++) yOrder[i] = i
    yOrder.sort((a, b) => (ys[a] as number) - (ys[b] as number))
    const yRank = new Int32Array(n)
    const yLevels = denseRanksInOrder(ys, yOrder, yRank)
    const order = new Uint32Array(n)
    for (let i = 0; i < n; i++) order[i] = i
    order.sort((a, b) => (xs[a] as number) - (xs[b] as number) || (yRank[a] as number) - (yRank[b] as number))

    const sequence = new Int32Array(n)
    const xRuns: Array<number> = []
    const jointRuns: Array<number> = []
    let xRun = 1
    let jointRun = 1
    for (let k = 0; k < n; k++) {
      const index = order[k] as number
      sequence[k] = yRank[index] as number
      if (k > 0) {
        const previous = order[k - 1] as number
        const sameX = xs[index] === xs[previous]
        if (sameX) xRun++
        else {
          xRuns.push(xRun)
          xRun = 1
        }
        if (sameX && yRank[index] === yRank[previous]) jointRun++
        else {
          jointRuns.push(jointRun)
          jointRun = 1
        }
      }
    }
    xRuns.push(xRun)
    jointRuns.push(jointRun)
    const yCounts = new Float64Array(yLevels)
    for (let i = 0; i < n; i++) yCounts[yRank[i] as number] = (yCounts[yRank[i] as number] as number) + 1

    const discordant = countInversions(sequence)
    const [jointTies] = tieTerms(jointRuns)
    const [xTies, x0, x1] = tieTerms(xRuns)
    const [yTies, y0, y1] = tieTerms(yCounts)
    const totalPairs = (n * (n - 1)) / 2
    if (xTies === totalPairs || yTies === totalPairs) {
      return yield* invalid(xTies === totalPairs ? "x" : "y", "is constant, so Kendall's tau is undefined")
    }
    const concordantMinusDiscordant = totalPairs - xTies - yTies + jointTies - 2 * discordant
    const raw = concordantMinusDiscordant / Math.sqrt(totalPairs - xTies) / Math.sqrt(totalPairs - yTies)
    const tau = Math.min(1, Math.max(-1, raw))

    const noTies = xTies === 0 && yTies === 0
    const exact = noTies && (n <= 33 || Math.min(discordant, totalPairs - discordant) <= 1)
    let pValue: number
    if (exact) {
      pValue = kendallExactPValue(n, totalPairs - discordant, alternative)
    } else {
      const m = n * (n - 1)
      const variance = (m * (2 * n + 5) - x1 - y1) / 18 + (2 * xTies * yTies) / m + (x0 * y0) / (9 * m * (n - 2))
      const z = concordantMinusDiscordant / Math.sqrt(variance)
      pValue =
        alternative === "two-sided" ? 2 * normalSf(Math.abs(z)) : alternative === "greater" ? normalSf(z) : normalCdf(z)
      pValue = Math.min(Math.max(pValue, 0), 1)
    }
    return {
      tau,
      pValue,
      method: exact ? "exact" : "asymptotic",
      concordantMinusDiscordant,
      discordantPairs: discordant,
      xTiedPairs: xTies,
      yTiedPairs: yTies,
      jointTiedPairs: jointTies
    }
  })
