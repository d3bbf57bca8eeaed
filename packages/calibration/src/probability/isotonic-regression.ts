// Isotonic recalibration of predicted probabilities: validates the inputs and fits the shared
// pool-adjacent-violators kernel of @preflight/numeric (scikit-learn's IsotonicRegression, out_of_bounds="clip").
import { at, fitIsotonic, type IsotonicFit, predictIsotonic } from "@preflight/numeric"
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { finiteVector, invalid, type NumericInput, sameLength } from "../internal/validate.ts"

/** A fitted isotonic model: ascending distinct thresholds and the fitted value at each. */
export type IsotonicModel = IsotonicFit

/**
 * Fits a monotone step function of `x` to `y` (for recalibration: x = predicted probability, y = 0/1 outcome).
 *
 * @example const model = Result.getOrThrow(isotonicRegression(p, y)); isotonicPredict(model, pNew)
 */
export const isotonicRegression = (
  x: NumericInput,
  y: NumericInput,
  options: { readonly weights?: NumericInput; readonly increasing?: boolean } = {}
): Result.Result<IsotonicModel, InvalidInput> =>
  Result.gen(function* () {
    const xs = yield* finiteVector(x, "x")
    const ys = yield* finiteVector(y, "y")
    yield* sameLength(xs, ys, "x", "y")
    if (options.weights === undefined) return fitIsotonic(xs, ys, { increasing: options.increasing ?? true })
    const weights = yield* finiteVector(options.weights, "weights")
    yield* sameLength(xs, weights, "x", "weights")
    for (let i = 0; i < weights.length; i++) {
      if (!(at(weights, i) > 0)) return yield* invalid("weights", "must be positive", i)
    }
    return fitIsotonic(xs, ys, { weights, increasing: options.increasing ?? true })
  })

/** Predictions of a fitted isotonic model: linear interpolation between thresholds, clipped outside them. */
export const isotonicPredict = (model: IsotonicModel, x: ArrayLike<number>): Float64Array => predictIsotonic(model, x)
