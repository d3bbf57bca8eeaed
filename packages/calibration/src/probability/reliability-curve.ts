// Reliability (calibration) curve of binary predictions: per bin, the mean prediction and the observed
// frequency, as scikit-learn's calibration_curve returns them (empty bins dropped), plus counts and edges.
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import {
  binaryVector,
  invalid,
  type NumericInput,
  positiveInteger,
  probabilityVector,
  sameLength
} from "../internal/validate.ts"
import { assignBins, type BinStrategy, type EdgeSide, quantileEdges, uniformEdges } from "./binning.ts"

export interface ReliabilityBin {
  /** Bin number in 0..bins−1 (empty bins are skipped, so numbers can have gaps). */
  readonly bin: number
  readonly count: number
  readonly meanPredicted: number
  readonly fractionPositive: number
  readonly lowerEdge: number
  readonly upperEdge: number
}

export interface ReliabilityCurve {
  readonly bins: ReadonlyArray<ReliabilityBin>
  readonly edges: Float64Array
  readonly total: number
}

export interface BinningOptions {
  /** Number of bins (default 10, the seeds' choice; scikit-learn's default is 5). */
  readonly bins?: number
  /** "uniform" equal-width bins on [0, 1] (default) or "quantile" equal-count bins. */
  readonly strategy?: BinStrategy
  /** Edge convention: "left" (default) is scikit-learn's; "right" is the reference script's ECE helper. */
  readonly edgeSide?: EdgeSide
}

export interface BinTotals {
  readonly edges: Float64Array
  readonly counts: Float64Array
  readonly sumPredicted: Float64Array
  readonly sumPositive: Float64Array
}

/** Kernel: per-bin counts and sums in one pass over validated labels and probabilities. */
export const binTotals = (
  labels: Float64Array,
  probabilities: Float64Array,
  binCount: number,
  strategy: BinStrategy,
  edgeSide: EdgeSide
): BinTotals => {
  const edges = strategy === "uniform" ? uniformEdges(binCount) : quantileEdges(probabilities, binCount)
  const binIds = assignBins(
    probabilities,
    edges,
    edgeSide,
    strategy === "uniform",
    new Int32Array(probabilities.length)
  )
  const counts = new Float64Array(binCount)
  const sumPredicted = new Float64Array(binCount)
  const sumPositive = new Float64Array(binCount)
  for (let i = 0; i < probabilities.length; i++) {
    const bin = binIds[i] as number
    counts[bin] = (counts[bin] as number) + 1
    sumPredicted[bin] = (sumPredicted[bin] as number) + (probabilities[i] as number)
    sumPositive[bin] = (sumPositive[bin] as number) + (labels[i] as number)
  }
  return { edges, counts, sumPredicted, sumPositive }
}

export const validateBinaryPredictions = (
  labels: NumericInput,
  probabilities: NumericInput,
  options: BinningOptions
): Result.Result<
  { labels: Float64Array; probabilities: Float64Array; bins: number; strategy: BinStrategy; edgeSide: EdgeSide },
  InvalidInput
> =>
  Result.gen(function* () {
    const labelVector = yield* binaryVector(labels, "labels")
    const probabilityValues = yield* probabilityVector(probabilities, "probabilities")
    yield* sameLength(labelVector, probabilityValues, "labels", "probabilities")
    const bins = yield* positiveInteger(options.bins ?? 10, "bins")
    const strategy = options.strategy ?? "uniform"
    if (strategy !== "uniform" && strategy !== "quantile") {
      return yield* invalid("strategy", `must be "uniform" or "quantile", got ${String(strategy)}`)
    }
    const edgeSide = options.edgeSide ?? "left"
    if (edgeSide !== "left" && edgeSide !== "right") {
      return yield* invalid("edgeSide", `must be "left" or "right", got ${String(edgeSide)}`)
    }
    return { labels: labelVector, probabilities: probabilityValues, bins, strategy, edgeSide }
  })

/**
 * Reliability curve of `probabilities` against 0/1 `labels`.
 *
 * @example reliabilityCurve(y, p, { bins: 10, strategy: "quantile" }).bins.map((b) => b.fractionPositive)
 */
export const reliabilityCurve = (
  labels: NumericInput,
  probabilities: NumericInput,
  options: BinningOptions = {}
): Result.Result<ReliabilityCurve, InvalidInput> =>
  Result.map(validateBinaryPredictions(labels, probabilities, options), (input) => {
    const totals = binTotals(input.labels, input.probabilities, input.bins, input.strategy, input.edgeSide)
    const bins: Array<ReliabilityBin> = []
    for (let bin = 0; bin < input.bins; bin++) {
      const count = totals.counts[bin] as number
      if (count === 0) continue
      bins.push({
        bin,
        count,
        meanPredicted: (totals.sumPredicted[bin] as number) / count,
        fractionPositive: (totals.sumPositive[bin] as number) / count,
        lowerEdge: totals.edges[bin] as number,
        upperEdge: totals.edges[bin + 1] as number
      })
    }
    return { bins, edges: totals.edges, total: input.labels.length }
  })
