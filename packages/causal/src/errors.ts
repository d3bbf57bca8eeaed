// Typed errors of the causal package: bad input names the field (and row when there is one), so a caller
// can point the user at the exact value to fix.
import { Data, Effect } from "effect"

/** An input array, matrix or option is invalid: wrong length, non-finite value, unknown label, empty group. */
export class CausalInputError extends Data.TaggedError("CausalInputError")<{
  readonly field: string
  readonly row?: number | undefined
  readonly message: string
}> {}

/** Fails with `issue` when there is one, otherwise runs the pure `compute`. */
export const guarded = <A>(
  issue: CausalInputError | undefined,
  compute: () => A
): Effect.Effect<A, CausalInputError> => (issue === undefined ? Effect.sync(compute) : Effect.fail(issue))
