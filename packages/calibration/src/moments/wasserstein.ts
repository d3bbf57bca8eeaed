// First Wasserstein (earth mover's) distance between two empirical distributions: the area between their
// CDFs, ∫|F_u − F_v| dx, as scipy.stats.wasserstein_distance computes it (optionally weighted).
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { argsort } from "../internal/ranks.ts"
import { finiteVector, invalid, type NumericInput, sameLength } from "../internal/validate.ts"

const cumulativeWeights = (
  values: Float64Array,
  weights: Float64Array | undefined
): { readonly sorted: Float64Array; readonly cumulative: Float64Array } => {
  const order = argsort(values)
  const sorted = new Float64Array(values.length)
  const cumulative = new Float64Array(values.length)
  let total = 0
  for (let k = 0; k < order.length; k++) {
    const index = order[k] as number
    sorted[k] = values[index] as number
    total += weights === undefined ? 1 : (weights[index] as number)
    cumulative[k] = total
  }
  for (let k = 0; k < cumulative.length; k++) cumulative[k] = (cumulative[k] as number) / total
  return { sorted, cumulative }
}

const checkWeights = (
  weights: NumericInput | undefined,
  values: Float64Array,
  field: string
): Result.Result<Float64Array | undefined, InvalidInput> =>
  Result.gen(function* () {
    if (weights === undefined) return undefined
    const vector = yield* finiteVector(weights, field)
    yield* sameLength(values, vector, field.replace("Weights", "Values"), field)
    let total = 0
    for (let i = 0; i < vector.length; i++) {
      if ((vector[i] as number) < 0) return yield* invalid(field, "must be non-negative", i)
      total += vector[i] as number
    }
    if (!(total > 0)) return yield* invalid(field, "must have a positive sum")
    return vector
  })

/**
 * Wasserstein-1 distance between the samples `u` and `v` (weights optional, normalized internally).
 *
 * @example wasserstein1([0, 1, 3], [5, 6, 8]) // 5
 */
export const wasserstein1 = (
  u: NumericInput,
  v: NumericInput,
  options: { readonly uWeights?: NumericInput; readonly vWeights?: NumericInput } = {}
): Result.Result<number, InvalidInput> =>
  Result.gen(function* () {
    const uValues = yield* finiteVector(u, "uValues")
    const vValues = yield* finiteVector(v, "vValues")
    const uWeights = yield* checkWeights(options.uWeights, uValues, "uWeights")
    const vWeights = yield* checkWeights(options.vWeights, vValues, "vWeights")
    const first = cumulativeWeights(uValues, uWeights)
    const second = cumulativeWeights(vValues, vWeights)
    // Walk the merged support; between consecutive support points both CDFs are constant.
    let i = 0
    let j = 0
    let cdfU = 0
    let cdfV = 0
    let distance = 0
    let previous = Math.min(first.sorted[0] as number, second.sorted[0] as number)
    const nU = first.sorted.length
    const nV = second.sorted.length
    while (i < nU || j < nV) {
      const next = Math.min(
        i < nU ? (first.sorted[i] as number) : Number.POSITIVE_INFINITY,
        j < nV ? (second.sorted[j] as number) : Number.POSITIVE_INFINITY
      )
      distance += Math.abs(cdfU - cdfV) * (next - previous)
      while (i < nU && first.sorted[i] === next) cdfU = first.cumulative[i++] as number
      while (j < nV && second.sorted[j] === next) cdfV = second.cumulative[j++] as number
      previous = next
    }
    return distance
  })
