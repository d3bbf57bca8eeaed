// Re-weighting units (personas) so weighted moments hit targets with the least departure from base weights:
// minimize KL(w‖b) subject to Σwᵢgᵢ = t and Σwᵢ = 1 — entropy balancing (Hainmueller 2012), exponential
// tilting wᵢ ∝ bᵢ·exp(λᵀ(gᵢ − t)), solved by Newton's method on the convex dual log Σbᵢexp(λᵀ(gᵢ − t)).
// To target a variance as well as a mean, pass gᵢ = (xᵢ, xᵢ²) and t = (μ, σ² + μ²).
import { Result } from "effect"
import { type InvalidInput, TargetMomentsUnreachable } from "../errors.ts"
import { finiteVector, invalid, type NumericInput } from "../internal/validate.ts"

export interface ReweightInput {
  /** Moment contributions gᵢ: one row per unit, one column per moment. */
  readonly features: ReadonlyArray<ArrayLike<number>>
  /** Target weighted mean of each column. */
  readonly targets: NumericInput
  /** Base (prior) weights bᵢ ≥ 0; uniform when omitted. */
  readonly baseWeights?: NumericInput
  /** Largest allowed |weighted moment − target| relative to the column's spread (default 1e-10). */
  readonly tolerance?: number
  readonly maxIterations?: number
}

export interface ReweightResult {
  /** Weights summing to 1. */
  readonly weights: Float64Array
  /** Tilting coefficients λ. */
  readonly lambda: Float64Array
  readonly achievedMoments: Float64Array
  readonly iterations: number
  /** Kish effective sample size (Σw)²/Σw². */
  readonly effectiveSampleSize: number
}

/**
 * Entropy-balancing weights that reproduce `targets` exactly (to `tolerance`).
 *
 * @example reweightToMoments({ features: personas.map((p) => [p.intent, p.intent ** 2]), targets: [0.12, 0.05] })
 */
export const reweightToMoments = (
  input: ReweightInput
): Result.Result<ReweightResult, InvalidInput | TargetMomentsUnreachable> =>
  Result.gen(function* () {
    const n = input.features.length
    if (n < 2) return yield* invalid("features", `needs at least 2 units, got ${n}`)
    const targets = yield* finiteVector(input.targets, "targets")
    const k = targets.length
    const g = new Float64Array(n * k)
    for (let i = 0; i < n; i++) {
      const row = input.features[i] as ArrayLike<number>
      if (row.length !== k)
        return yield* invalid("features", `row has ${row.length} columns, expected ${k} (one per target)`, i)
      for (let j = 0; j < k; j++) {
        const value = row[j] as number
        if (!Number.isFinite(value)) return yield* invalid("features", `column ${j} must be finite, got ${value}`, i)
        g[i * k + j] = value - (targets[j] as number)
      }
    }
    const base = new Float64Array(n)
    if (input.baseWeights === undefined) base.fill(1 / n)
    else {
      const raw = yield* finiteVector(input.baseWeights, "baseWeights")
      if (raw.length !== n)
        return yield* invalid("baseWeights", `must have one weight per unit (${n}), got ${raw.length}`)
      let total = 0
      for (let i = 0; i < n; i++) {
        if ((raw[i] as number) < 0) return yield* invalid("baseWeights", "must be non-negative", i)
        total += raw[i] as number
      }
      if (!(total > 0)) return yield* invalid("baseWeights", "must have a positive sum")
      for (let i = 0; i < n; i++) base[i] = (raw[i] as number) / total
    }
    const tolerance = input.tolerance ?? 1e-10
    const maxIterations = input.maxIterations ?? 200
    // Scale of each column, so the tolerance is relative to the moment's spread.
    const scale = new Float64Array(k)
    for (let j = 0; j < k; j++) {
      let spread = 0
      for (let i = 0; i < n; i++) spread = Math.max(spread, Math.abs(g[i * k + j] as number))
      scale[j] = spread > 0 ? spread : 1
    }

    const lambda = new Float64Array(k)
    const weights = new Float64Array(n)
    const gradient = new Float64Array(k)
    const hessian = new Float64Array(k * k)
    // Dual objective log Σ bᵢ exp(λᵀgᵢ), its gradient E_w[g] and Hessian Cov_w(g).
    const evaluate = (candidate: Float64Array): number => {
      let maxExponent = Number.NEGATIVE_INFINITY
      for (let i = 0; i < n; i++) {
        let exponent = 0
        for (let j = 0; j < k; j++) exponent += (candidate[j] as number) * (g[i * k + j] as number)
        weights[i] = exponent
        if ((base[i] as number) > 0 && exponent > maxExponent) maxExponent = exponent
      }
      let total = 0
      for (let i = 0; i < n; i++) {
        const w = (base[i] as number) * Math.exp((weights[i] as number) - maxExponent)
        weights[i] = w
        total += w
      }
      for (let i = 0; i < n; i++) weights[i] = (weights[i] as number) / total
      return Math.log(total) + maxExponent
    }
    /** Largest |E_w[g_j]| relative to the column scale, at the weights of the last evaluation. */
    const momentError = (): number => {
      let largest = 0
      for (let j = 0; j < k; j++) {
        let moment = 0
        for (let i = 0; i < n; i++) moment += (weights[i] as number) * (g[i * k + j] as number)
        largest = Math.max(largest, Math.abs(moment) / (scale[j] as number))
      }
      return largest
    }
    let value = evaluate(lambda)
    let iterations = 0
    let worst = Number.POSITIVE_INFINITY
    for (; iterations < maxIterations; iterations++) {
      gradient.fill(0)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < k; j++)
          gradient[j] = (gradient[j] as number) + (weights[i] as number) * (g[i * k + j] as number)
      worst = 0
      for (let j = 0; j < k; j++) worst = Math.max(worst, Math.abs(gradient[j] as number) / (scale[j] as number))
      if (worst <= tolerance) break
      hessian.fill(0)
      for (let i = 0; i < n; i++) {
        const w = weights[i] as number
        for (let a = 0; a < k; a++) {
          const da = (g[i * k + a] as number) - (gradient[a] as number)
          for (let b = a; b < k; b++)
            hessian[a * k + b] =
              (hessian[a * k + b] as number) + w * da * ((g[i * k + b] as number) - (gradient[b] as number))
        }
      }
      for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) hessian[a * k + b] = hessian[b * k + a] as number
      // Solve H·step = −gradient by Cholesky with a tiny ridge (collinear moments would make H singular).
      let trace = 0
      for (let a = 0; a < k; a++) trace += hessian[a * k + a] as number
      const ridge = 1e-12 * (trace / k + 1e-300)
      const step = choleskySolve(hessian, gradient, k, ridge)
      if (step === undefined) break
      let slope = 0
      for (let j = 0; j < k; j++) slope -= (step[j] as number) * (gradient[j] as number)
      let size = 1
      const candidate = new Float64Array(k)
      let candidateValue = value
      let accepted = false
      while (size > 1e-12) {
        for (let j = 0; j < k; j++) candidate[j] = (lambda[j] as number) - size * (step[j] as number)
        candidateValue = evaluate(candidate)
        // Armijo on the dual; near the optimum its decrease drops below rounding, so a step that shrinks
        // the largest moment error is accepted as well (Newton converges quadratically there).
        if (candidateValue <= value + 1e-4 * size * slope || momentError() < (1 - 1e-4 * size) * worst) {
          accepted = true
          break
        }
        size /= 2
      }
      if (!accepted) {
        evaluate(lambda)
        break
      }
      lambda.set(candidate)
      value = candidateValue
    }
    if (!(worst <= tolerance)) {
      let maxMomentError = 0
      for (let j = 0; j < k; j++) {
        let moment = 0
        for (let i = 0; i < n; i++) moment += (weights[i] as number) * (g[i * k + j] as number)
        maxMomentError = Math.max(maxMomentError, Math.abs(moment))
      }
      return yield* Result.fail(new TargetMomentsUnreachable({ iterations, maxMomentError }))
    }
    const achievedMoments = new Float64Array(k)
    let sumSquares = 0
    for (let i = 0; i < n; i++) {
      sumSquares += (weights[i] as number) ** 2
      for (let j = 0; j < k; j++)
        achievedMoments[j] =
          (achievedMoments[j] as number) + (weights[i] as number) * ((g[i * k + j] as number) + (targets[j] as number))
    }
    return {
      weights: Float64Array.from(weights),
      lambda,
      achievedMoments,
      iterations,
      effectiveSampleSize: 1 / sumSquares
    }
  })

/** Solves (A + ridge·I)x = b for symmetric positive semi-definite A (k × k); undefined if not positive definite. */
const choleskySolve = (a: Float64Array, b: Float64Array, k: number, ridge: number): Float64Array | undefined => {
  const l = new Float64Array(k * k)
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = (a[i * k + j] as number) + (i === j ? ridge : 0)
      for (let m = 0; m < j; m++) sum -= (l[i * k + m] as number) * (l[j * k + m] as number)
      if (i === j) {
        if (!(sum > 0)) return undefined
        l[i * k + i] = Math.sqrt(sum)
      } else {
        l[i * k + j] = sum / (l[j * k + j] as number)
      }
    }
  }
  const y = new Float64Array(k)
  for (let i = 0; i < k; i++) {
    let sum = b[i] as number
    for (let m = 0; m < i; m++) sum -= (l[i * k + m] as number) * (y[m] as number)
    y[i] = sum / (l[i * k + i] as number)
  }
  const x = new Float64Array(k)
  for (let i = k - 1; i >= 0; i--) {
    let sum = y[i] as number
    for (let m = i + 1; m < k; m++) sum -= (l[m * k + i] as number) * (x[m] as number)
    x[i] = sum / (l[i * k + i] as number)
  }
  return x
}
