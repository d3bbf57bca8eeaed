// Column standardisation (sklearn StandardScaler: population standard deviation, scale 1 for constant
// columns), fitted on training rows and applied to any matrix with the same columns.
import type { Matrix } from "../matrix.ts"

export interface Standardizer {
  readonly means: Float64Array
  readonly scales: Float64Array
}

export const fitStandardizer = (x: Matrix, weights?: Float64Array): Standardizer => {
  const { rows, cols, values } = x
  const means = new Float64Array(cols)
  const scales = new Float64Array(cols)
  let total = 0
  for (let i = 0; i < rows; i++) {
    const w = weights === undefined ? 1 : (weights[i] ?? 0)
    total += w
    for (let j = 0; j < cols; j++) means[j] = (means[j] ?? 0) + w * (values[i * cols + j] ?? 0)
  }
  for (let j = 0; j < cols; j++) means[j] = (means[j] ?? 0) / total
  for (let i = 0; i < rows; i++) {
    const w = weights === undefined ? 1 : (weights[i] ?? 0)
    for (let j = 0; j < cols; j++) {
      const d = (values[i * cols + j] ?? 0) - (means[j] ?? 0)
      scales[j] = (scales[j] ?? 0) + w * d * d
    }
  }
  for (let j = 0; j < cols; j++) {
    const sd = Math.sqrt((scales[j] ?? 0) / total)
    scales[j] = sd > 1e-12 * Math.max(1, Math.abs(means[j] ?? 0)) ? sd : 1
  }
  return { means, scales }
}

export const applyStandardizer = (s: Standardizer, x: Matrix): Matrix => {
  const { rows, cols, values } = x
  const out = new Float64Array(values.length)
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      out[i * cols + j] = ((values[i * cols + j] ?? 0) - (s.means[j] ?? 0)) / (s.scales[j] ?? 1)
    }
  }
  return { rows, cols, values: out }
}
