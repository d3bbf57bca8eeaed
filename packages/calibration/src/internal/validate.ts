// Input checks shared by every public function: the shared checks of @preflight/numeric, turned into a typed
// InvalidInput that names the argument and the row, handing kernels a Float64Array they can trust.
import {
  checkBinary,
  checkInRange,
  checkIntegerAtLeast,
  checkProbabilities,
  checkSameLength,
  type NumericInput,
  NumericInputError,
  toFiniteFloat64
} from "@preflight/numeric"
import { Result } from "effect"
import { InvalidInput } from "../errors.ts"

export type { NumericInput } from "@preflight/numeric"

export const invalid = (field: string, reason: string, index?: number): Result.Result<never, InvalidInput> =>
  Result.fail(index === undefined ? new InvalidInput({ field, reason }) : new InvalidInput({ field, reason, index }))

/** A kernel's input error as this package's InvalidInput (same field, reason and row). */
const fromNumeric = (error: NumericInputError): Result.Result<never, InvalidInput> =>
  invalid(error.field, error.reason, error.index)

const check = <A>(value: A, problem: NumericInputError | undefined): Result.Result<A, InvalidInput> =>
  problem === undefined ? Result.succeed(value) : fromNumeric(problem)

/** Copies (or reuses a Float64Array) after checking every value is finite. */
export const finiteVector = (
  values: NumericInput,
  field: string,
  minLength = 1
): Result.Result<Float64Array, InvalidInput> => {
  const vector = toFiniteFloat64(values, field, minLength)
  return vector instanceof NumericInputError ? fromNumeric(vector) : Result.succeed(vector)
}

/** Finite values in [0, 1]. */
export const probabilityVector = (values: NumericInput, field: string): Result.Result<Float64Array, InvalidInput> =>
  Result.flatMap(finiteVector(values, field), (vector) => check(vector, checkProbabilities(vector, field)))

/** Values that are exactly 0 or 1. */
export const binaryVector = (values: NumericInput, field: string): Result.Result<Float64Array, InvalidInput> =>
  Result.flatMap(finiteVector(values, field), (vector) => check(vector, checkBinary(vector, field)))

export const sameLength = (
  left: { readonly length: number },
  right: { readonly length: number },
  leftField: string,
  rightField: string
): Result.Result<void, InvalidInput> => check(undefined, checkSameLength(left, right, leftField, rightField))

export const positiveInteger = (value: number, field: string, minimum = 1): Result.Result<number, InvalidInput> =>
  check(value, checkIntegerAtLeast(value, field, minimum))

export const numberInRange = (
  value: number,
  field: string,
  lower: number,
  upper: number,
  ends: { readonly lowerOpen?: boolean; readonly upperOpen?: boolean } = {}
): Result.Result<number, InvalidInput> => check(value, checkInRange(value, field, lower, upper, ends))

/** The same error with its field placed under `prefix` (e.g. "history.reference"), for nested inputs. */
export const withFieldPrefix = (error: InvalidInput, prefix: string): InvalidInput =>
  error.index === undefined
    ? new InvalidInput({ field: `${prefix}.${error.field}`, reason: error.reason })
    : new InvalidInput({ field: `${prefix}.${error.field}`, reason: error.reason, index: error.index })
