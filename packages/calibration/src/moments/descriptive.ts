// Descriptive moments with their conventions stated: mean, variance/standard deviation with a chosen ddof,
// skewness in the population (biased, g₁ = m₃/m₂^{3/2}, scipy's default) and sample (adjusted,
// G₁ = g₁·√(n(n−1))/(n−2), Excel/SAS/scipy bias=False) forms, and numpy's default "linear" quantile.
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { finiteVector, invalid, type NumericInput } from "../internal/validate.ts"

/** Compensated (Neumaier) sum: accurate to a few ulps even for a million terms. */
export const compensatedSum = (values: Float64Array): number => {
  let sum = 0
  let compensation = 0
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number
    const next = sum + value
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum
    sum = next
  }
  return sum + compensation
}

/** Arithmetic mean (kernel: no validation). */
export const meanOf = (values: Float64Array): number => compensatedSum(values) / values.length

/** Central moment Σ(x − mean)^order / n (kernel: no validation). */
export const centralMomentOf = (values: Float64Array, order: number, center: number = meanOf(values)): number => {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += ((values[i] as number) - center) ** order
  return sum / values.length
}

/** Mean of the values. */
export const mean = (values: NumericInput): Result.Result<number, InvalidInput> =>
  Result.map(finiteVector(values, "values"), meanOf)

export interface SpreadOptions {
  /** Delta degrees of freedom: 0 = population (numpy's np.std default), 1 = sample (pandas' default). */
  readonly ddof?: number
}

/** Variance Σ(x − mean)²/(n − ddof). */
export const variance = (values: NumericInput, options: SpreadOptions = {}): Result.Result<number, InvalidInput> =>
  Result.gen(function* () {
    const ddof = options.ddof ?? 0
    const vector = yield* finiteVector(values, "values", Math.max(1, ddof + 1))
    if (!Number.isInteger(ddof) || ddof < 0)
      return yield* invalid("ddof", `must be a non-negative integer, got ${ddof}`)
    const center = meanOf(vector)
    let sum = 0
    for (let i = 0; i < vector.length; i++) sum += ((vector[i] as number) - center) ** 2
    return sum / (vector.length - ddof)
  })

/** Standard deviation √variance (population by default, like np.std). */
export const standardDeviation = (
  values: NumericInput,
  options: SpreadOptions = {}
): Result.Result<number, InvalidInput> => Result.map(variance(values, options), Math.sqrt)

export type SkewnessConvention = "population" | "sample"

/** Kernel: skewness or NaN when the values are constant (scipy's "numerically constant" test). */
export const skewnessOf = (values: Float64Array, convention: SkewnessConvention = "population"): number => {
  const n = values.length
  const center = meanOf(values)
  let m2 = 0
  let m3 = 0
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - center
    const d2 = d * d
    m2 += d2
    m3 += d2 * d
  }
  m2 /= n
  m3 /= n
  // scipy 1.17 stats.skew: `zero = m2 <= (eps * mean)**2` with eps = finfo(float64).eps = 2⁻⁵² marks the
  // values numerically constant.
  if (m2 <= (Number.EPSILON * center) ** 2) return Number.NaN
  const g1 = m3 / m2 ** 1.5
  if (convention === "population") return g1
  if (n < 3) return Number.NaN
  return (g1 * Math.sqrt(n * (n - 1))) / (n - 2)
}

/**
 * Skewness. "population" (default) is the biased g₁ = m₃/m₂^{3/2} of scipy.stats.skew(bias=True) and of the
 * seeds' moment-matching metric; "sample" is the adjusted Fisher–Pearson G₁ (needs n ≥ 3).
 */
export const skewness = (
  values: NumericInput,
  options: { readonly convention?: SkewnessConvention } = {}
): Result.Result<number, InvalidInput> =>
  Result.gen(function* () {
    const convention = options.convention ?? "population"
    const vector = yield* finiteVector(values, "values", convention === "sample" ? 3 : 1)
    const value = skewnessOf(vector, convention)
    if (Number.isNaN(value)) return yield* invalid("values", "are constant, so skewness is undefined")
    return value
  })

/**
 * Quantile of already sorted values by numpy's default "linear" method (Hyndman & Fan type 7), using
 * numpy's own lerp so results agree to the last bit.
 */
export const quantileSorted = (sorted: Float64Array, probability: number): number => {
  const n = sorted.length
  const position = (n - 1) * probability
  const lower = Math.min(Math.max(Math.floor(position), 0), n - 1)
  const upper = Math.min(lower + 1, n - 1)
  const gamma = position - lower
  const a = sorted[lower] as number
  const b = sorted[upper] as number
  const difference = b - a
  return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma
}

/** Quantile (numpy "linear") of unsorted values. */
export const quantile = (values: NumericInput, probability: number): Result.Result<number, InvalidInput> =>
  Result.gen(function* () {
    const vector = yield* finiteVector(values, "values")
    if (!(probability >= 0 && probability <= 1))
      return yield* invalid("probability", `must be in [0, 1], got ${probability}`)
    return quantileSorted(Float64Array.from(vector).sort(), probability)
  })

/** Median (numpy convention: mean of the two middle values when n is even). */
export const median = (values: NumericInput): Result.Result<number, InvalidInput> => quantile(values, 0.5)
