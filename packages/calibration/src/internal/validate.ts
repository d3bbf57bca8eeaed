// Input checks shared by every public function: they turn bad numbers into a typed InvalidInput that
// names the argument and the row, and hand kernels a Float64Array they can trust.
import { Result } from "effect"
import { InvalidInput } from "../errors.ts"

/** Any list of numbers the public API accepts: plain arrays or typed arrays. */
export type NumericInput = ArrayLike<number>

export const invalid = (field: string, reason: string, index?: number): Result.Result<never, InvalidInput> =>
  Result.fail(index === undefined ? new InvalidInput({ field, reason }) : new InvalidInput({ field, reason, index }))

/** Copies (or reuses a Float64Array) after checking every value is finite. */
export const finiteVector = (
  values: NumericInput,
  field: string,
  minLength = 1
): Result.Result<Float64Array, InvalidInput> => {
  if (values.length < minLength) return invalid(field, `needs at least ${minLength} values, got ${values.length}`)
  const out = values instanceof Float64Array ? values : new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number
    if (typeof value !== "number" || !Number.isFinite(value))
      return invalid(field, `must be a finite number, got ${String(value)}`, i)
    out[i] = value
  }
  return Result.succeed(out)
}

/** Finite values in [0, 1]. */
export const probabilityVector = (values: NumericInput, field: string): Result.Result<Float64Array, InvalidInput> =>
  Result.flatMap(finiteVector(values, field), (vector) => {
    for (let i = 0; i < vector.length; i++) {
      const value = vector[i] as number
      if (value < 0 || value > 1) return invalid(field, `must be a probability in [0, 1], got ${value}`, i)
    }
    return Result.succeed(vector)
  })

/** Values that are exactly 0 or 1. */
export const binaryVector = (values: NumericInput, field: string): Result.Result<Float64Array, InvalidInput> =>
  Result.flatMap(finiteVector(values, field), (vector) => {
    for (let i = 0; i < vector.length; i++) {
      const value = vector[i] as number
      if (value !== 0 && value !== 1) return invalid(field, `must be 0 or 1, got ${value}`, i)
    }
    return Result.succeed(vector)
  })

export const sameLength = (
  left: { readonly length: number },
  right: { readonly length: number },
  leftField: string,
  rightField: string
): Result.Result<void, InvalidInput> =>
  left.length === right.length
    ? Result.succeed(undefined)
    : invalid(rightField, `must have the same length as ${leftField} (${left.length}), got ${right.length}`)

export const positiveInteger = (value: number, field: string, minimum = 1): Result.Result<number, InvalidInput> =>
  Number.isInteger(value) && value >= minimum
    ? Result.succeed(value)
    : invalid(field, `must be an integer >= ${minimum}, got ${value}`)

export const numberInRange = (
  value: number,
  field: string,
  lower: number,
  upper: number,
  { lowerOpen = false, upperOpen = false }: { readonly lowerOpen?: boolean; readonly upperOpen?: boolean } = {}
): Result.Result<number, InvalidInput> => {
  const aboveLower = lowerOpen ? value > lower : value >= lower
  const belowUpper = upperOpen ? value < upper : value <= upper
  if (Number.isFinite(value) && aboveLower && belowUpper) return Result.succeed(value)
  return invalid(field, `must be in ${lowerOpen ? "(" : "["}${lower}, ${upper}${upperOpen ? ")" : "]"}, got ${value}`)
}

/** The same error with its field placed under `prefix` (e.g. "history.reference"), for nested inputs. */
export const withFieldPrefix = (error: InvalidInput, prefix: string): InvalidInput =>
  error.index === undefined
    ? new InvalidInput({ field: `${prefix}.${error.field}`, reason: error.reason })
    : new InvalidInput({ field: `${prefix}.${error.field}`, reason: error.reason, index: error.index })
