// Drift report over several inputs: PSI (reference-quantile bins) and the two-sample KS test per input, a
// verdict per input with its reasons, and the list of inputs that drifted.
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { invalid, type NumericInput, withFieldPrefix } from "../internal/validate.ts"
import { ksTwoSample } from "../moments/ks-two-sample.ts"
import { type PsiLevel, populationStabilityIndex, psiLevel } from "./psi.ts"

export interface DriftThresholds {
  /** PSI at or above this flags drift (default 0.25, Siddiqi's "major shift"). */
  readonly psi?: number
  /** KS flags drift when p < ksAlpha … (default 0.05) */
  readonly ksAlpha?: number
  /** … and D ≥ ksMinStatistic, so huge samples do not flag negligible shifts (default 0.1). */
  readonly ksMinStatistic?: number
  readonly bins?: number
}

export interface InputDrift {
  readonly name: string
  readonly psi: number
  readonly psiLevel: PsiLevel
  readonly ksStatistic: number
  readonly ksPValue: number
  readonly drifted: boolean
  readonly reasons: ReadonlyArray<string>
}

export interface DriftReport {
  readonly inputs: ReadonlyArray<InputDrift>
  /** Names of the inputs that drifted, in the order given. */
  readonly drifted: ReadonlyArray<string>
  readonly anyDrift: boolean
}

/**
 * Compares each input's current values with its reference values.
 *
 * @example driftReport({ history: { reference: lastQuarter, current: thisWeek } }).drifted // ["history"]
 */
export const driftReport = (
  inputs: Readonly<Record<string, { readonly reference: NumericInput; readonly current: NumericInput }>>,
  thresholds: DriftThresholds = {}
): Result.Result<DriftReport, InvalidInput> =>
  Result.gen(function* () {
    const psiThreshold = thresholds.psi ?? 0.25
    const ksAlpha = thresholds.ksAlpha ?? 0.05
    const ksMinStatistic = thresholds.ksMinStatistic ?? 0.1
    if (!(psiThreshold > 0)) return yield* invalid("thresholds.psi", `must be positive, got ${psiThreshold}`)
    if (!(ksAlpha > 0 && ksAlpha < 1)) return yield* invalid("thresholds.ksAlpha", `must be in (0, 1), got ${ksAlpha}`)
    const names = Object.keys(inputs)
    if (names.length === 0) return yield* invalid("inputs", "needs at least one input")
    const results: Array<InputDrift> = []
    for (const name of names) {
      const pair = inputs[name] as { readonly reference: NumericInput; readonly current: NumericInput }
      const psi = yield* Result.mapError(
        populationStabilityIndex(pair.reference, pair.current, { bins: thresholds.bins ?? 10 }),
        (error) => withFieldPrefix(error, name)
      )
      const ks = yield* Result.mapError(ksTwoSample(pair.reference, pair.current), (error) =>
        withFieldPrefix(error, name)
      )
      const reasons: Array<string> = []
      if (psi.psi >= psiThreshold) reasons.push(`PSI ${psi.psi.toFixed(4)} ≥ ${psiThreshold}`)
      if (ks.pValue < ksAlpha && ks.statistic >= ksMinStatistic) {
        reasons.push(
          `KS D ${ks.statistic.toFixed(4)} ≥ ${ksMinStatistic} with p ${ks.pValue.toPrecision(3)} < ${ksAlpha}`
        )
      }
      results.push({
        name,
        psi: psi.psi,
        psiLevel: psiLevel(psi.psi),
        ksStatistic: ks.statistic,
        ksPValue: ks.pValue,
        drifted: reasons.length > 0,
        reasons
      })
    }
    const drifted = results.filter((entry) => entry.drifted).map((entry) => entry.name)
    return { inputs: results, drifted, anyDrift: drifted.length > 0 }
  })
