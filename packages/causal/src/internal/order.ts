// Order-based helpers: argsorts with the exact tie conventions of the reference libraries, numpy's linear
// quantile, and the mean / population variance used next to them.

/** Indices sorting `scores` ascending, ties kept in input order (numpy `argsort(kind="mergesort")`). */
export const stableArgsortAscending = (scores: ArrayLike<number>): Int32Array => {
  const index = Array.from({ length: scores.length }, (_, i) => i)
  index.sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0) || a - b)
  return Int32Array.from(index)
}

/**
 * Descending order as scikit-uplift builds it: `argsort(mergesort)[::-1]`, so tied scores come out in
 * reverse input order.
 */
export const skliftDescendingOrder = (scores: ArrayLike<number>): Int32Array => stableArgsortAscending(scores).reverse()

/** Descending order with ties in input order (numpy `argsort(-scores, kind="mergesort")`). */
export const stableArgsortDescending = (scores: ArrayLike<number>): Int32Array => {
  const index = Array.from({ length: scores.length }, (_, i) => i)
  index.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b)
  return Int32Array.from(index)
}

/** Quantile with linear interpolation between order statistics (numpy's default "linear" method). */
export const quantile = (values: ArrayLike<number>, q: number): number => {
  const sorted = Float64Array.from(values).sort()
  if (sorted.length === 0) return Number.NaN
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.min(sorted.length - 1, low + 1)
  const weight = position - low
  return (sorted[low] ?? 0) * (1 - weight) + (sorted[high] ?? 0) * weight
}

export const mean = (values: ArrayLike<number>): number => {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i] ?? 0
  return sum / values.length
}

/** Population variance (numpy `var`, ddof = 0). */
export const variance = (values: ArrayLike<number>): number => {
  const m = mean(values)
  let sum = 0
  for (let i = 0; i < values.length; i++) {
    const d = (values[i] ?? 0) - m
    sum += d * d
  }
  return sum / values.length
}
