// Small dense linear algebra for moment weighting and sandwich covariances (k ≤ a few dozen): row-major
// Float64Array matrices, Gauss–Jordan inversion with partial pivoting.

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
  for (let i = 0; i < entries.length; i++) out.values[i * entries.length + i] = entries[i] as number
  return out
}

export const entry = (m: Matrix, row: number, column: number): number => m.values[row * m.columns + column] as number

export const multiply = (left: Matrix, right: Matrix): Matrix => {
  const out = matrix(left.rows, right.columns)
  for (let i = 0; i < left.rows; i++) {
    for (let l = 0; l < left.columns; l++) {
      const factor = left.values[i * left.columns + l] as number
      if (factor === 0) continue
      for (let j = 0; j < right.columns; j++) {
        out.values[i * right.columns + j] =
          (out.values[i * right.columns + j] as number) + factor * (right.values[l * right.columns + j] as number)
      }
    }
  }
  return out
}

export const transpose = (m: Matrix): Matrix => {
  const out = matrix(m.columns, m.rows)
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.columns; j++) out.values[j * m.rows + i] = m.values[i * m.columns + j] as number
  return out
}

/** Inverse by Gauss–Jordan elimination with partial pivoting; undefined when (numerically) singular. */
export const invert = (m: Matrix): Matrix | undefined => {
  const n = m.rows
  const work = Float64Array.from(m.values)
  const inverse = identity(n).values
  let scale = 0
  for (let i = 0; i < work.length; i++) scale = Math.max(scale, Math.abs(work[i] as number))
  if (!(scale > 0)) return undefined
  for (let column = 0; column < n; column++) {
    let pivotRow = column
    for (let row = column + 1; row < n; row++) {
      if (Math.abs(work[row * n + column] as number) > Math.abs(work[pivotRow * n + column] as number)) pivotRow = row
    }
    const pivot = work[pivotRow * n + column] as number
    if (Math.abs(pivot) <= 1e-14 * scale) return undefined
    if (pivotRow !== column) {
      for (let j = 0; j < n; j++) {
        const a = work[column * n + j] as number
        work[column * n + j] = work[pivotRow * n + j] as number
        work[pivotRow * n + j] = a
        const b = inverse[column * n + j] as number
        inverse[column * n + j] = inverse[pivotRow * n + j] as number
        inverse[pivotRow * n + j] = b
      }
    }
    for (let j = 0; j < n; j++) {
      work[column * n + j] = (work[column * n + j] as number) / pivot
      inverse[column * n + j] = (inverse[column * n + j] as number) / pivot
    }
    for (let row = 0; row < n; row++) {
      if (row === column) continue
      const factor = work[row * n + column] as number
      if (factor === 0) continue
      for (let j = 0; j < n; j++) {
        work[row * n + j] = (work[row * n + j] as number) - factor * (work[column * n + j] as number)
        inverse[row * n + j] = (inverse[row * n + j] as number) - factor * (inverse[column * n + j] as number)
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
    for (let j = 0; j < m.columns; j++) row += (m.values[i * m.columns + j] as number) * (v[j] as number)
    total += (v[i] as number) * row
  }
  return total
}

/** Returns the rows of a matrix as plain arrays (for results meant to be read or serialized). */
export const toRows = (m: Matrix): Array<Array<number>> => {
  const rows: Array<Array<number>> = []
  for (let i = 0; i < m.rows; i++) rows.push(Array.from(m.values.subarray(i * m.columns, (i + 1) * m.columns)))
  return rows
}
