// The bridge from a persona's qualitative reaction to a number: an intent delta in [−1, 1] shifts the
// causal model's baseline probability on the logit scale, p = σ(logit(p₀) + bias + sensitivity·delta).
// Sensitivity and bias are the parameters calibration fits (simulated method of moments) so simulated
// rates match history; the language model never sets a probability itself.
import type { Effect } from "effect"
import { type CausalInputError, guarded } from "./errors.ts"
import { checkRange, firstIssue, issue } from "./internal/validate.ts"

export interface IntentMapping {
  /** Logit shift per unit of intent delta (default 1: delta = 1 multiplies the odds by e). */
  readonly sensitivity: number
  /** Constant logit shift, absorbing a systematic optimism or pessimism of the personas (default 0). */
  readonly bias: number
  /** Baselines are clamped to [epsilon, 1 − epsilon] so the logit stays finite (default 1e-6). */
  readonly epsilon: number
}

export const DEFAULT_INTENT_MAPPING: IntentMapping = { sensitivity: 1, bias: 0, epsilon: 1e-6 }

const logit = (p: number): number => Math.log(p / (1 - p))
const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)))

/** Pure kernel of `intentToProbability` (inputs already validated). */
export const intentToProbabilityKernel = (
  delta: number,
  baseline: number,
  mapping: IntentMapping = DEFAULT_INTENT_MAPPING
): number => {
  const p0 = Math.min(1 - mapping.epsilon, Math.max(mapping.epsilon, baseline))
  return sigmoid(logit(p0) + mapping.bias + mapping.sensitivity * delta)
}

/** The intent delta that maps `baseline` to `target` under `mapping` (inverse, for calibration targets). */
export const probabilityToIntentKernel = (
  target: number,
  baseline: number,
  mapping: IntentMapping = DEFAULT_INTENT_MAPPING
): number => {
  const clamp = (p: number) => Math.min(1 - mapping.epsilon, Math.max(mapping.epsilon, p))
  return (logit(clamp(target)) - logit(clamp(baseline)) - mapping.bias) / mapping.sensitivity
}

const checkMapping = (mapping: Partial<IntentMapping>): CausalInputError | undefined =>
  firstIssue(
    mapping.sensitivity === undefined || Number.isFinite(mapping.sensitivity)
      ? undefined
      : issue("mapping.sensitivity", "must be finite"),
    mapping.bias === undefined || Number.isFinite(mapping.bias) ? undefined : issue("mapping.bias", "must be finite"),
    mapping.epsilon === undefined ? undefined : checkRange("mapping.epsilon", mapping.epsilon, 0, 0.5, "open")
  )

/**
 * Maps a persona intent delta in [−1, 1] and a causal baseline probability in [0, 1] to a probability.
 *
 * @example
 * const p = yield* intentToProbability(0.4, 0.05, { sensitivity: 1.3 }) // ≈ 0.082
 */
export const intentToProbability = (
  delta: number,
  baseline: number,
  mapping: Partial<IntentMapping> = {}
): Effect.Effect<number, CausalInputError> =>
  guarded(
    firstIssue(
      checkRange("delta", delta, -1, 1),
      () => checkRange("baseline", baseline, 0, 1),
      () => checkMapping(mapping)
    ),
    () => intentToProbabilityKernel(delta, baseline, { ...DEFAULT_INTENT_MAPPING, ...mapping })
  )

/** Vectorised `intentToProbability`; the first invalid entry is reported with its row. */
export const intentsToProbabilities = (
  deltas: ArrayLike<number>,
  baselines: ArrayLike<number>,
  mapping: Partial<IntentMapping> = {}
): Effect.Effect<Float64Array, CausalInputError> => {
  const check = (): CausalInputError | undefined => {
    if (deltas.length !== baselines.length)
      return issue("baselines", `has length ${baselines.length}, expected ${deltas.length}`)
    for (let i = 0; i < deltas.length; i++) {
      const d = deltas[i] ?? Number.NaN
      if (!(d >= -1 && d <= 1)) return issue("deltas", `value ${d} at row ${i} is outside [-1, 1]`, i)
      const b = baselines[i] ?? Number.NaN
      if (!(b >= 0 && b <= 1)) return issue("baselines", `value ${b} at row ${i} is outside [0, 1]`, i)
    }
    return checkMapping(mapping)
  }
  return guarded(check(), () => {
    const full = { ...DEFAULT_INTENT_MAPPING, ...mapping }
    return Float64Array.from(deltas, (d, i) => intentToProbabilityKernel(d, baselines[i] ?? 0, full))
  })
}
