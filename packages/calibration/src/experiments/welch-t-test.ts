// Welch's unequal-variance t-test (Welch 1947) with the Welch–Satterthwaite degrees of freedom, as
// scipy.stats.ttest_ind(equal_var=False); reported as treatment − control with a t interval, which is
// scipy's ttest_ind(treatment, control) (and the opposite sign of ttest_ind(control, treatment)).
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { finiteVector, invalid, type NumericInput } from "../internal/validate.ts"
import { meanOf } from "../moments/descriptive.ts"
import type { Alternative } from "../ranking/kendall-tau.ts"
import { studentTCdf, studentTQuantile, studentTSf } from "../special/student-t.ts"

export interface WelchResult {
  /** mean(treatment) − mean(control). */
  readonly difference: number
  readonly t: number
  readonly degreesOfFreedom: number
  readonly pValue: number
  readonly confidenceInterval: readonly [number, number]
}

const sampleVariance = (values: Float64Array, center: number): number => {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += ((values[i] as number) - center) ** 2
  return sum / (values.length - 1)
}

/**
 * Welch's t-test of `treatment` against `control`: `difference` and `t` are treatment − control, equal to
 * scipy's `ttest_ind(treatment, control, equal_var=False)`; `alternative: "greater"` asks whether the
 * treatment mean is larger. The samples are named so that the sign cannot flip with the argument order.
 *
 * @example welchTTest({ control: controlSpend, treatment: treatmentSpend }) // { difference, t, degreesOfFreedom, pValue, confidenceInterval }
 */
export const welchTTest = (
  samples: { readonly control: NumericInput; readonly treatment: NumericInput },
  options: { readonly alternative?: Alternative; readonly confidence?: number } = {}
): Result.Result<WelchResult, InvalidInput> =>
  Result.gen(function* () {
    const { control, treatment } = samples
    const a = yield* finiteVector(control, "control", 2)
    const b = yield* finiteVector(treatment, "treatment", 2)
    const confidence = options.confidence ?? 0.95
    if (!(confidence > 0 && confidence < 1)) return yield* invalid("confidence", `must be in (0, 1), got ${confidence}`)
    const meanA = meanOf(a)
    const meanB = meanOf(b)
    const varianceOfMeanA = sampleVariance(a, meanA) / a.length
    const varianceOfMeanB = sampleVariance(b, meanB) / b.length
    const standardError = Math.sqrt(varianceOfMeanA + varianceOfMeanB)
    if (!(standardError > 0))
      return yield* invalid("control", "both samples are constant, so the t statistic is undefined")
    const difference = meanB - meanA
    const t = difference / standardError
    const degreesOfFreedom =
      (varianceOfMeanA + varianceOfMeanB) ** 2 /
      (varianceOfMeanA ** 2 / (a.length - 1) + varianceOfMeanB ** 2 / (b.length - 1))
    const alternative = options.alternative ?? "two-sided"
    const pValue =
      alternative === "two-sided"
        ? 2 * studentTSf(Math.abs(t), degreesOfFreedom)
        : alternative === "greater"
          ? studentTSf(t, degreesOfFreedom)
          : studentTCdf(t, degreesOfFreedom)
    const critical = studentTQuantile(1 - (1 - confidence) / 2, degreesOfFreedom)
    return {
      difference,
      t,
      degreesOfFreedom,
      pValue: Math.min(pValue, 1),
      confidenceInterval: [difference - critical * standardError, difference + critical * standardError] as const
    }
  })
