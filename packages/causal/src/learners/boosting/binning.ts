// Feature binning for histogram boosting (as LightGBM: bin once, split on bin boundaries): each column gets
// at most `maxBins` bins whose upper bounds sit midway between neighbouring distinct values.
import type { Matrix } from "../../matrix.ts"

export interface BinnedFeatures {
  readonly rows: number
  readonly features: number
  /** Row-major bin codes: `codes[row * features + feature]`. */
  readonly codes: Uint8Array
  /** Per feature, the upper bound of each bin (last = +∞): value ≤ upperBounds[f][b] falls in bin ≤ b. */
  readonly upperBounds: ReadonlyArray<Float64Array>
  readonly binCounts: Int32Array
  /** Start of each feature's bins in a histogram holding (gradient, hessian) pairs for all features. */
  readonly histogramOffset: Int32Array
  /** Total histogram entries (2 per bin). */
  readonly histogramSize: number
  /**
   * Row-major histogram cell of each value, `histogramOffset[f] + 2·code`: one load per update. 32-bit, as
   * the histogram holds 2 entries per bin, more than 65,536 from 129 features of 255 bins (16-bit cells
   * wrapped there and the fit diverged).
   */
  readonly cells: Uint32Array
}

/** Bin upper bounds of one column: one bin per distinct value, or equal-frequency bins when there are more. */
export const columnUpperBounds = (values: Float64Array, maxBins: number): Float64Array => {
  const sorted = Float64Array.from(values).sort()
  const distinct: Array<number> = []
  const counts: Array<number> = []
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] ?? 0
    if (distinct.length > 0 && distinct[distinct.length - 1] === v)
      counts[counts.length - 1] = (counts[counts.length - 1] ?? 0) + 1
    else {
      distinct.push(v)
      counts.push(1)
    }
  }
  const bounds: Array<number> = []
  if (distinct.length <= maxBins) {
    for (let i = 0; i < distinct.length - 1; i++) bounds.push(((distinct[i] ?? 0) + (distinct[i + 1] ?? 0)) / 2)
  } else {
    // Greedy equal-frequency cuts on the distinct values: close a bin once it holds n/maxBins rows.
    const target = sorted.length / maxBins
    let inBin = 0
    for (let i = 0; i < distinct.length - 1 && bounds.length < maxBins - 1; i++) {
      inBin += counts[i] ?? 0
      if (inBin >= target) {
        bounds.push(((distinct[i] ?? 0) + (distinct[i + 1] ?? 0)) / 2)
        inBin = 0
      }
    }
  }
  bounds.push(Number.POSITIVE_INFINITY)
  return Float64Array.from(bounds)
}

/** Index of the first bound ≥ value. */
export const binOf = (bounds: Float64Array, value: number): number => {
  let low = 0
  let high = bounds.length - 1
  while (low < high) {
    const mid = (low + high) >> 1
    if (value <= (bounds[mid] ?? 0)) high = mid
    else low = mid + 1
  }
  return low
}

/** Bins every column of `x` once; the codes are reused by every tree. */
export const binFeatures = (x: Matrix, maxBins: number): BinnedFeatures => {
  const { rows, cols, values } = x
  const codes = new Uint8Array(rows * cols)
  const upperBounds: Array<Float64Array> = []
  const binCounts = new Int32Array(cols)
  const column = new Float64Array(rows)
  for (let f = 0; f < cols; f++) {
    for (let i = 0; i < rows; i++) column[i] = values[i * cols + f] ?? 0
    const bounds = columnUpperBounds(column, maxBins)
    upperBounds.push(bounds)
    binCounts[f] = bounds.length
    for (let i = 0; i < rows; i++) codes[i * cols + f] = binOf(bounds, column[i] ?? 0)
  }
  const histogramOffset = new Int32Array(cols)
  let size = 0
  for (let f = 0; f < cols; f++) {
    histogramOffset[f] = size
    size += 2 * (binCounts[f] ?? 0)
  }
  const cells = new Uint32Array(rows * cols)
  for (let i = 0; i < rows * cols; i++) cells[i] = (histogramOffset[i % cols] ?? 0) + 2 * (codes[i] ?? 0)
  return { rows, features: cols, codes, upperBounds, binCounts, histogramOffset, histogramSize: size, cells }
}
