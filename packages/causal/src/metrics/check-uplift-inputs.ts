// Shared validation of the (outcome, score, treatment) triple every uplift metric takes.
import type { CausalInputError } from "../errors.ts"
import { checkBinary, checkFinite, checkLength, firstIssue, issue } from "../internal/validate.ts"

export const checkUpliftInputs = (
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>
): CausalInputError | undefined =>
  firstIssue(
    outcome.length === 0 ? issue("outcome", "is empty") : undefined,
    () => checkLength("uplift", uplift, outcome.length),
    () => checkLength("treatment", treatment, outcome.length),
    () => checkFinite("outcome", outcome),
    () => checkFinite("uplift", uplift),
    () => checkBinary("treatment", treatment)
  )
