// Test helpers for Result values: unwrap a success (failing the test with the error otherwise) or the failure.
import { Result } from "effect"

export const ok = <A, E>(result: Result.Result<A, E>): A => {
  if (Result.isSuccess(result)) return result.success
  throw new Error(`expected success, got failure: ${String(result.failure)}`)
}

export const failure = <A, E>(result: Result.Result<A, E>): E => {
  if (Result.isFailure(result)) return result.failure
  throw new Error(
    `expected failure, got success: ${JSON.stringify(result.success, (_, v) => (v instanceof Float64Array ? Array.from(v) : v))}`
  )
}

/** |actual − expected| ≤ tolerance·max(1, |expected|) — relative for large values, absolute near zero. */
export const closeTo = (actual: number, expected: number, tolerance: number): boolean =>
  Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected))

/** Relative closeness (for tiny p-values). */
export const relativelyClose = (actual: number, expected: number, tolerance: number): boolean =>
  expected === 0 ? Math.abs(actual) <= tolerance : Math.abs(actual - expected) / Math.abs(expected) <= tolerance
