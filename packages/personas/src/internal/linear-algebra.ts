// Small dense linear algebra for trait correlation matrices (a few dozen traits at most): numeric's Cholesky
// with the index of the first failing leading minor (so an error can name the trait), a Jacobi
// eigen-decomposition, and the projection of an estimated correlation matrix onto the nearest positive-
// definite one by eigenvalue clipping (Higham 1988's simplest variant, then the diagonal rescaled to 1).
import { cholesky } from "@preflight/numeric"

/** Row-major square matrix of size n × n. */
export interface SquareMatrix {
  readonly size: number
  readonly values: Float64Array
}

export const squareMatrix = (rows: ReadonlyArray<ReadonlyArray<number>>): SquareMatrix => {
  const size = rows.length
  const values = new Float64Array(size * size)
  rows.forEach((row, i) => {
    for (let j = 0; j < size; j++) values[i * size + j] = row[j] ?? Number.NaN
  })
  return { size, values }
}

export const toRows = (matrix: SquareMatrix): number[][] => {
  const rows: number[][] = []
  for (let i = 0; i < matrix.size; i++)
    rows.push(Array.from(matrix.values.subarray(i * matrix.size, (i + 1) * matrix.size)))
  return rows
}

/**
 * Lower-triangular Cholesky factor (@preflight/numeric's), or the index of the first leading principal
 * minor that is not positive definite: the row whose correlations contradict the earlier ones.
 */
export const choleskyWithPivot = (
  matrix: SquareMatrix
): { readonly ok: true; readonly lower: Float64Array } | { readonly ok: false; readonly index: number } => {
  const n = matrix.size
  const lower = cholesky(matrix.values, n)
  if (lower !== undefined && isComfortablyDefinite(lower, n)) return { ok: true, lower }
  for (let k = 1; k <= n; k++) {
    const minor = new Float64Array(k * k)
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) minor[i * k + j] = matrix.values[i * n + j] as number
    const factor = cholesky(minor, k)
    if (factor === undefined || !isComfortablyDefinite(factor, k)) return { ok: false, index: k - 1 }
  }
  return { ok: false, index: n - 1 }
}

// A pivot this close to zero makes the copula degenerate (two traits perfectly dependent).
const isComfortablyDefinite = (lower: Float64Array, n: number): boolean => {
  for (let i = 0; i < n; i++) if (!((lower[i * n + i] as number) ** 2 > 1e-10)) return false
  return true
}

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric matrix by cyclic Jacobi rotations. */
export const symmetricEigen = (matrix: SquareMatrix): { values: Float64Array; vectors: Float64Array } => {
  const n = matrix.size
  const a = Float64Array.from(matrix.values)
  const v = new Float64Array(n * n)
  for (let i = 0; i < n; i++) v[i * n + i] = 1
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p * n + q] as number) ** 2
    if (off < 1e-22) break
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] as number
        if (Math.abs(apq) < 1e-300) continue
        const app = a[p * n + p] as number
        const aqq = a[q * n + q] as number
        const theta = (aqq - app) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p] as number
          const akq = a[k * n + q] as number
          a[k * n + p] = c * akp - s * akq
          a[k * n + q] = s * akp + c * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k] as number
          const aqk = a[q * n + k] as number
          a[p * n + k] = c * apk - s * aqk
          a[q * n + k] = s * apk + c * aqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] as number
          const vkq = v[k * n + q] as number
          v[k * n + p] = c * vkp - s * vkq
          v[k * n + q] = s * vkp + c * vkq
        }
      }
    }
  }
  const values = new Float64Array(n)
  for (let i = 0; i < n; i++) values[i] = a[i * n + i] as number
  return { values, vectors: v }
}

/** The nearest correlation matrix with eigenvalues ≥ `floor`: clip the spectrum, rebuild, rescale the diagonal to 1. */
export const nearestCorrelation = (matrix: SquareMatrix, floor = 1e-4): SquareMatrix => {
  const n = matrix.size
  const { values, vectors } = symmetricEigen(matrix)
  const rebuilt = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0
      for (let k = 0; k < n; k++) {
        sum += (vectors[i * n + k] as number) * Math.max(floor, values[k] as number) * (vectors[j * n + k] as number)
      }
      rebuilt[i * n + j] = sum
    }
  }
  const scaled = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      scaled[i * n + j] =
        i === j
          ? 1
          : (rebuilt[i * n + j] as number) / Math.sqrt((rebuilt[i * n + i] as number) * (rebuilt[j * n + j] as number))
    }
  }
  return { size: n, values: scaled }
}
