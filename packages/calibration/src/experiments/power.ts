// Sample size and power for two-arm comparisons under the normal approximation: proportions with the pooled
// variance under H₀ and the unpooled one under H₁ (Fleiss, Levin & Paik 2003, §4.2; statsmodels'
// power_proportions_2indep), means with a known common standard deviation.

import { normalCdf, normalQuantile } from "@preflight/numeric"
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { invalid } from "../internal/validate.ts"

export interface TwoProportionDesign {
  readonly controlRate: number
  readonly treatmentRate: number
  /** Two-sided significance level (default 0.05). */
  readonly alpha?: number
  /** n_treatment / n_control (default 1). */
  readonly ratio?: number
}

const checkRates = (design: TwoProportionDesign): Result.Result<{ alpha: number; ratio: number }, InvalidInput> =>
  Result.gen(function* () {
    for (const field of ["controlRate", "treatmentRate"] as const) {
      const rate = design[field]
      if (!(rate > 0 && rate < 1)) return yield* invalid(field, `must be strictly between 0 and 1, got ${rate}`)
    }
    if (design.controlRate === design.treatmentRate)
      return yield* invalid("treatmentRate", "must differ from controlRate")
    const alpha = design.alpha ?? 0.05
    if (!(alpha > 0 && alpha < 1)) return yield* invalid("alpha", `must be in (0, 1), got ${alpha}`)
    const ratio = design.ratio ?? 1
    if (!(ratio > 0) || !Number.isFinite(ratio)) return yield* invalid("ratio", `must be positive, got ${ratio}`)
    return { alpha, ratio }
  })

/** Standard deviations of the difference per √n_control under H₀ (pooled) and H₁. */
const proportionSpreads = (design: TwoProportionDesign, ratio: number): { null: number; alternative: number } => {
  const p1 = design.controlRate
  const p2 = design.treatmentRate
  const pooled = (p1 + ratio * p2) / (1 + ratio)
  return {
    null: Math.sqrt(pooled * (1 - pooled) * (1 + 1 / ratio)),
    alternative: Math.sqrt(p1 * (1 - p1) + (p2 * (1 - p2)) / ratio)
  }
}

/** Power of the two-sided two-proportion z-test with `controlSize` units in control (both tails counted). */
export const powerTwoProportions = (
  design: TwoProportionDesign & { readonly controlSize: number }
): Result.Result<number, InvalidInput> =>
  Result.gen(function* () {
    const { alpha, ratio } = yield* checkRates(design)
    if (!(design.controlSize > 0)) return yield* invalid("controlSize", `must be positive, got ${design.controlSize}`)
    const spreads = proportionSpreads(design, ratio)
    const effect = Math.abs(design.treatmentRate - design.controlRate) * Math.sqrt(design.controlSize)
    const critical = normalQuantile(1 - alpha / 2) * spreads.null
    return normalCdf((effect - critical) / spreads.alternative) + normalCdf((-effect - critical) / spreads.alternative)
  })

/**
 * Control-arm size for the two-sided two-proportion z-test to reach `power` (treatment size = ratio × control),
 * by the closed form n = ((z_{1−α/2}σ₀ + z_{power}σ₁)/Δ)², rounded up.
 *
 * @example sampleSizeTwoProportions({ controlRate: 0.10, treatmentRate: 0.12, power: 0.8 }) // 3841 per arm
 */
export const sampleSizeTwoProportions = (
  design: TwoProportionDesign & { readonly power?: number }
): Result.Result<number, InvalidInput> =>
  Result.gen(function* () {
    const { alpha, ratio } = yield* checkRates(design)
    const power = design.power ?? 0.8
    if (!(power > 0.5 && power < 1)) return yield* invalid("power", `must be in (0.5, 1), got ${power}`)
    const spreads = proportionSpreads(design, ratio)
    const difference = Math.abs(design.treatmentRate - design.controlRate)
    const root =
      (normalQuantile(1 - alpha / 2) * spreads.null + normalQuantile(power) * spreads.alternative) / difference
    return Math.ceil(root * root)
  })

/**
 * Control-arm size to detect a mean difference `difference` with common standard deviation `standardDeviation`
 * (two-sided z approximation): n = (z_{1−α/2} + z_{power})²σ²(1 + 1/ratio)/Δ².
 */
export const sampleSizeTwoMeans = (design: {
  readonly difference: number
  readonly standardDeviation: number
  readonly alpha?: number
  readonly power?: number
  readonly ratio?: number
}): Result.Result<number, InvalidInput> =>
  Result.gen(function* () {
    if (!(design.difference !== 0 && Number.isFinite(design.difference)))
      return yield* invalid("difference", `must be non-zero, got ${design.difference}`)
    if (!(design.standardDeviation > 0))
      return yield* invalid("standardDeviation", `must be positive, got ${design.standardDeviation}`)
    const alpha = design.alpha ?? 0.05
    const power = design.power ?? 0.8
    const ratio = design.ratio ?? 1
    if (!(alpha > 0 && alpha < 1)) return yield* invalid("alpha", `must be in (0, 1), got ${alpha}`)
    if (!(power > 0.5 && power < 1)) return yield* invalid("power", `must be in (0.5, 1), got ${power}`)
    if (!(ratio > 0)) return yield* invalid("ratio", `must be positive, got ${ratio}`)
    const z = normalQuantile(1 - alpha / 2) + normalQuantile(power)
    return Math.ceil((z * z * design.standardDeviation ** 2 * (1 + 1 / ratio)) / design.difference ** 2)
  })
