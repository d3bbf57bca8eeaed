// Two-sample Kolmogorov–Smirnov test: the largest gap between two empirical CDFs and its two-sided p-value,
// computed the way scipy.stats.ks_2samp does (method "auto": exact when both samples have at most 10,000
// values, otherwise the finite-n Kolmogorov distribution at n = round(mn/(m + n))).
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { finiteVector, invalid, type NumericInput } from "../internal/validate.ts"
import { kolmogorovSf } from "../special/kolmogorov.ts"

export type KsMethod = "auto" | "exact" | "asymptotic"

export interface KsTwoSampleResult {
  /** D = sup |F₁(x) − F₂(x)|. */
  readonly statistic: number
  /** Two-sided p-value. */
  readonly pValue: number
  /** Method actually used ("exact" falls back to "asymptotic" when the exact sum overflows). */
  readonly method: "exact" | "asymptotic"
  /** A value where the largest gap is reached. */
  readonly location: number
}

/** scipy's MAX_AUTO_N: above it `auto` switches to the asymptotic distribution. */
export const KS_EXACT_MAX_N = 10_000

const greatestCommonDivisor = (a: number, b: number): number => {
  let x = a
  let y = b
  while (y !== 0) {
    const r = x % y
    x = y
    y = r
  }
  return x
}

/** P(D_{n,n} ≥ h/n) = 2·Σ_k (−1)^{k+1} C(2n, n − kh)/C(2n, n), evaluated as a Horner product (no cancellation). */
const outsideSquareProbability = (n: number, h: number): number => {
  let p = 0
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1)
    p = ratio * (1 - p)
  }
  return 2 * p
}

/**
 * Probability that a uniformly random lattice path from (0,0) to (m,n) leaves the band |x/m − y/n| < h/lcm,
 * by the recursion for 1 − p of Viehmann (arXiv:2102.08037) on Hodges' inside method; one sliding column.
 */
const outsideBandProbability = (first: number, second: number, gcd: number, h: number): number => {
  const m = Math.max(first, second)
  const n = Math.min(first, second)
  const mg = m / gcd
  const ng = n / gcd
  let minJ = 0
  let maxJ = Math.min(Math.ceil(h / mg), n + 1)
  let currentLength = maxJ - minJ
  const columnLength = Math.min(2 * maxJ + 2, n + 1)
  // The window can grow beyond its first size when h is large; size for the widest band.
  const column = new Float64Array(Math.max(columnLength, Math.min(n + 1, 2 * Math.ceil(h / mg) + 4)))
  column.fill(1)
  for (let j = minJ; j < maxJ; j++) column[j] = 0
  for (let i = 1; i <= m; i++) {
    const lastMinJ = minJ
    const lastLength = currentLength
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n)
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1)
    if (maxJ <= minJ) return 1
    let value = minJ === 0 ? 0 : 1
    for (let jj = 0; jj < maxJ - minJ; jj++) {
      const j = jj + minJ
      value = ((column[jj + minJ - lastMinJ] as number) * i + value * j) / (i + j)
      column[jj] = value
    }
    currentLength = maxJ - minJ
    if (lastLength > currentLength) {
      for (let j = currentLength; j < lastLength; j++) column[j] = 1
    }
  }
  return column[maxJ - minJ - 1] as number
}

/** The KS statistic of two sorted samples, as an integer numerator over n₁·n₂, and where it is reached. */
const ksStatisticSorted = (
  sorted1: Float64Array,
  sorted2: Float64Array
): { readonly numerator: number; readonly location: number } => {
  const n1 = sorted1.length
  const n2 = sorted2.length
  let i = 0
  let j = 0
  let best = 0
  let location = Math.min(sorted1[0] as number, sorted2[0] as number)
  while (i < n1 || j < n2) {
    const next = Math.min(
      i < n1 ? (sorted1[i] as number) : Number.POSITIVE_INFINITY,
      j < n2 ? (sorted2[j] as number) : Number.POSITIVE_INFINITY
    )
    while (i < n1 && sorted1[i] === next) i++
    while (j < n2 && sorted2[j] === next) j++
    const gap = Math.abs(i * n2 - j * n1)
    if (gap > best) {
      best = gap
      location = next
    }
  }
  return { numerator: best, location }
}

/** Two-sided p-value of D by the chosen method (see the file header). */
export const ksTwoSamplePValue = (
  n1: number,
  n2: number,
  statistic: number,
  method: KsMethod = "auto"
): { readonly pValue: number; readonly method: "exact" | "asymptotic" } => {
  const useExact = method === "exact" || (method === "auto" && Math.max(n1, n2) <= KS_EXACT_MAX_N)
  if (useExact) {
    const gcd = greatestCommonDivisor(n1, n2)
    const lcm = (n1 / gcd) * n2
    const h = Math.round(statistic * lcm)
    if (h === 0) return { pValue: 1, method: "exact" }
    const p = n1 === n2 ? outsideSquareProbability(n1, h) : outsideBandProbability(n1, n2, gcd, h)
    if (Number.isFinite(p) && p >= 0 && p <= 1) return { pValue: p, method: "exact" }
  }
  const m = Math.max(n1, n2)
  const n = Math.min(n1, n2)
  const effectiveN = Math.round((m * n) / (m + n))
  return { pValue: kolmogorovSf(Math.max(effectiveN, 1), statistic), method: "asymptotic" }
}

/**
 * Two-sample Kolmogorov–Smirnov test (two-sided). Ties are handled as in scipy (the ECDFs jump together).
 *
 * @example ksTwoSample(reference, current) // { statistic, pValue, method, location }
 */
export const ksTwoSample = (
  sample1: NumericInput,
  sample2: NumericInput,
  options: { readonly method?: KsMethod } = {}
): Result.Result<KsTwoSampleResult, InvalidInput> =>
  Result.gen(function* () {
    const first = yield* finiteVector(sample1, "sample1")
    const second = yield* finiteVector(sample2, "sample2")
    const method = options.method ?? "auto"
    if (method !== "auto" && method !== "exact" && method !== "asymptotic") {
      return yield* invalid("method", `must be "auto", "exact" or "asymptotic", got ${String(method)}`)
    }
    const sorted1 = Float64Array.from(first).sort()
    const sorted2 = Float64Array.from(second).sort()
    const { numerator, location } = ksStatisticSorted(sorted1, sorted2)
    const statistic = numerator / (sorted1.length * sorted2.length)
    const p = ksTwoSamplePValue(sorted1.length, sorted2.length, statistic, method)
    return { statistic, pValue: p.pValue, method: p.method, location }
  })
