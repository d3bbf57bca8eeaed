// Quantiles without a full sort: multi-target quickselect (Hoare 1961) finds every order statistic numpy's
// "linear" quantiles need, sharing partitions between them, in O(n) expected time: pivots the median of three
// pseudo-randomly placed values, a branchless Lomuto partition, insertion sort below 16 elements, and a sort
// of the remaining range if partitioning still degenerates. Used by moment functions evaluated thousands of
// times (SMM).
//
// Why branchless: on unordered data every "is x below the pivot" branch is a coin flip the CPU mispredicts
// half the time (Edelkamp & Weiß 2016, "BlockQuicksort: avoiding branch mispredictions in quicksort");
// adding the comparison's 0/1 to the store index instead made selection on 578 values about 3× faster than a
// Hoare partition in V8. Lomuto keeps much of the input's order in each part, so fixed pivot positions
// (first, middle, last) fell into patterns (organ pipe, sawtooth) and degraded to the fallback sort; positions
// drawn from the workspace's seeded generator (seeded by the length: deterministic, no Math.random) do not.
import { SeededRandom } from "@preflight/numeric"

/** Ranges shorter than this are finished by insertion sort, cheaper than partitioning them further. */
const insertionSortBelow = 16

const insertionSort = (values: Float64Array, left: number, right: number): void => {
  for (let i = left + 1; i <= right; i++) {
    const value = values[i] as number
    let j = i - 1
    while (j >= left && (values[j] as number) > value) {
      values[j + 1] = values[j] as number
      j--
    }
    values[j + 1] = value
  }
}

/** Index of the median of values[a], values[b], values[c]. */
const medianIndex = (values: Float64Array, a: number, b: number, c: number): number => {
  const x = values[a] as number
  const y = values[b] as number
  const z = values[c] as number
  if (x < y) return y < z ? b : x < z ? c : a
  return x < z ? a : y < z ? c : b
}

/**
 * Moves the values of values[from..right] below the pivot (or equal to it, with `orEqual`) to the front of
 * that range, branch-free, and returns the end of that front block.
 */
const partitionBelow = (values: Float64Array, from: number, right: number, pivot: number, orEqual: boolean): number => {
  let store = from
  if (orEqual) {
    for (let i = from; i <= right; i++) {
      const value = values[i] as number
      values[i] = values[store] as number
      values[store] = value
      store += Number(value <= pivot)
    }
  } else {
    for (let i = from; i <= right; i++) {
      const value = values[i] as number
      values[i] = values[store] as number
      values[store] = value
      store += Number(value < pivot)
    }
  }
  return store
}

/**
 * Rearranges values[left..right] so that values[r] is the r-th smallest (0-based) of the whole array for every
 * rank r in ranks[first..last] (sorted ascending, each within [left, right]).
 */
const selectRanks = (
  values: Float64Array,
  ranks: Int32Array,
  firstStart: number,
  last: number,
  leftStart: number,
  rightStart: number,
  budgetStart: number,
  random: SeededRandom
): void => {
  let first = firstStart
  let left = leftStart
  const right = rightStart
  let budget = budgetStart
  while (first <= last) {
    if (right - left < insertionSortBelow) {
      insertionSort(values, left, right)
      return
    }
    if (budget-- <= 0) {
      values.subarray(left, right + 1).sort()
      return
    }
    // Pivot (median of three) parked at `right`, then values[left..store − 1] < pivot ≤ values[store + 1..right].
    const span = right - left + 1
    const pivotIndex = medianIndex(values, left + random.int(span), left + random.int(span), left + random.int(span))
    const pivot = values[pivotIndex] as number
    values[pivotIndex] = values[right] as number
    values[right] = pivot
    const store = partitionBelow(values, left, right - 1, pivot, false)
    values[right] = values[store] as number
    values[store] = pivot
    if (store === left) {
      // The pivot is the range's minimum: gather its copies too, so a run of equal values ends in one pass
      // (without this, many ties shrink the range by one element per pass).
      const equalEnd = partitionBelow(values, left + 1, right, pivot, true)
      while (first <= last && (ranks[first] as number) < equalEnd) first++
      left = equalEnd
      continue
    }
    let leftEnd = first
    while (leftEnd <= last && (ranks[leftEnd] as number) < store) leftEnd++
    let rightFirst = leftEnd
    while (rightFirst <= last && (ranks[rightFirst] as number) <= store) rightFirst++
    if (leftEnd > first) selectRanks(values, ranks, first, leftEnd - 1, left, store - 1, budget, random)
    first = rightFirst
    left = store + 1
  }
}

/**
 * numpy-"linear" quantiles of `values` for several probabilities, reordering `values` in place (pass a copy
 * to keep the original order). Results are identical to sorting first and calling quantileSorted.
 */
export const quantilesInPlace = (values: Float64Array, probabilities: ReadonlyArray<number>): Float64Array => {
  const n = values.length
  const count = probabilities.length
  const out = new Float64Array(count)
  if (n === 0) return out.fill(Number.NaN)
  // Each quantile interpolates between the order statistics at floor((n − 1)p) and the next one.
  const ranks = new Int32Array(2 * count)
  for (let q = 0; q < count; q++) {
    const lower = Math.min(Math.max(Math.floor((n - 1) * (probabilities[q] as number)), 0), n - 1)
    ranks[2 * q] = lower
    ranks[2 * q + 1] = Math.min(lower + 1, n - 1)
  }
  // A handful of ranks: insertion sort beats TypedArray.prototype.sort's call overhead.
  for (let i = 1; i < ranks.length; i++) {
    const rank = ranks[i] as number
    let j = i - 1
    while (j >= 0 && (ranks[j] as number) > rank) {
      ranks[j + 1] = ranks[j] as number
      j--
    }
    ranks[j + 1] = rank
  }
  selectRanks(values, ranks, 0, ranks.length - 1, 0, n - 1, 2 * Math.ceil(Math.log2(n + 2)) + 8, new SeededRandom(n))
  for (let q = 0; q < count; q++) {
    const position = (n - 1) * (probabilities[q] as number)
    const lower = Math.min(Math.max(Math.floor(position), 0), n - 1)
    const a = values[lower] as number
    const b = values[Math.min(lower + 1, n - 1)] as number
    // numpy's _lerp: a + (b − a)γ, computed from the upper end when γ ≥ ½.
    const gamma = position - lower
    const difference = b - a
    out[q] = gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma
  }
  return out
}
