// The seeds' calibration drift monitor as pure functions: the first RMSE seen becomes the baseline and later
// checks flag drift when |RMSE − baseline| exceeds a threshold (0.1 by default; DSPy integration spec,
// "CalibrationMonitor").
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { finiteVector, invalid, type NumericInput, sameLength } from "../internal/validate.ts"

export interface RmseMonitorState {
  readonly threshold: number
  /** Undefined until the first observation sets it. */
  readonly baselineRmse: number | undefined
}

export interface RmseCheck {
  readonly drifted: boolean
  readonly rmse: number
  readonly baselineRmse: number
  /** |rmse − baseline|. */
  readonly change: number
  /** Next monitor state (the baseline is set on the first check and then kept). */
  readonly state: RmseMonitorState
}

/** A monitor with no baseline yet. */
export const createRmseMonitor = (
  options: { readonly threshold?: number } = {}
): Result.Result<RmseMonitorState, InvalidInput> => {
  const threshold = options.threshold ?? 0.1
  if (!(threshold >= 0) || !Number.isFinite(threshold))
    return invalid("threshold", `must be a non-negative finite number, got ${threshold}`)
  return Result.succeed({ threshold, baselineRmse: undefined })
}

/** Root mean squared error of predictions against actuals. */
export const rootMeanSquaredError = (
  predictions: NumericInput,
  actuals: NumericInput
): Result.Result<number, InvalidInput> =>
  Result.gen(function* () {
    const predicted = yield* finiteVector(predictions, "predictions")
    const actual = yield* finiteVector(actuals, "actuals")
    yield* sameLength(predicted, actual, "predictions", "actuals")
    let sum = 0
    for (let i = 0; i < predicted.length; i++) sum += ((predicted[i] as number) - (actual[i] as number)) ** 2
    return Math.sqrt(sum / predicted.length)
  })

/**
 * Checks one batch. The first check records the baseline and reports no drift, as the seeds' monitor does.
 *
 * @example const first = checkRmseDrift(monitor, p0, y0); const later = checkRmseDrift(first.state, p1, y1)
 */
export const checkRmseDrift = (
  state: RmseMonitorState,
  predictions: NumericInput,
  actuals: NumericInput
): Result.Result<RmseCheck, InvalidInput> =>
  Result.map(rootMeanSquaredError(predictions, actuals), (rmse) => {
    if (state.baselineRmse === undefined) {
      return {
        drifted: false,
        rmse,
        baselineRmse: rmse,
        change: 0,
        state: { threshold: state.threshold, baselineRmse: rmse }
      }
    }
    const change = Math.abs(rmse - state.baselineRmse)
    return { drifted: change > state.threshold, rmse, baselineRmse: state.baselineRmse, change, state }
  })
