// Input checks on lists of numbers, shared by every package: each returns the first problem as a
// NumericInputError naming the argument and the row, or undefined when the input is fine.
import { atList } from "../checked-index.ts"
import { NumericInputError } from "../numeric-input-error.ts"

/** Any list of numbers the packages accept: plain arrays or typed arrays. */
export type NumericInput = ArrayLike<number>

/** A copy (or the Float64Array itself) after checking there are `minLength` values, all finite. */
export const toFiniteFloat64 = (
  values: NumericInput,
  field: string,
  minLength = 1
): Float64Array | NumericInputError => {
  if (values.length < minLength) {
    return new NumericInputError(field, `needs at least ${minLength} values, got ${values.length}`)
  }
  const out = values instanceof Float64Array ? values : new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) {
    const value: unknown = values[i]
    if (typeof value !== "number" || !Number.isFinite(value)) {
      return new NumericInputError(field, `must be a finite number, got ${String(value)}`, i)
    }
    out[i] = value
  }
  return out
}

/** The first value that is not a finite number. */
export const checkFinite = (values: NumericInput, field: string): NumericInputError | undefined => {
  for (let i = 0; i < values.length; i++) {
    const value: unknown = values[i]
    if (typeof value !== "number" || !Number.isFinite(value)) {
      return new NumericInputError(field, `must be a finite number, got ${String(value)}`, i)
    }
  }
  return undefined
}

/** The first value outside [0, 1] (values must already be finite). */
export const checkProbabilities = (values: NumericInput, field: string): NumericInputError | undefined => {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]
    if (value === undefined || !(value >= 0 && value <= 1)) {
      return new NumericInputError(field, `must be a probability in [0, 1], got ${String(value)}`, i)
    }
  }
  return undefined
}

/** The first value that is not exactly 0 or 1. */
export const checkBinary = (values: NumericInput, field: string): NumericInputError | undefined => {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]
    if (value !== 0 && value !== 1) return new NumericInputError(field, `must be 0 or 1, got ${String(value)}`, i)
  }
  return undefined
}

/** `right` must have as many values as `left`. */
export const checkSameLength = (
  left: { readonly length: number },
  right: { readonly length: number },
  leftField: string,
  rightField: string
): NumericInputError | undefined =>
  left.length === right.length
    ? undefined
    : new NumericInputError(
        rightField,
        `must have the same length as ${leftField} (${left.length}), got ${right.length}`
      )

/** An integer ≥ `minimum`. */
export const checkIntegerAtLeast = (value: number, field: string, minimum: number): NumericInputError | undefined =>
  Number.isInteger(value) && value >= minimum
    ? undefined
    : new NumericInputError(field, `must be an integer >= ${minimum}, got ${value}`)

/** A finite number in the interval, each end open or closed. */
export const checkInRange = (
  value: number,
  field: string,
  lower: number,
  upper: number,
  { lowerOpen = false, upperOpen = false }: { readonly lowerOpen?: boolean; readonly upperOpen?: boolean } = {}
): NumericInputError | undefined => {
  const aboveLower = lowerOpen ? value > lower : value >= lower
  const belowUpper = upperOpen ? value < upper : value <= upper
  if (Number.isFinite(value) && aboveLower && belowUpper) return undefined
  return new NumericInputError(
    field,
    `must be in ${lowerOpen ? "(" : "["}${lower}, ${upper}${upperOpen ? ")" : "]"}, got ${value}`
  )
}

/** Case weights: `length` finite values ≥ 0 (or > 0 with `strictlyPositive`) with a positive sum. */
export const checkWeights = (
  weights: NumericInput,
  field: string,
  length: number,
  { strictlyPositive = false }: { readonly strictlyPositive?: boolean } = {}
): NumericInputError | undefined => {
  if (weights.length !== length) {
    return new NumericInputError(field, `must have ${length} values, got ${weights.length}`)
  }
  const notFinite = checkFinite(weights, field)
  if (notFinite !== undefined) return notFinite
  let sum = 0
  for (let i = 0; i < length; i++) {
    const weight = atList(weights, i)
    if (strictlyPositive ? !(weight > 0) : weight < 0) {
      return new NumericInputError(field, `must be ${strictlyPositive ? "positive" : "≥ 0"}, got ${weight}`, i)
    }
    sum += weight
  }
  return sum > 0 ? undefined : new NumericInputError(field, "sum to 0; at least one row needs a positive weight")
}
