// Input checks shared by the public functions: the shared checks of @preflight/numeric, each returning the
// first problem as a CausalInputError (same field and row), or undefined when the input is fine.
import {
  checkBinary as checkBinaryValues,
  checkFinite as checkFiniteValues,
  checkInRange,
  checkIntegerAtLeast,
  checkWeights as checkWeightValues,
  type NumericInputError
} from "@preflight/numeric"
import { CausalInputError } from "../errors.ts"

export const issue = (field: string, message: string, row?: number): CausalInputError =>
  new CausalInputError({ field, message, ...(row === undefined ? {} : { row }) })

/** A kernel's input error as this package's CausalInputError. */
const fromNumeric = (error: NumericInputError | undefined): CausalInputError | undefined =>
  error === undefined ? undefined : issue(error.field, error.message, error.index)

/** The first non-finite entry of `values`, reported under `field`. */
export const checkFinite = (field: string, values: ArrayLike<number>): CausalInputError | undefined =>
  fromNumeric(checkFiniteValues(values, field))

/** Every entry of `values` must be 0 or 1. */
export const checkBinary = (field: string, values: ArrayLike<number>): CausalInputError | undefined =>
  fromNumeric(checkBinaryValues(values, field))

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
): CausalInputError | undefined =>
  fromNumeric(
    checkInRange(value, field, low, high, {
      lowerOpen: inclusive === "open" || inclusive === "high",
      upperOpen: inclusive === "open" || inclusive === "low"
    })
  )

export const checkPositiveInteger = (field: string, value: number): CausalInputError | undefined =>
  fromNumeric(checkIntegerAtLeast(value, field, 1))

export const checkNonNegativeInteger = (field: string, value: number): CausalInputError | undefined =>
  fromNumeric(checkIntegerAtLeast(value, field, 0))

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

/** Optional case weights: `n` finite values ≥ 0 with a positive sum. */
export const checkWeights = (
  field: string,
  weights: ArrayLike<number> | undefined,
  n: number
): CausalInputError | undefined =>
  weights === undefined ? undefined : fromNumeric(checkWeightValues(weights, field, n))
