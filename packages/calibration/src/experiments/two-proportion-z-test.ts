// Two-proportion z-test for conversion-style outcomes: z = (p_t − p_c)/SE with the pooled SE under H₀ (the
// default of statsmodels' proportions_ztest) or the unpooled SE, and a Wald interval for the difference.

import { normalCdf, normalQuantile, normalSf } from "@preflight/numeric"
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { invalid } from "../internal/validate.ts"
import type { Alternative } from "../ranking/kendall-tau.ts"

export interface ProportionArm {
  readonly successes: number
  readonly trials: number
}

export interface TwoProportionResult {
  readonly controlRate: number
  readonly treatmentRate: number
  /** treatmentRate − controlRate. */
  readonly difference: number
  readonly z: number
  readonly pValue: number
  /** Wald interval (unpooled SE) for the difference at the requested confidence. */
  readonly confidenceInterval: readonly [number, number]
}

const checkArm = (arm: ProportionArm, field: string): Result.Result<ProportionArm, InvalidInput> => {
  if (!Number.isInteger(arm.trials) || arm.trials <= 0)
    return invalid(`${field}.trials`, `must be a positive integer, got ${arm.trials}`)
  if (!Number.isInteger(arm.successes) || arm.successes < 0 || arm.successes > arm.trials) {
    return invalid(`${field}.successes`, `must be an integer in [0, ${arm.trials}], got ${arm.successes}`)
  }
  return Result.succeed(arm)
}

/**
 * Two-proportion z-test of treatment against control: `difference` and `z` are treatment − control, as
 * statsmodels' `proportions_ztest` with the treatment arm listed first. The arms are named, as in
 * `welchTTest`, so the sign cannot flip with the argument order.
 *
 * @example twoProportionZTest({ control: { successes: 120, trials: 1000 }, treatment: { successes: 150, trials: 1000 } })
 */
export const twoProportionZTest = (
  arms: { readonly control: ProportionArm; readonly treatment: ProportionArm },
  options: { readonly pooled?: boolean; readonly alternative?: Alternative; readonly confidence?: number } = {}
): Result.Result<TwoProportionResult, InvalidInput> =>
  Result.gen(function* () {
    const { control, treatment } = arms
    yield* checkArm(control, "control")
    yield* checkArm(treatment, "treatment")
    const confidence = options.confidence ?? 0.95
    if (!(confidence > 0 && confidence < 1)) return yield* invalid("confidence", `must be in (0, 1), got ${confidence}`)
    const controlRate = control.successes / control.trials
    const treatmentRate = treatment.successes / treatment.trials
    const difference = treatmentRate - controlRate
    let standardError: number
    if (options.pooled ?? true) {
      const pooled = (control.successes + treatment.successes) / (control.trials + treatment.trials)
      standardError = Math.sqrt(pooled * (1 - pooled) * (1 / control.trials + 1 / treatment.trials))
    } else {
      standardError = Math.sqrt(
        (controlRate * (1 - controlRate)) / control.trials + (treatmentRate * (1 - treatmentRate)) / treatment.trials
      )
    }
    if (!(standardError > 0))
      return yield* invalid("control", "both arms have all-0 or all-1 outcomes, so the z statistic is undefined")
    const z = difference / standardError
    const alternative = options.alternative ?? "two-sided"
    const pValue =
      alternative === "two-sided" ? 2 * normalSf(Math.abs(z)) : alternative === "greater" ? normalSf(z) : normalCdf(z)
    const waldError = Math.sqrt(
      (controlRate * (1 - controlRate)) / control.trials + (treatmentRate * (1 - treatmentRate)) / treatment.trials
    )
    const critical = normalQuantile(1 - (1 - confidence) / 2)
    return {
      controlRate,
      treatmentRate,
      difference,
      z,
      pValue: Math.min(pValue, 1),
      confidenceInterval: [difference - critical * waldError, difference + critical * waldError] as const
    }
  })
