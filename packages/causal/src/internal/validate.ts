// Input checks shared by the public functions: each returns the first problem as a CausalInputError,
// or undefined when the input is fine.
import { CausalInputError } from "../errors.ts"

export const issue = (field: string, message: string, row?: number): CausalInputError =>
  new CausalInputError({ field, message, ...(row === undefined ? {} : { row }) })

/** The first non-finite entry of `values`, reported under `field`. */
export const checkFinite = (field: string, values: ArrayLike<number>): CausalInputError | undefined => {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? Number.NaN
    if (!Number.isFinite(v)) return issue(field, `value ${v} at row ${i} is not a finite number`, i)
  }
  return undefined
}

/** Every entry of `values` must be 0 or 1. */
export const checkBinary = (field: string, values: ArrayLike<number>): CausalInputError | undefined => {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v !== 0 && v !== 1) return issue(field, `value ${v} at row ${i} must be 0 or 1`, i)
  }
  return undefined
}

export const checkLength = (
  field: string,
  values: ArrayLike<unknown>,
  expected: number
): CausalInputError | undefined =>
  values.length === expected ? undefined : issue(field, `has length ${values.length}, expected ${expected}`)

export const checkRange = (
  field: string,
  value: number,
  low: number,
  high: number,
  inclusive: "both" | "open" | "low" | "high" = "both"
): CausalInputError | undefined => {
  const lowOk = inclusive === "both" || inclusive === "low" ? value >= low : value > low
  const highOk = inclusive === "both" || inclusive === "high" ? value <= high : value < high
  return Number.isFinite(value) && lowOk && highOk ? undefined : issue(field, `${value} is outside its allowed range`)
}

export const checkPositiveInteger = (field: string, value: number): CausalInputError | undefined =>
  Number.isInteger(value) && value > 0 ? undefined : issue(field, `${value} must be a positive integer`)

/** Runs the checks in order and returns the first problem. */
export const firstIssue = (
  ...checks: ReadonlyArray<CausalInputError | undefined | (() => CausalInputError | undefined)>
): CausalInputError | undefined => {
  for (const check of checks) {
    const found = typeof check === "function" ? check() : check
    if (found !== undefined) return found
  }
  return undefined
}

export const checkNonNegativeInteger = (field: string, value: number): CausalInputError | undefined =>
  Number.isInteger(value) && value >= 0 ? undefined : issue(field, `${value} must be an integer ≥ 0`)

/** Optional case weights: `n` finite values ≥ 0 with a positive sum. */
export const checkWeights = (
  field: string,
  weights: ArrayLike<number> | undefined,
  n: number
): CausalInputError | undefined => {
  if (weights === undefined) return undefined
  const found = firstIssue(checkLength(field, weights, n), () => checkFinite(field, weights))
  if (found !== undefined) return found
  let sum = 0
  for (let i = 0; i < n; i++) {
    const w = weights[i] ?? 0
    if (w < 0) return issue(field, `value ${w} at row ${i} is negative`, i)
    sum += w
  }
  return sum > 0 ? undefined : issue(field, "sum to 0; at least one row needs a positive weight")
}
