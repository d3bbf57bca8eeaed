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

/**
 * What scikit-uplift's scores refuse on top of that: a non-binary outcome (`check_is_binary(y_true)`), an
 * outcome without both values (the perfect curve is then flat and the normalised area 0/0), and a treatment
 * without both groups (no rate difference exists).
 */
export const checkSkliftScoreInputs = (
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>
): CausalInputError | undefined =>
  firstIssue(
    checkUpliftInputs(outcome, uplift, treatment),
    () => checkBinary("outcome", outcome),
    () => (bothValues(outcome) ? undefined : issue("outcome", "needs both 0 and 1 (all rows have the same outcome)")),
    () => (bothValues(treatment) ? undefined : issue("treatment", "needs both a treated (1) and a control (0) row"))
  )

const bothValues = (values: ArrayLike<number>): boolean => {
  let zeros = 0
  let ones = 0
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 0) zeros++
    else if (values[i] === 1) ones++
  }
  return zeros > 0 && ones > 0
}
