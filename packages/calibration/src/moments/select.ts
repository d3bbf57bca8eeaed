// Quantiles without a full sort: quickselect (Hoare 1961) with median-of-three pivots finds the order
// statistics numpy's "linear" quantile needs in O(n) expected time, falling back to a sort of the remaining
// range if partitioning degenerates. Used by moment functions evaluated thousands of times (SMM).

/** Rearranges values[left..right] so values[k] is the k-th smallest (0-based) of the whole range. */
const selectInPlace = (values: Float64Array, k: number, leftStart: number, rightStart: number): void => {
  let left = leftStart
  let right = rightStart
  let budget = 2 * Math.ceil(Math.log2(right - left + 2)) + 8
  while (right > left) {
    if (budget-- <= 0) {
      values.subarray(left, right + 1).sort()
      return
    }
    const middle = (left + right) >>> 1
    // Median of three as pivot.
    const a = values[left] as number
    const b = values[middle] as number
    const c = values[right] as number
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c))
    let i = left
    let j = right
    while (i <= j) {
      while ((values[i] as number) < pivot) i++
      while ((values[j] as number) > pivot) j--
      if (i <= j) {
        const swap = values[i] as number
        values[i] = values[j] as number
        values[j] = swap
        i++
        j--
      }
    }
    if (k <= j) right = j
    else if (k >= i) left = i
    else return
  }
}

/**
 * numpy-"linear" quantiles of `values` for several probabilities, reordering `values` in place (pass a copy
 * to keep the original order). Results are identical to sorting first and calling quantileSorted.
 */
export const quantilesInPlace = (values: Float64Array, probabilities: ReadonlyArray<number>): Float64Array => {
  const n = values.length
  const out = new Float64Array(probabilities.length)
  const order = probabilities
    .map((_, index) => index)
    .sort((a, b) => (probabilities[a] as number) - (probabilities[b] as number))
  let left = 0
  for (const index of order) {
    const probability = probabilities[index] as number
    const position = (n - 1) * probability
    const lower = Math.min(Math.max(Math.floor(position), 0), n - 1)
    const upper = Math.min(lower + 1, n - 1)
    selectInPlace(values, lower, left, n - 1)
    const a = values[lower] as number
    let b = a
    if (upper !== lower) {
      // After selection everything right of `lower` is ≥ a; the next order statistic is their minimum.
      b = values[upper] as number
      for (let i = upper + 1; i < n; i++) if ((values[i] as number) < b) b = values[i] as number
    }
    const gamma = position - lower
    const difference = b - a
    out[index] = gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma
    left = lower
  }
  return out
}
