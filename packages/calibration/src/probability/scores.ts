// Proper scoring rules for binary predictions: Brier score mean((p − y)²) and log loss
// −mean(y·ln p + (1 − y)·ln(1 − p)) with p clipped to [ε, 1 − ε], ε = machine epsilon (scikit-learn's log_loss).
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { binaryVector, type NumericInput, probabilityVector, sameLength } from "../internal/validate.ts"

const validate = (
  labels: NumericInput,
  probabilities: NumericInput
): Result.Result<{ labels: Float64Array; probabilities: Float64Array }, InvalidInput> =>
  Result.gen(function* () {
    const labelVector = yield* binaryVector(labels, "labels")
    const probabilityValues = yield* probabilityVector(probabilities, "probabilities")
    yield* sameLength(labelVector, probabilityValues, "labels", "probabilities")
    return { labels: labelVector, probabilities: probabilityValues }
  })

/** Brier score (lower is better; 0 is perfect). */
export const brierScore = (labels: NumericInput, probabilities: NumericInput): Result.Result<number, InvalidInput> =>
  Result.map(validate(labels, probabilities), (input) => {
    let sum = 0
    for (let i = 0; i < input.labels.length; i++) {
      const difference = (input.probabilities[i] as number) - (input.labels[i] as number)
      sum += difference * difference
    }
    return sum / input.labels.length
  })

/** Log loss (cross-entropy) in nats. */
export const logLoss = (labels: NumericInput, probabilities: NumericInput): Result.Result<number, InvalidInput> =>
  Result.map(validate(labels, probabilities), (input) => {
    const epsilon = Number.EPSILON
    let sum = 0
    for (let i = 0; i < input.labels.length; i++) {
      const p = Math.min(Math.max(input.probabilities[i] as number, epsilon), 1 - epsilon)
      sum += input.labels[i] === 1 ? Math.log(p) : Math.log1p(-p)
    }
    return -sum / input.labels.length
  })
