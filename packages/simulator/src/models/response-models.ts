// The causal backbone of a fit: P(conversion within the window | customer, message or none), the revenue of
// a conversion, and the unsubscribe hazard per message. Conversion is one gradient-boosted model over
// messages and holdout rows together (an S-learner: uplift = its prediction with the message minus without),
// so the baseline learnt from every row is shared and the creative's effect comes from its text features.
import {
  type BoostedTrees,
  type CausalInputError,
  fitBoostedTrees,
  fitDiscreteTimeHazard,
  type GradientBoostingOptions,
  predictBoostedTrees
} from "@preflight/causal"
import { Effect } from "effect"
import type { DesignLayout } from "../features/design-matrix.ts"
import type { TrainingSet } from "./training-set.ts"

/** Conversion model settings: small leaves and many rows per leaf keep creative effects pooled across campaigns. */
export const DEFAULT_CONVERSION_TREES: GradientBoostingOptions = {
  nEstimators: 250,
  learningRate: 0.06,
  numLeaves: 24,
  minChildSamples: 200,
  l2: 10,
  subsample: 0.8,
  colsample: 0.8,
  maxBins: 63
}

export const DEFAULT_REVENUE_TREES: GradientBoostingOptions = {
  nEstimators: 120,
  learningRate: 0.08,
  numLeaves: 15,
  minChildSamples: 40,
  l2: 5,
  subsample: 0.8,
  maxBins: 63
}

/** Unsubscribe hazard per message: logit link, one baseline per k-th message in 30 days (capped). */
export interface UnsubscribeHazard {
  /** Design columns used as covariates, standardized with `center` / `scale`. */
  readonly columns: ReadonlyArray<number>
  readonly center: ReadonlyArray<number>
  readonly scale: ReadonlyArray<number>
  readonly coefficients: ReadonlyArray<number>
  /** Baseline logit per period (the k-th message within 30 days, k = 1 … length), case-control corrected. */
  readonly baseline: ReadonlyArray<number>
  /** Design column counting messages in the 30 days before the send. */
  readonly periodColumn: number
  readonly converged: boolean
  readonly events: number
}

export interface ResponseModels {
  readonly conversion: BoostedTrees
  readonly revenue: BoostedTrees | undefined
  /** Mean revenue per conversion, used when there were too few purchases with a value to fit `revenue`. */
  readonly revenueMean: number
  readonly unsubscribe: UnsubscribeHazard | undefined
}

const MAX_PERIOD = 6

/** Columns that drive unsubscribes: the channel, the creative, the segment and the recent touches. */
const hazardColumns = (layout: DesignLayout): ReadonlyArray<number> =>
  layout.names.flatMap((name, column) =>
    name.startsWith("channel=") ||
    name.startsWith("creative:") ||
    name.startsWith("segment=") ||
    name === "messages_7d" ||
    name === "channel_messages_30d" ||
    name === "messages_365d" ||
    name === "days_since_message"
      ? [column]
      : []
  )

const subsetMatrix = (training: TrainingSet, rows: ReadonlyArray<number>) => {
  const values = new Float64Array(rows.length * training.cols)
  rows.forEach((row, index) => {
    values.set(training.x.subarray(row * training.cols, (row + 1) * training.cols), index * training.cols)
  })
  return { rows: rows.length, cols: training.cols, values }
}

const fitUnsubscribeHazard = (
  training: TrainingSet,
  layout: DesignLayout
): Effect.Effect<UnsubscribeHazard | undefined, CausalInputError> =>
  Effect.gen(function* () {
    let events = 0
    for (let row = 0; row < training.rows; row++) events += training.unsubscribed[row] as number
    // A hazard needs events to learn from; without them the simulator reports no unsubscribe risk model.
    if (events < 5) return undefined
    const columns = hazardColumns(layout)
    const periodColumn = layout.names.indexOf("messages_30d")
    const k = columns.length
    const center = new Array<number>(k).fill(0)
    const scale = new Array<number>(k).fill(1)
    for (let j = 0; j < k; j++) {
      const column = columns[j] as number
      let sum = 0
      let squares = 0
      for (let row = 0; row < training.rows; row++) {
        const value = training.x[row * training.cols + column] as number
        sum += value
        squares += value * value
      }
      const mean = sum / training.rows
      center[j] = mean
      scale[j] = Math.sqrt(Math.max(1e-12, squares / training.rows - mean * mean))
    }
    const x = new Float64Array(training.rows * k)
    const period = new Int32Array(training.rows)
    for (let row = 0; row < training.rows; row++) {
      for (let j = 0; j < k; j++) {
        x[row * k + j] =
          ((training.x[row * training.cols + (columns[j] as number)] as number) - (center[j] as number)) /
          (scale[j] as number)
      }
      period[row] = Math.min(MAX_PERIOD, 1 + Math.round(training.x[row * training.cols + periodColumn] as number))
    }
    const model = yield* fitDiscreteTimeHazard(
      {
        x: { rows: training.rows, cols: k, values: x },
        period,
        y: training.unsubscribed,
        subject: Int32Array.from(period, (_, i) => i)
      },
      { link: "logit", l2: 1 }
    )
    // Case-control sampling (all events kept, other rows with probability q) shifts every logit by −log q
    // (Prentice & Pyke 1979); undo it so hazards are on the population scale.
    const shift = Math.log(training.negativeShare)
    const baseline = Array.from(model.baseline, (value) => value + shift)
    while (baseline.length < MAX_PERIOD) baseline.push(baseline[baseline.length - 1] ?? shift)
    return {
      columns,
      center,
      scale,
      coefficients: Array.from(model.coefficients),
      baseline,
      periodColumn,
      converged: model.converged,
      events
    }
  })

/** Unsubscribe probability of each row of `x` (row-major, `cols` wide) if it were sent. */
export const predictUnsubscribe = (hazard: UnsubscribeHazard, x: Float64Array, cols: number): Float64Array => {
  const rows = x.length / cols
  const out = new Float64Array(rows)
  for (let row = 0; row < rows; row++) {
    const period = Math.min(MAX_PERIOD, 1 + Math.round(x[row * cols + hazard.periodColumn] as number))
    let eta = hazard.baseline[period - 1] as number
    for (let j = 0; j < hazard.columns.length; j++) {
      const value = x[row * cols + (hazard.columns[j] as number)] as number
      eta += (hazard.coefficients[j] as number) * ((value - (hazard.center[j] as number)) / (hazard.scale[j] as number))
    }
    out[row] = 1 / (1 + Math.exp(-eta))
  }
  return out
}

export interface ResponseFitOptions {
  readonly seed: number
  readonly conversionTrees?: GradientBoostingOptions
  readonly revenueTrees?: GradientBoostingOptions
}

/**
 * Fits the three models: conversion on `conversionSet` (messages and holdout rows), revenue per conversion on
 * its converting rows, and the unsubscribe hazard on `unsubscribeSet` (messages only).
 */
export const fitResponseModels = (
  conversionSet: TrainingSet,
  unsubscribeSet: TrainingSet,
  layout: DesignLayout,
  options: ResponseFitOptions
): Effect.Effect<ResponseModels, CausalInputError> =>
  Effect.gen(function* () {
    const conversion = yield* fitBoostedTrees(
      {
        x: { rows: conversionSet.rows, cols: conversionSet.cols, values: conversionSet.x },
        y: conversionSet.converted,
        task: "classification",
        weights: conversionSet.weights,
        seed: options.seed
      },
      options.conversionTrees ?? DEFAULT_CONVERSION_TREES
    )
    const purchaseRows: Array<number> = []
    let revenueSum = 0
    for (let row = 0; row < conversionSet.rows; row++) {
      if (conversionSet.converted[row] === 1 && (conversionSet.revenue[row] as number) > 0) {
        purchaseRows.push(row)
        revenueSum += conversionSet.revenue[row] as number
      }
    }
    const revenueMean = purchaseRows.length === 0 ? 0 : revenueSum / purchaseRows.length
    const revenue =
      purchaseRows.length < 200
        ? undefined
        : yield* fitBoostedTrees(
            {
              x: subsetMatrix(conversionSet, purchaseRows),
              y: Float64Array.from(purchaseRows, (row) => conversionSet.revenue[row] as number),
              task: "regression",
              seed: options.seed + 1
            },
            options.revenueTrees ?? DEFAULT_REVENUE_TREES
          )
    const unsubscribe = yield* fitUnsubscribeHazard(unsubscribeSet, layout)
    return { conversion, revenue, revenueMean, unsubscribe }
  })

export interface RowPredictions {
  readonly conversion: Float64Array
  /** Expected revenue of a conversion. */
  readonly revenuePerConversion: Float64Array
  /** Unsubscribe probability if sent (0 for rows describing no message). */
  readonly unsubscribe: Float64Array
}

/** Predictions for design rows (`treatedColumn` tells messages from no-message rows). */
export const predictRows = (models: ResponseModels, layout: DesignLayout, x: Float64Array): RowPredictions => {
  const rows = x.length / layout.cols
  const matrix = { rows, cols: layout.cols, values: x }
  const conversion = predictBoostedTrees(models.conversion, matrix)
  const revenuePerConversion =
    models.revenue === undefined
      ? new Float64Array(rows).fill(models.revenueMean)
      : predictBoostedTrees(models.revenue, matrix).map((value) => Math.max(0, value))
  const unsubscribe =
    models.unsubscribe === undefined ? new Float64Array(rows) : predictUnsubscribe(models.unsubscribe, x, layout.cols)
  for (let row = 0; row < rows; row++) if (x[row * layout.cols + layout.treatedColumn] === 0) unsubscribe[row] = 0
  return { conversion, revenuePerConversion, unsubscribe }
}
