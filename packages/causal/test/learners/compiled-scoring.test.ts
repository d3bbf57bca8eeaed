// Compiled boosted-tree scoring returns exactly the reference's doubles (Object.is on every row), on fitted and
// random models, with NaN, infinite and threshold-equal values, pruned splits, single-leaf trees and offsets.

import { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { canScoreCompiled, compileTrees, type ScoredTrees } from "../../src/learners/boosting/compiled-scoring.ts"
import {
  type BoostedTrees,
  boostedRawScores,
  fitBoostedTrees,
  referenceRawScores
} from "../../src/learners/boosting/gradient-boosting.ts"
import type { Tree } from "../../src/learners/boosting/tree.ts"
import type { Matrix } from "../../src/matrix.ts"

/** Index of the first row whose fast score is not the reference's double, or -1. */
const firstDifference = (model: BoostedTrees, x: Matrix): number => {
  const expected = referenceRawScores(model, x)
  const actual = boostedRawScores(model, x)
  if (actual.length !== expected.length) return 0
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) return i
  return -1
}

/** Rows whose values are drawn from the thresholds themselves, NaN, ±∞, ±0 and ordinary numbers. */
const trickyMatrix = (rng: SeededRandom, rows: number, cols: number, bounds: ReadonlyArray<Float64Array>): Matrix => {
  const values = new Float64Array(rows * cols)
  for (let i = 0; i < values.length; i++) {
    const column = bounds[i % cols]
    const pick = rng.next()
    if (pick < 0.35 && column !== undefined && column.length > 0)
      values[i] = column[Math.floor(rng.next() * column.length)] ?? 0
    else if (pick < 0.45) values[i] = Number.NaN
    else if (pick < 0.5) values[i] = rng.next() < 0.5 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY
    else if (pick < 0.55) values[i] = rng.next() < 0.5 ? -0 : 0
    else values[i] = rng.normal() * 3
  }
  return { rows, cols, values }
}

/** Non-decreasing bounds with repeats, sometimes with infinite entries or a finite last bound. */
const randomBounds = (rng: SeededRandom): Float64Array => {
  const length = 1 + Math.floor(rng.next() * 12)
  const bounds: Array<number> = []
  let at = rng.normal() * 3
  for (let b = 0; b < length - 1; b++) {
    if (b === 0 && rng.next() < 0.1) bounds.push(Number.NEGATIVE_INFINITY)
    else {
      if (rng.next() > 0.2) at += rng.next() * 2
      bounds.push(at)
    }
  }
  bounds.push(rng.next() < 0.85 ? Number.POSITIVE_INFINITY : at + 1)
  return Float64Array.from(bounds)
}

/**
 * A random tree of `leaves` leaves in the fitted layout (splits numbered in creation order, leaf j as ~j),
 * with split bins from −1 to past the last bin so that some splits send every row one way.
 */
const randomTree = (rng: SeededRandom, leaves: number, cols: number, bounds: ReadonlyArray<Float64Array>): Tree => {
  const feature: Array<number> = []
  const bin: Array<number> = []
  const left: Array<number> = []
  const right: Array<number> = []
  const leafValue: Array<number> = []
  const build = (count: number): number => {
    if (count === 1) {
      leafValue.push(rng.next() < 0.05 ? -0 : rng.normal() * 10 ** Math.floor(rng.next() * 6 - 3))
      return ~(leafValue.length - 1)
    }
    const node = feature.length
    const column = Math.floor(rng.next() * cols)
    const binCount = bounds[column]?.length ?? 1
    feature.push(column)
    bin.push(Math.floor(rng.next() * (binCount + 1)) - (rng.next() < 0.05 ? 1 : 0))
    left.push(0)
    right.push(0)
    const leftCount = 1 + Math.floor(rng.next() * (count - 1))
    left[node] = build(leftCount)
    right[node] = build(count - leftCount)
    return node
  }
  const root = build(leaves)
  const packed = new Int32Array(4 * feature.length)
  for (let k = 0; k < feature.length; k++)
    packed.set([feature[k] ?? 0, bin[k] ?? 0, left[k] ?? 0, right[k] ?? 0], 4 * k)
  return {
    root,
    packed,
    feature: Int32Array.from(feature),
    bin: Int32Array.from(bin),
    threshold: Float64Array.from(feature, (column, k) => bounds[column]?.[bin[k] ?? 0] ?? 0),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    leafValue: Float64Array.from(leafValue)
  }
}

/** A single-leaf tree of value 0 (the shape a round with no useful split leaves). */
const leafTree = (): Tree => ({
  root: ~0,
  packed: new Int32Array(0),
  feature: new Int32Array(0),
  bin: new Int32Array(0),
  threshold: new Float64Array(0),
  left: new Int32Array(0),
  right: new Int32Array(0),
  leafValue: Float64Array.of(0)
})

const randomModel = (rng: SeededRandom, cols: number): BoostedTrees => {
  // Some columns have no bounds at all (the reference then codes every value 0).
  const boundedCols = rng.next() < 0.3 ? Math.max(1, cols - 2) : cols
  const upperBounds = Array.from({ length: boundedCols }, () => randomBounds(rng))
  const treeCount = Math.floor(rng.next() * 30)
  const trees = Array.from({ length: treeCount }, () =>
    randomTree(rng, rng.next() < 0.15 ? 1 : 2 + Math.floor(rng.next() * 20), cols, upperBounds)
  )
  return {
    task: "regression",
    initScore: rng.next() < 0.2 ? 0 : rng.normal(),
    trees,
    upperBounds,
    bestIteration: treeCount,
    validationLoss: []
  }
}

const fittingData = (rows: number, cols: number, seed: number) => {
  const rng = new SeededRandom(seed)
  const values = new Float64Array(rows * cols)
  const y = new Float64Array(rows)
  const label = new Float64Array(rows)
  const offset = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols; c++)
      values[i * cols + c] =
        c % 3 === 0 ? rng.normal() : c % 3 === 1 ? Math.floor(rng.next() * 6) : rng.next() < 0.3 ? 1 : 0
    const signal = (values[i * cols] ?? 0) - 0.5 * (values[i * cols + 1] ?? 0) + (values[i * cols + 2] ?? 0)
    y[i] = signal + 0.2 * rng.normal()
    label[i] = rng.next() < 1 / (1 + Math.exp(-signal)) ? 1 : 0
    offset[i] = 0.3 * rng.normal()
  }
  return { x: { rows, cols, values }, y, label, offset }
}

describe("compiled boosted-tree scoring", () => {
  it("equals the reference bit for bit on fitted models (classification, regression, offset, bagging)", async () => {
    const data = fittingData(2000, 9, 11)
    const fits = [
      { x: data.x, y: data.label, task: "classification" as const, seed: 1 },
      { x: data.x, y: data.y, task: "regression" as const, seed: 2 },
      { x: data.x, y: data.label, task: "classification" as const, seed: 3, offset: data.offset }
    ]
    const rng = new SeededRandom(5)
    for (const input of fits) {
      const model = await Effect.runPromise(
        fitBoostedTrees(input, { nEstimators: 60, numLeaves: 16, minChildSamples: 20, subsample: 0.8, maxBins: 31 })
      )
      const compiled = compileTrees(model)
      expect(compiled).toBeDefined()
      if (input.offset !== undefined) expect(model.initScore).toBe(0)
      for (const x of [fittingData(1000, 9, 12).x, trickyMatrix(rng, 523, 9, model.upperBounds)]) {
        expect(compiled !== undefined && canScoreCompiled(compiled, x)).toBe(true)
        expect(firstDifference(model, x)).toBe(-1)
      }
    }
  })

  it("equals the reference bit for bit on random models and matrices with NaN, ±∞ and threshold values", () => {
    const rng = new SeededRandom(2024)
    let compiledModels = 0
    for (let trial = 0; trial < 300; trial++) {
      const cols = 1 + Math.floor(rng.next() * 8)
      const model = randomModel(rng, cols)
      if (compileTrees(model) !== undefined) compiledModels += 1
      // Row counts around the 8-row groups and 64-row blocks of the compiled walk.
      const rows = [0, 1, 7, 8, 9, 63, 64, 65, 131][trial % 9] ?? 1
      const x = trickyMatrix(rng, rows, cols, model.upperBounds)
      expect(firstDifference(model, x), `trial ${trial}`).toBe(-1)
    }
    // Random bounds are always sorted and short, so every model takes the compiled path being tested.
    expect(compiledModels).toBe(300)
  })

  it("scores single-leaf trees and models with no trees as the initial score plus the leaves in order", () => {
    const leaf = (value: number): Tree => ({ ...leafTree(), leafValue: Float64Array.of(value) })
    const x: Matrix = { rows: 3, cols: 0, values: new Float64Array(0) }
    const base = { task: "regression" as const, upperBounds: [], bestIteration: 0, validationLoss: [] }
    const stumps: BoostedTrees = { ...base, initScore: 0.1, trees: [leaf(0.2), leaf(-0.3), leaf(1e-17)] }
    const expected = 0.1 + 0.2 + -0.3 + 1e-17
    expect(Array.from(boostedRawScores(stumps, x))).toEqual([expected, expected, expected])
    expect(firstDifference(stumps, x)).toBe(-1)
    // −0 leaves keep a −0 start at −0, as the reference's additions do.
    const negativeZero: BoostedTrees = { ...base, initScore: -0, trees: [leaf(-0)] }
    expect(Object.is(boostedRawScores(negativeZero, x)[0], -0)).toBe(true)
    expect(Array.from(boostedRawScores({ ...base, initScore: 2.5, trees: [] }, x))).toEqual([2.5, 2.5, 2.5])
  })

  it("sends a value equal to a threshold left and the next double up right", () => {
    const bounds = Float64Array.of(0.5, 1.5, Number.POSITIVE_INFINITY)
    const tree: Tree = {
      root: 0,
      packed: Int32Array.of(0, 1, ~0, ~1),
      feature: Int32Array.of(0),
      bin: Int32Array.of(1),
      threshold: Float64Array.of(1.5),
      left: Int32Array.of(~0),
      right: Int32Array.of(~1),
      leafValue: Float64Array.of(-1, 1)
    }
    const model: BoostedTrees = {
      task: "regression",
      initScore: 0,
      trees: [tree],
      upperBounds: [bounds],
      bestIteration: 1,
      validationLoss: []
    }
    const above = 1.5 + Number.EPSILON
    const x: Matrix = { rows: 4, cols: 1, values: Float64Array.of(1.5, above, Number.NaN, -0) }
    expect(Array.from(boostedRawScores(model, x))).toEqual([-1, 1, 1, -1])
    expect(firstDifference(model, x)).toBe(-1)
  })

  it("falls back to the reference for models or matrices it cannot compile, with the same result", () => {
    const rng = new SeededRandom(9)
    const model = randomModel(rng, 4)
    const withTrees: BoostedTrees = { ...model, trees: [randomTree(rng, 6, 4, model.upperBounds)] }
    const unsorted: BoostedTrees = {
      ...withTrees,
      upperBounds: withTrees.upperBounds.map(() => Float64Array.of(2, 1, Number.POSITIVE_INFINITY))
    }
    expect(compileTrees(unsorted)).toBeUndefined()
    expect(firstDifference(unsorted, trickyMatrix(rng, 20, 4, unsorted.upperBounds))).toBe(-1)
    // A matrix narrower than the columns the splits name: the reference reads the next row's codes there.
    const lastColumn: BoostedTrees = {
      ...withTrees,
      trees: [{ ...leafTree(), root: 0, packed: Int32Array.of(3, 0, ~0, ~1), leafValue: Float64Array.of(-1, 1) }],
      upperBounds: [0, 1, 2, 3].map(() => Float64Array.of(0, Number.POSITIVE_INFINITY))
    }
    const compiled = compileTrees(lastColumn)
    expect(compiled?.minCols).toBe(4)
    const narrow = trickyMatrix(rng, 20, 2, lastColumn.upperBounds)
    expect(compiled !== undefined && canScoreCompiled(compiled, narrow)).toBe(false)
    expect(firstDifference(lastColumn, narrow)).toBe(-1)
  })

  it("compiles a model once and reuses it for later calls", () => {
    const model: ScoredTrees = randomModel(new SeededRandom(3), 3)
    const first = compileTrees(model)
    expect(first).toBeDefined()
    expect(compileTrees(model)).toBe(first)
    expect(compileTrees({ ...model })).not.toBe(first)
  })
})
