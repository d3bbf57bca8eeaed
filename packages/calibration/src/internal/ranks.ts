// Sorting helpers shared by the rank statistics: stable argsort on Float64Array values and average
// ("midrank") ranks with tie-group sizes, as scipy.stats.rankdata(method="average") defines them.

/** Indices that sort `values` ascending; ties keep their original order (stable). */
export const argsort = (values: Float64Array): Uint32Array => {
  const order = new Uint32Array(values.length)
  for (let i = 0; i < order.length; i++) order[i] = i
  // Typed-array sort with a comparator is stable in V8 (TimSort) and avoids boxing.
  order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b)
  return order
}

export interface AverageRanks {
  /** 1-based ranks; tied values share the mean of the ranks they span. */
  readonly ranks: Float64Array
  /** Sizes of the tie groups with more than one member. */
  readonly tieSizes: ReadonlyArray<number>
}

/** Average ranks of `values` (scipy's rankdata "average"), plus the tie-group sizes used by tie corrections. */
export const averageRanks = (values: Float64Array): AverageRanks => {
  const n = values.length
  const order = argsort(values)
  const ranks = new Float64Array(n)
  const tieSizes: Array<number> = []
  let start = 0
  while (start < n) {
    let end = start + 1
    const value = values[order[start] as number] as number
    while (end < n && values[order[end] as number] === value) end++
    const averageRank = (start + 1 + end) / 2
    for (let k = start; k < end; k++) ranks[order[k] as number] = averageRank
    if (end - start > 1) tieSizes.push(end - start)
    start = end
  }
  return { ranks, tieSizes }
}
