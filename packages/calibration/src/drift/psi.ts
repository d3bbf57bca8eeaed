// Population stability index PSI = Σ_b (c_b − r_b)·ln(c_b/r_b) over bins cut at the reference sample's
// quantiles (duplicates dropped, outer edges ±∞), with shares floored at ε = 1e-6 — the reference script's
// convention (ref_extra.py, C3). Rule of thumb (Siddiqi 2006): < 0.1 stable, 0.1–0.25 moderate, > 0.25 major.
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { finiteVector, invalid, type NumericInput, positiveInteger } from "../internal/validate.ts"
import { quantileSorted } from "../moments/descriptive.ts"

export interface PsiResult {
  readonly psi: number
  /** Bin edges (first −∞, last +∞). */
  readonly edges: Float64Array
  readonly referenceShares: Float64Array
  readonly currentShares: Float64Array
  /** Each bin's term (c − r)·ln(c/r). */
  readonly contributions: Float64Array
}

export type PsiLevel = "stable" | "moderate" | "major"

/** Siddiqi's bands. */
export const psiLevel = (psi: number): PsiLevel => (psi < 0.1 ? "stable" : psi <= 0.25 ? "moderate" : "major")

/** Shares of `sorted` values in bins [e_k, e_{k+1}) (numpy.histogram's right-open bins). */
const binShares = (sorted: Float64Array, edges: Float64Array): Float64Array => {
  const bins = edges.length - 1
  const counts = new Float64Array(bins)
  let bin = 0
  for (let i = 0; i < sorted.length; i++) {
    const value = sorted[i] as number
    while (bin < bins - 1 && value >= (edges[bin + 1] as number)) bin++
    counts[bin] = (counts[bin] as number) + 1
  }
  for (let b = 0; b < bins; b++) counts[b] = (counts[b] as number) / sorted.length
  return counts
}

/**
 * PSI of `current` against `reference`.
 *
 * @example populationStabilityIndex(historyNewbie0, historyNewbie1) // Hillstrom: 0.31578
 */
export const populationStabilityIndex = (
  reference: NumericInput,
  current: NumericInput,
  options: { readonly bins?: number; readonly epsilon?: number } = {}
): Result.Result<PsiResult, InvalidInput> =>
  Result.gen(function* () {
    const referenceValues = yield* finiteVector(reference, "reference")
    const currentValues = yield* finiteVector(current, "current")
    const bins = yield* positiveInteger(options.bins ?? 10, "bins")
    const epsilon = options.epsilon ?? 1e-6
    if (!(epsilon > 0)) return yield* invalid("epsilon", `must be positive, got ${epsilon}`)
    const sortedReference = Float64Array.from(referenceValues).sort()
    const sortedCurrent = Float64Array.from(currentValues).sort()
    const cuts: Array<number> = []
    for (let i = 0; i <= bins; i++) {
      const fraction = i === bins ? 1 : i * (1 / bins)
      const edge = quantileSorted(sortedReference, fraction)
      if (cuts.length === 0 || edge !== cuts[cuts.length - 1]) cuts.push(edge)
    }
    if (cuts.length < 2) cuts.push(cuts[0] as number)
    const edges = Float64Array.from(cuts)
    edges[0] = Number.NEGATIVE_INFINITY
    edges[edges.length - 1] = Number.POSITIVE_INFINITY
    const referenceShares = binShares(sortedReference, edges)
    const currentShares = binShares(sortedCurrent, edges)
    const contributions = new Float64Array(referenceShares.length)
    let psi = 0
    for (let b = 0; b < contributions.length; b++) {
      const r = Math.max(referenceShares[b] as number, epsilon)
      const c = Math.max(currentShares[b] as number, epsilon)
      const term = (c - r) * Math.log(c / r)
      contributions[b] = term
      psi += term
    }
    return { psi, edges, referenceShares, currentShares, contributions }
  })
