// Small dense linear algebra (k ≤ a few dozen: SMM moment weighting, sandwich covariances): row-major
// Float64Array matrices, Gauss–Jordan inversion with partial pivoting.
import { at, atList } from "../checked-index.ts"

/** A square or rectangular matrix stored row-major. */
export interface Matrix {
  readonly rows: number
  readonly columns: number
  readonly values: Float64Array
}

export const matrix = (rows: number, columns: number, values?: Float64Array): Matrix => ({
  rows,
  columns,
  values: values ?? new Float64Array(rows * columns)
})

export const identity = (size: number): Matrix => {
  const out = matrix(size, size)
  for (let i = 0; i < size; i++) out.values[i * size + i] = 1
  return out
}

export const diagonal = (entries: ArrayLike<number>): Matrix => {
  const out = matrix(entries.length, entries.length)
  for (let i = 0; i < entries.length; i++) out.values[i * entries.length + i] = atList(entries, i)
  return out
}

export const entry = (m: Matrix, row: number, column: number): number => at(m.values, row * m.columns + column)

export const multiply = (left: Matrix, right: Matrix): Matrix => {
  const out = matrix(left.rows, right.columns)
  for (let i = 0; i < left.rows; i++) {
    for (let l = 0; l < left.columns; l++) {
      const factor = at(left.values, i * left.columns + l)
      if (factor === 0) continue
      for (let j = 0; j < right.columns; j++) {
        out.values[i * right.columns + j] =
          at(out.values, i * right.columns + j) + factor * at(right.values, l * right.columns + j)
      }
    }
  }
  return out
}

export const transpose = (m: Matrix): Matrix => {
  const out = matrix(m.columns, m.rows)
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.columns; j++) out.values[j * m.rows + i] = at(m.values, i * m.columns + j)
  return out
}

/** Inverse by Gauss–Jordan elimination with partial pivoting; undefined when (numerically) singular. */
export const invert = (m: Matrix): Matrix | undefined => {
  const n = m.rows
  const work = Float64Array.from(m.values)
  const inverse = identity(n).values
  let scale = 0
  for (let i = 0; i < work.length; i++) scale = Math.max(scale, Math.abs(at(work, i)))
  if (!(scale > 0)) return undefined
  for (let column = 0; column < n; column++) {
    let pivotRow = column
    for (let row = column + 1; row < n; row++) {
      if (Math.abs(at(work, row * n + column)) > Math.abs(at(work, pivotRow * n + column))) pivotRow = row
    }
    const pivot = at(work, pivotRow * n + column)
    if (Math.abs(pivot) <= 1e-14 * scale) return undefined
    if (pivotRow !== column) {
      for (let j = 0; j < n; j++) {
        const a = at(work, column * n + j)
        work[column * n + j] = at(work, pivotRow * n + j)
        work[pivotRow * n + j] = a
        const b = at(inverse, column * n + j)
        inverse[column * n + j] = at(inverse, pivotRow * n + j)
        inverse[pivotRow * n + j] = b
      }
    }
    for (let j = 0; j < n; j++) {
      work[column * n + j] = at(work, column * n + j) / pivot
      inverse[column * n + j] = at(inverse, column * n + j) / pivot
    }
    for (let row = 0; row < n; row++) {
      if (row === column) continue
      const factor = at(work, row * n + column)
      if (factor === 0) continue
      for (let j = 0; j < n; j++) {
        work[row * n + j] = at(work, row * n + j) - factor * at(work, column * n + j)
        inverse[row * n + j] = at(inverse, row * n + j) - factor * at(inverse, column * n + j)
      }
    }
  }
  return matrix(n, n, inverse)
}

/** Quadratic form vᵀ M v. */
export const quadraticForm = (v: Float64Array, m: Matrix): number => {
  let total = 0
  for (let i = 0; i < m.rows; i++) {
    let row = 0
    for (let j = 0; j < m.columns; j++) row += at(m.values, i * m.columns + j) * at(v, j)
    total += at(v, i) * row
  }
  return total
}

/** Returns the rows of a matrix as plain arrays (for results meant to be read or serialized). */
export const toRows = (m: Matrix): Array<Array<number>> => {
  const rows: Array<Array<number>> = []
  for (let i = 0; i < m.rows; i++) rows.push(Array.from(m.values.subarray(i * m.columns, (i + 1) * m.columns)))
  return rows
}
