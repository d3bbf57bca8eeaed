// The one indexing idiom of the numeric kernels (here and in the packages built on them): a checked read. An
// index outside the array throws a RangeError that names it, where `xs[i] ?? 0` would silently read 0 (and
// score row 0 on an index bug) and `xs[i] as number` would carry NaN on. V8 inlines it in hot loops.

/**
 * `values[index]` of a Float64Array; a RangeError naming the index when it is outside `[0, values.length)`.
 * It takes Float64Arrays only so that its one load site stays monomorphic once V8 inlines it into the hot
 * loops (a shared accessor fed every array kind made the MMM fit 53% slower); other lists use `atList`.
 */
export const at = (values: Float64Array, index: number): number => {
  const value = values[index]
  if (value === undefined) throw new RangeError(`index ${index} is outside [0, ${values.length})`)
  return value
}

/** `values[index]` of any list of numbers (arrays, integer typed arrays); checked like {@link at}. */
export const atList = (values: ArrayLike<number>, index: number): number => {
  const value = values[index]
  if (value === undefined) throw new RangeError(`index ${index} is outside [0, ${values.length})`)
  return value
}

/** `items[index]` for arrays of anything; a RangeError naming the index when it is out of range. */
export const itemAt = <T>(items: ArrayLike<T>, index: number): T => {
  if (!(index >= 0 && index < items.length)) throw new RangeError(`index ${index} is outside [0, ${items.length})`)
  return items[index] as T
}
