// Bootstrap confidence intervals for any statistic of one or more independent samples: percentile and BCa
// (Efron 1987; jackknife acceleration), following scipy.stats.bootstrap's definitions, seeded.

import { normalCdf, normalQuantile, SeededRandom } from "@preflight/numeric"
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { finiteVector, invalid, type NumericInput, positiveInteger } from "../internal/validate.ts"
import { quantileSorted } from "../moments/descriptive.ts"

export interface BootstrapInput {
  /** One or more independent samples; each is resampled with replacement on its own. */
  readonly samples: ReadonlyArray<NumericInput>
  /** The statistic, called with one array per sample. */
  readonly statistic: (...samples: Array<Float64Array>) => number
  readonly seed: number
  /** Default 9999 (scipy). */
  readonly resamples?: number
  /** Default 0.95. */
  readonly confidence?: number
  /** "bca" (default, scipy's default) or "percentile". */
  readonly method?: "bca" | "percentile"
}

export interface BootstrapResult {
  readonly estimate: number
  readonly interval: readonly [number, number]
  /** Standard deviation of the bootstrap distribution (ddof 1). */
  readonly standardError: number
  readonly method: "bca" | "percentile"
}

/**
 * Two-sided bootstrap interval for `statistic`.
 *
 * @example bootstrapConfidenceInterval({ samples: [control, treatment], statistic: (c, t) => mean(t) - mean(c), seed: 7 })
 */
export const bootstrapConfidenceInterval = (input: BootstrapInput): Result.Result<BootstrapResult, InvalidInput> =>
  Result.gen(function* () {
    if (input.samples.length === 0) return yield* invalid("samples", "needs at least one sample")
    const samples: Array<Float64Array> = []
    for (const [index, sample] of input.samples.entries())
      samples.push(yield* finiteVector(sample, `samples[${index}]`, 2))
    const resamples = yield* positiveInteger(input.resamples ?? 9999, "resamples", 2)
    const confidence = input.confidence ?? 0.95
    if (!(confidence > 0 && confidence < 1)) return yield* invalid("confidence", `must be in (0, 1), got ${confidence}`)
    if (!Number.isFinite(input.seed)) return yield* invalid("seed", `must be a finite number, got ${input.seed}`)
    const method = input.method ?? "bca"
    if (method !== "bca" && method !== "percentile")
      return yield* invalid("method", `must be "bca" or "percentile", got ${String(method)}`)
    const estimate = input.statistic(...samples)
    if (!Number.isFinite(estimate)) return yield* invalid("statistic", `returned ${estimate} on the original samples`)

    const random = new SeededRandom(input.seed)
    const buffers = samples.map((sample) => new Float64Array(sample.length))
    const distribution = new Float64Array(resamples)
    for (let b = 0; b < resamples; b++) {
      for (let s = 0; s < samples.length; s++) {
        const sample = samples[s] as Float64Array
        const buffer = buffers[s] as Float64Array
        for (let i = 0; i < sample.length; i++) buffer[i] = sample[random.int(sample.length)] as number
      }
      const value = input.statistic(...buffers)
      if (!Number.isFinite(value)) return yield* invalid("statistic", `returned ${value} on bootstrap resample ${b}`)
      distribution[b] = value
    }
    const sorted = Float64Array.from(distribution).sort()
    let mean = 0
    for (let b = 0; b < resamples; b++) mean += (distribution[b] as number) / resamples
    let squares = 0
    for (let b = 0; b < resamples; b++) squares += ((distribution[b] as number) - mean) ** 2
    const standardError = Math.sqrt(squares / (resamples - 1))

    const alpha = (1 - confidence) / 2
    let lowerLevel = alpha
    let upperLevel = 1 - alpha
    if (method === "bca") {
      // Bias correction: z₀ = Φ⁻¹(share of bootstrap values below the estimate, ties counted half).
      let below = 0
      let atOrBelow = 0
      for (let b = 0; b < resamples; b++) {
        const value = distribution[b] as number
        if (value < estimate) below++
        if (value <= estimate) atOrBelow++
      }
      const z0 = normalQuantile((below + atOrBelow) / (2 * resamples))
      // Acceleration from the jackknife of every sample (scipy's multi-sample form).
      let numerator = 0
      let denominator = 0
      for (let s = 0; s < samples.length; s++) {
        const sample = samples[s] as Float64Array
        const n = sample.length
        const leaveOneOut = new Float64Array(n - 1)
        const jackknife = new Float64Array(n)
        const arguments_ = samples.slice()
        for (let i = 0; i < n; i++) {
          leaveOneOut.set(sample.subarray(0, i), 0)
          leaveOneOut.set(sample.subarray(i + 1), i)
          arguments_[s] = leaveOneOut
          jackknife[i] = input.statistic(...arguments_)
        }
        let jackMean = 0
        for (let i = 0; i < n; i++) jackMean += (jackknife[i] as number) / n
        let cubes = 0
        let squaresJ = 0
        for (let i = 0; i < n; i++) {
          const u = (n - 1) * (jackMean - (jackknife[i] as number))
          cubes += u * u * u
          squaresJ += u * u
        }
        numerator += cubes / n ** 3
        denominator += squaresJ / n ** 2
      }
      const acceleration = denominator > 0 ? numerator / (6 * denominator ** 1.5) : 0
      const adjust = (level: number): number => {
        const z = normalQuantile(level)
        const shifted = z0 + z
        return normalCdf(z0 + shifted / (1 - acceleration * shifted))
      }
      lowerLevel = adjust(alpha)
      upperLevel = adjust(1 - alpha)
      if (!Number.isFinite(lowerLevel) || !Number.isFinite(upperLevel)) {
        return yield* invalid(
          "statistic",
          'the BCa interval is undefined (degenerate bootstrap distribution); use method "percentile"'
        )
      }
    }
    return {
      estimate,
      interval: [quantileSorted(sorted, lowerLevel), quantileSorted(sorted, upperLevel)] as const,
      standardError,
      method
    }
  })
