// Bin edges and bin membership for reliability curves, reproducing scikit-learn's calibration_curve:
// uniform edges np.linspace(0, 1, k + 1), quantile edges np.percentile(p, linspace(0, 1, k + 1)·100), and a
// bin index of searchsorted(interior edges, p) with side "left" (scikit-learn) or "right".
import { quantileSorted } from "../moments/descriptive.ts"

export type BinStrategy = "uniform" | "quantile"
/** Which bin a prediction exactly on an edge joins: "left" = the lower bin (scikit-learn), "right" = the upper. */
export type EdgeSide = "left" | "right"

/** np.linspace(0, 1, count + 1): i·(1/count), with the last value exactly 1. */
export const uniformEdges = (binCount: number): Float64Array => {
  const edges = new Float64Array(binCount + 1)
  const step = 1 / binCount
  for (let i = 0; i < binCount; i++) edges[i] = i * step
  edges[binCount] = 1
  return edges
}

/** np.percentile(values, linspace(0, 1, count + 1) * 100), i.e. numpy "linear" quantiles of the predictions. */
export const quantileEdges = (values: Float64Array, binCount: number): Float64Array => {
  const sorted = Float64Array.from(values).sort()
  const fractions = uniformEdges(binCount)
  const edges = new Float64Array(binCount + 1)
  for (let i = 0; i <= binCount; i++) {
    // scikit-learn passes percentages and numpy divides by 100 again; keep that rounding.
    edges[i] = quantileSorted(sorted, ((fractions[i] as number) * 100) / 100)
  }
  return edges
}

/**
 * Fills `out` with the bin of each value: the number of interior edges below it ("left") or at or below it
 * ("right"). Uniform edges use an O(1) guess corrected against the actual edges; others binary search.
 */
export const assignBins = (
  values: Float64Array,
  edges: Float64Array,
  side: EdgeSide,
  uniform: boolean,
  out: Int32Array
): Int32Array => {
  const binCount = edges.length - 1
  const last = binCount - 1
  const right = side === "right"
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number
    let bin: number
    if (uniform) {
      bin = Math.floor(value * binCount)
      if (bin > last) bin = last
      if (bin < 0) bin = 0
      // Edge k (1 ≤ k ≤ last) separates bins k−1 and k.
      while (bin > 0 && (right ? (edges[bin] as number) > value : (edges[bin] as number) >= value)) bin--
      while (bin < last && (right ? (edges[bin + 1] as number) <= value : (edges[bin + 1] as number) < value)) bin++
    } else {
      let low = 0
      let high = last
      // Smallest k in [0, last] with interior edge k+1 not passed; interior edges are edges[1..last].
      while (low < high) {
        const middle = (low + high) >>> 1
        const edge = edges[middle + 1] as number
        if (right ? edge <= value : edge < value) low = middle + 1
        else high = middle
      }
      bin = low
    }
    out[i] = bin
  }
  return out
}
