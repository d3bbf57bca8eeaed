// Dense row-major Float64 matrix: the one feature-matrix type every learner in this package takes.
import type { Effect } from "effect"
import { type CausalInputError, guarded } from "./errors.ts"
import { issue } from "./internal/validate.ts"

/** `values[row * cols + col]`; rows are observations, columns features. */
export interface Matrix {
  readonly rows: number
  readonly cols: number
  readonly values: Float64Array
}

const checkRows = (field: string, rows: ReadonlyArray<ArrayLike<number>>): CausalInputError | undefined => {
  const cols = rows[0]?.length ?? 0
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] ?? []
    if (row.length !== cols) return issue(field, `row ${r} has ${row.length} columns, expected ${cols}`, r)
    for (let c = 0; c < cols; c++) {
      const v = row[c] ?? Number.NaN
      if (!Number.isFinite(v)) return issue(field, `value ${v} at row ${r}, column ${c} is not finite`, r)
    }
  }
  return undefined
}

/** Builds a matrix from an array of rows, rejecting ragged rows and non-finite values. */
export const matrixFromRows = (
  rows: ReadonlyArray<ArrayLike<number>>,
  field = "X"
): Effect.Effect<Matrix, CausalInputError> => guarded(checkRows(field, rows), () => unsafeMatrixFromRows(rows))

/** Wraps row-major values, checking the shape and that every value is finite. */
export const matrixFromValues = (
  values: Float64Array,
  rows: number,
  cols: number,
  field = "X"
): Effect.Effect<Matrix, CausalInputError> =>
  guarded(checkMatrix(field, { rows, cols, values }), () => ({ rows, cols, values }))

/** The first problem of a matrix (shape or non-finite value), or undefined. */
export const checkMatrix = (field: string, matrix: Matrix): CausalInputError | undefined => {
  if (!Number.isInteger(matrix.rows) || !Number.isInteger(matrix.cols) || matrix.rows < 0 || matrix.cols < 0)
    return issue(field, `shape ${matrix.rows}x${matrix.cols} is not valid`)
  if (matrix.values.length !== matrix.rows * matrix.cols)
    return issue(field, `has ${matrix.values.length} values, expected ${matrix.rows}x${matrix.cols}`)
  const values = matrix.values
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? Number.NaN
    if (!Number.isFinite(v)) {
      const row = Math.floor(i / Math.max(1, matrix.cols))
      return issue(field, `value ${v} at row ${row}, column ${i % Math.max(1, matrix.cols)} is not finite`, row)
    }
  }
  return undefined
}

/** Row-major copy without validation; for callers that validated already. */
export const unsafeMatrixFromRows = (rows: ReadonlyArray<ArrayLike<number>>): Matrix => {
  const cols = rows[0]?.length ?? 0
  const values = new Float64Array(rows.length * cols)
  rows.forEach((row, r) => {
    for (let c = 0; c < cols; c++) values[r * cols + c] = row[c] ?? 0
  })
  return { rows: rows.length, cols, values }
}

/** The rows of `matrix` listed in `indices`, in that order. */
export const selectRows = (matrix: Matrix, indices: ArrayLike<number>): Matrix => {
  const { cols } = matrix
  const values = new Float64Array(indices.length * cols)
  for (let i = 0; i < indices.length; i++) {
    const from = (indices[i] ?? 0) * cols
    values.set(matrix.values.subarray(from, from + cols), i * cols)
  }
  return { rows: indices.length, cols, values }
}

/** `matrix` with `column` appended as its last column. */
export const appendColumn = (matrix: Matrix, column: ArrayLike<number> | number): Matrix => {
  const { rows, cols } = matrix
  const values = new Float64Array(rows * (cols + 1))
  for (let r = 0; r < rows; r++) {
    values.set(matrix.values.subarray(r * cols, (r + 1) * cols), r * (cols + 1))
    values[r * (cols + 1) + cols] = typeof column === "number" ? column : (column[r] ?? 0)
  }
  return { rows, cols: cols + 1, values }
}

/** Gathers `values[indices[i]]`. */
export const selectValues = (values: ArrayLike<number>, indices: ArrayLike<number>): Float64Array => {
  const out = new Float64Array(indices.length)
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i] ?? 0] ?? 0
  return out
}
