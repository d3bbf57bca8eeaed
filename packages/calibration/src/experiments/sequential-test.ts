// Mixture sequential probability ratio test (mSPRT; Robbins 1970, Johari, Koomen, Pekelis & Walsh 2017,
// "Always valid inference"): for the difference of two arm means d with variance v = σ²_c/n_c + σ²_t/n_t, the
// normal-mixture likelihood ratio Λ = √(v/(v+τ²))·exp(τ²(d−θ₀)²/(2v(v+τ²))) is a test martingale under H₀, so
// rejecting when Λ ≥ 1/α keeps the false-positive rate at α however often the results are looked at.
// p-values are running minima of 1/Λ and intervals running intersections (always-valid). The guarantee
// assumes d is normal with a known v; v is estimated from the arms, which is too noisy at a handful of units
// per arm, so looks before `minimumArmCount` units per arm (default 10) count no evidence.
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { finiteVector, invalid, type NumericInput } from "../internal/validate.ts"
import { meanOf } from "../moments/descriptive.ts"

/** Sufficient statistics of one arm's per-unit outcomes. */
export interface ArmSummary {
  readonly count: number
  readonly mean: number
  /** Sample variance of the unit outcomes (ddof 1). */
  readonly variance: number
}

export interface SequentialTestOptions {
  /** Error rate guaranteed under continuous monitoring (default 0.05). */
  readonly alpha?: number
  /** τ, the standard deviation of the normal mixture over effects; put it near the effect sizes you care about. */
  readonly mixtureStandardDeviation: number
  /** Effect under H₀ (default 0). */
  readonly nullEffect?: number
  /** Floor on each arm's variance, so an arm with identical outcomes so far cannot give infinite evidence. */
  readonly varianceFloor?: number
  /**
   * Units each arm needs before a look counts as evidence (default 10). Earlier looks report the previous
   * state unchanged. With normal outcomes examined after every unit, the plug-in variance lets the
   * false-positive rate reach 0.145 at α = 0.05 when looks start at 2 units per arm, and 0.04 from 10.
   */
  readonly minimumArmCount?: number
}

/** Default of SequentialTestOptions.minimumArmCount. */
export const DEFAULT_MINIMUM_ARM_COUNT = 10

/** What the test carries between looks. */
export interface SequentialTestState {
  readonly looks: number
  readonly pValue: number
  readonly lower: number
  readonly upper: number
  readonly rejected: boolean
}

export interface SequentialDecision {
  /** Treatment mean − control mean at this look. */
  readonly effect: number
  readonly standardError: number
  readonly likelihoodRatio: number
  /** Always-valid p-value (running minimum of 1/Λ). */
  readonly pValue: number
  /** Always-valid confidence interval for the effect (running intersection). */
  readonly confidenceInterval: readonly [number, number]
  /** True once Λ has reached 1/α at this or any earlier look. */
  readonly rejectNull: boolean
  /** True when an arm has fewer than minimumArmCount units, so this look counted no evidence. */
  readonly belowMinimumCount: boolean
  readonly verdict: "treatment-better" | "treatment-worse" | "inconclusive"
  readonly state: SequentialTestState
}

/** Summary of raw per-unit outcomes. */
export const summarizeArm = (values: NumericInput): Result.Result<ArmSummary, InvalidInput> =>
  Result.map(finiteVector(values, "values", 2), (vector) => {
    const center = meanOf(vector)
    let squares = 0
    for (let i = 0; i < vector.length; i++) squares += ((vector[i] as number) - center) ** 2
    return { count: vector.length, mean: center, variance: squares / (vector.length - 1) }
  })

/** Summary of a 0/1 arm; the variance uses p̃ = (s + ½)/(n + 1) so an all-0 or all-1 arm still has spread. */
export const bernoulliArm = (successes: number, trials: number): Result.Result<ArmSummary, InvalidInput> => {
  if (!Number.isInteger(trials) || trials < 1) return invalid("trials", `must be a positive integer, got ${trials}`)
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    return invalid("successes", `must be an integer in [0, ${trials}], got ${successes}`)
  }
  const smoothed = (successes + 0.5) / (trials + 1)
  return Result.succeed({ count: trials, mean: successes / trials, variance: smoothed * (1 - smoothed) })
}

const checkArm = (arm: ArmSummary, field: string): Result.Result<ArmSummary, InvalidInput> => {
  if (!Number.isInteger(arm.count) || arm.count < 1)
    return invalid(`${field}.count`, `must be a positive integer, got ${arm.count}`)
  if (!Number.isFinite(arm.mean)) return invalid(`${field}.mean`, `must be finite, got ${arm.mean}`)
  if (!(arm.variance >= 0) || !Number.isFinite(arm.variance))
    return invalid(`${field}.variance`, `must be finite and >= 0, got ${arm.variance}`)
  return Result.succeed(arm)
}

/**
 * One look of the mSPRT. Pass the previous look's `state` (undefined at the first look) so p-values and
 * intervals stay valid across looks.
 *
 * @example
 * let state: SequentialTestState | undefined
 * const look = Result.getOrThrow(sequentialTest(state, control, candidate, { mixtureStandardDeviation: 0.05 }))
 * state = look.state
 */
export const sequentialTest = (
  previous: SequentialTestState | undefined,
  control: ArmSummary,
  treatment: ArmSummary,
  options: SequentialTestOptions
): Result.Result<SequentialDecision, InvalidInput> =>
  Result.gen(function* () {
    yield* checkArm(control, "control")
    yield* checkArm(treatment, "treatment")
    const alpha = options.alpha ?? 0.05
    if (!(alpha > 0 && alpha < 1)) return yield* invalid("alpha", `must be in (0, 1), got ${alpha}`)
    const tau = options.mixtureStandardDeviation
    if (!(tau > 0) || !Number.isFinite(tau))
      return yield* invalid("mixtureStandardDeviation", `must be positive, got ${tau}`)
    const nullEffect = options.nullEffect ?? 0
    const floor = options.varianceFloor ?? 1e-12
    const minimumCount = options.minimumArmCount ?? DEFAULT_MINIMUM_ARM_COUNT
    if (!Number.isInteger(minimumCount) || minimumCount < 1)
      return yield* invalid("minimumArmCount", `must be a positive integer, got ${minimumCount}`)
    const v = Math.max(control.variance, floor) / control.count + Math.max(treatment.variance, floor) / treatment.count
    const effect = treatment.mean - control.mean
    const verdictOf = (rejected: boolean, lower: number, upper: number): SequentialDecision["verdict"] =>
      !rejected
        ? "inconclusive"
        : lower > nullEffect
          ? "treatment-better"
          : upper < nullEffect
            ? "treatment-worse"
            : effect > nullEffect
              ? "treatment-better"
              : "treatment-worse"
    if (control.count < minimumCount || treatment.count < minimumCount) {
      const pValue = previous?.pValue ?? 1
      const lower = previous?.lower ?? Number.NEGATIVE_INFINITY
      const upper = previous?.upper ?? Number.POSITIVE_INFINITY
      const rejectNull = previous?.rejected ?? false
      return {
        effect,
        standardError: Math.sqrt(v),
        likelihoodRatio: 1,
        pValue,
        confidenceInterval: [lower, upper] as const,
        rejectNull,
        belowMinimumCount: true,
        verdict: verdictOf(rejectNull, lower, upper),
        state: { looks: (previous?.looks ?? 0) + 1, pValue, lower, upper, rejected: rejectNull }
      }
    }
    const tau2 = tau * tau
    const logLikelihoodRatio =
      0.5 * Math.log(v / (v + tau2)) + (tau2 * (effect - nullEffect) ** 2) / (2 * v * (v + tau2))
    const likelihoodRatio = Math.exp(logLikelihoodRatio)
    // Confidence sequence: all θ with Λ(θ) < 1/α.
    const radius = Math.sqrt(((2 * v * (v + tau2)) / tau2) * (Math.log(1 / alpha) + 0.5 * Math.log((v + tau2) / v)))
    const pNow = Math.min(1, Math.exp(-logLikelihoodRatio))
    const pValue = Math.min(previous?.pValue ?? 1, pNow)
    const lower = Math.max(previous?.lower ?? Number.NEGATIVE_INFINITY, effect - radius)
    const upper = Math.min(previous?.upper ?? Number.POSITIVE_INFINITY, effect + radius)
    const rejectNull = (previous?.rejected ?? false) || pValue <= alpha
    return {
      effect,
      standardError: Math.sqrt(v),
      likelihoodRatio,
      pValue,
      confidenceInterval: [lower, upper] as const,
      rejectNull,
      belowMinimumCount: false,
      verdict: verdictOf(rejectNull, lower, upper),
      state: { looks: (previous?.looks ?? 0) + 1, pValue, lower, upper, rejected: rejectNull }
    }
  })
