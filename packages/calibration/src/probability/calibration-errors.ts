// Summary calibration errors of binary predictions: expected calibration error ECE = Σ_b (n_b/n)·|ȳ_b − p̄_b|
// (Naeini et al. 2015; not in scikit-learn), maximum calibration error MCE = max_b |ȳ_b − p̄_b|, and the seeds'
// unweighted 1 − mean_b |ȳ_b − p̄_b| calibration score over calibration_curve's non-empty bins.
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import type { NumericInput } from "../internal/validate.ts"
import { type BinningOptions, binTotals, validateBinaryPredictions } from "./reliability-curve.ts"

export interface CalibrationErrors {
  /** Expected calibration error (count-weighted mean gap), in [0, 1]. */
  readonly ece: number
  /** Maximum calibration error over non-empty bins, in [0, 1]. */
  readonly mce: number
  /** The seeds' calibration metric: 1 − unweighted mean gap over non-empty bins. */
  readonly seedCalibrationScore: number
  readonly nonEmptyBins: number
}

/** Kernel: ECE, MCE and the seeds' score from validated arrays (one pass to bin, one over the bins). */
export const calibrationErrorsKernel = (
  labels: Float64Array,
  probabilities: Float64Array,
  bins: number,
  strategy: "uniform" | "quantile",
  edgeSide: "left" | "right"
): CalibrationErrors => {
  const totals = binTotals(labels, probabilities, bins, strategy, edgeSide)
  let weightedGap = 0
  let maximumGap = 0
  let gapSum = 0
  let nonEmptyBins = 0
  for (let bin = 0; bin < bins; bin++) {
    const count = totals.counts[bin] as number
    if (count === 0) continue
    const gap = Math.abs((totals.sumPositive[bin] as number) / count - (totals.sumPredicted[bin] as number) / count)
    weightedGap += count * gap
    gapSum += gap
    if (gap > maximumGap) maximumGap = gap
    nonEmptyBins++
  }
  return {
    ece: weightedGap / labels.length,
    mce: maximumGap,
    seedCalibrationScore: 1 - gapSum / nonEmptyBins,
    nonEmptyBins
  }
}

/**
 * ECE, MCE and the seeds' calibration score with the same binning as `reliabilityCurve`.
 *
 * @example calibrationErrors(y, p, { bins: 10 }) // Hillstrom control visit model: ece 0.01223
 */
export const calibrationErrors = (
  labels: NumericInput,
  probabilities: NumericInput,
  options: BinningOptions = {}
): Result.Result<CalibrationErrors, InvalidInput> =>
  Result.map(validateBinaryPredictions(labels, probabilities, options), (input) =>
    calibrationErrorsKernel(input.labels, input.probabilities, input.bins, input.strategy, input.edgeSide)
  )

/** Expected calibration error alone. */
export const expectedCalibrationError = (
  labels: NumericInput,
  probabilities: NumericInput,
  options: BinningOptions = {}
): Result.Result<number, InvalidInput> =>
  Result.map(calibrationErrors(labels, probabilities, options), (errors) => errors.ece)
