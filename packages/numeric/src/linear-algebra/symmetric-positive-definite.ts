// Small dense linear algebra on row-major Float64Arrays: Cholesky factor, solve and inverse of
// symmetric positive-definite systems (normal equations, Newton steps, Fisher information).
import { at, atList } from "../checked-index.ts"

/** Lower Cholesky factor of the p×p SPD matrix `a`, or undefined when it is not positive definite. */
export const cholesky = (a: Float64Array, p: number): Float64Array | undefined => {
  const l = new Float64Array(p * p)
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = at(a, i * p + j)
      for (let k = 0; k < j; k++) sum -= at(l, i * p + k) * at(l, j * p + k)
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return undefined
        l[i * p + i] = Math.sqrt(sum)
      } else l[i * p + j] = sum / (l[j * p + j] ?? 1)
    }
  }
  return l
}

/** Solves L·Lᵀ x = b for a Cholesky factor L. */
export const choleskySolveFactor = (l: Float64Array, p: number, b: ArrayLike<number>): Float64Array => {
  const y = new Float64Array(p)
  for (let i = 0; i < p; i++) {
    let sum = atList(b, i)
    for (let k = 0; k < i; k++) sum -= at(l, i * p + k) * at(y, k)
    y[i] = sum / (l[i * p + i] ?? 1)
  }
  const x = new Float64Array(p)
  for (let i = p - 1; i >= 0; i--) {
    let sum = at(y, i)
    for (let k = i + 1; k < p; k++) sum -= at(l, k * p + i) * at(x, k)
    x[i] = sum / (l[i * p + i] ?? 1)
  }
  return x
}

/**
 * Solves a·x = b for SPD `a`; when `a` is numerically singular a growing ridge is added to the diagonal
 * (1e-10 × mean diagonal, ×10 each retry) so that collinear designs still give the minimum-norm-like answer.
 */
export const solveSpd = (a: Float64Array, p: number, b: ArrayLike<number>): Float64Array | undefined => {
  let l = cholesky(a, p)
  if (l !== undefined) return choleskySolveFactor(l, p, b)
  let meanDiagonal = 0
  for (let i = 0; i < p; i++) meanDiagonal += Math.abs(at(a, i * p + i)) / p
  let jitter = 1e-10 * (meanDiagonal > 0 ? meanDiagonal : 1)
  for (let attempt = 0; attempt < 8; attempt++, jitter *= 10) {
    const shifted = Float64Array.from(a)
    for (let i = 0; i < p; i++) shifted[i * p + i] = at(shifted, i * p + i) + jitter
    l = cholesky(shifted, p)
    if (l !== undefined) return choleskySolveFactor(l, p, b)
  }
  return undefined
}

/** Inverse of an SPD matrix (for standard errors from an information matrix). */
export const invertSpd = (a: Float64Array, p: number): Float64Array | undefined => {
  const l = cholesky(a, p)
  if (l === undefined) return undefined
  const inverse = new Float64Array(p * p)
  const unit = new Float64Array(p)
  for (let j = 0; j < p; j++) {
    unit.fill(0)
    unit[j] = 1
    const column = choleskySolveFactor(l, p, unit)
    for (let i = 0; i < p; i++) inverse[i * p + j] = at(column, i)
  }
  return inverse
}

/** Copies the upper triangle of a symmetric matrix into its lower triangle. */
export const symmetrize = (a: Float64Array, p: number): Float64Array => {
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) a[i * p + j] = at(a, j * p + i)
  return a
}
