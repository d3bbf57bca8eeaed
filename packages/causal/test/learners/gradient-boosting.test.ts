// Histogram gradient boosting: binning, regression and classification accuracy, determinism, tree limits, early stopping.
import { describe, expect, it } from "vitest"
import { createRng } from "../../src/internal/random.ts"
import { binFeatures, binOf, columnUpperBounds } from "../../src/learners/boosting/binning.ts"
import {
  boostedTreesLearner,
  fitBoostedTrees,
  predictBoostedTrees
} from "../../src/learners/boosting/gradient-boosting.ts"
import type { Matrix } from "../../src/matrix.ts"

const synthetic = (n: number, seed: number) => {
  const rng = createRng(seed)
  const values = new Float64Array(n * 3)
  const y = new Float64Array(n)
  const label = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const a = rng.uniform() * 4 - 2
    const b = rng.uniform() < 0.5 ? 0 : 1
    const c = rng.normal()
    values.set([a, b, c], i * 3)
    const signal = (a > 0.5 ? 2 : -1) + 1.5 * b + 0.1 * c
    y[i] = signal + 0.3 * rng.normal()
    label[i] = rng.uniform() < 1 / (1 + Math.exp(-signal)) ? 1 : 0
  }
  return { x: { rows: n, cols: 3, values } as Matrix, y, label }
}

describe("histogram gradient boosting", () => {
  it("bins distinct values one per bin, and many values into at most maxBins equal-frequency bins", () => {
    const small = columnUpperBounds(Float64Array.of(3, 1, 2, 2, 1), 255)
    expect(Array.from(small)).toEqual([1.5, 2.5, Number.POSITIVE_INFINITY])
    expect(binOf(small, 1)).toBe(0)
    expect(binOf(small, 2.5)).toBe(1)
    expect(binOf(small, 99)).toBe(2)
    const many = columnUpperBounds(
      Float64Array.from({ length: 10000 }, (_, i) => i),
      16
    )
    expect(many.length).toBeLessThanOrEqual(16)
    const binned = binFeatures({ rows: 10000, cols: 1, values: Float64Array.from({ length: 10000 }, (_, i) => i) }, 16)
    const counts = new Array<number>(binned.binCounts[0] ?? 0).fill(0)
    for (const code of binned.codes) counts[code] = (counts[code] ?? 0) + 1
    for (const count of counts) expect(Math.abs(count - 10000 / counts.length)).toBeLessThan(10000 / counts.length / 2)
  })

  it("regression recovers a step function and beats the mean by far", () => {
    const train = synthetic(3000, 1)
    const test = synthetic(1000, 2)
    const model = fitBoostedTrees(
      { x: train.x, y: train.y, task: "regression", seed: 3 },
      { nEstimators: 100, numLeaves: 8 }
    )
    const pred = predictBoostedTrees(model, test.x)
    let mse = 0
    let variance = 0
    const mean = test.y.reduce((s, v) => s + v, 0) / test.y.length
    test.y.forEach((v, i) => {
      mse += (v - (pred[i] ?? 0)) ** 2 / test.y.length
      variance += (v - mean) ** 2 / test.y.length
    })
    expect(mse).toBeLessThan(0.15)
    expect(mse / variance).toBeLessThan(0.1)
  })

  it("classification probabilities are calibrated on average and ranked correctly", () => {
    const train = synthetic(4000, 5)
    const model = fitBoostedTrees(
      { x: train.x, y: train.label, task: "classification", seed: 1 },
      { nEstimators: 60, numLeaves: 8, learningRate: 0.1 }
    )
    const p = predictBoostedTrees(model, train.x)
    const meanP = p.reduce((s, v) => s + v, 0) / p.length
    const rate = train.label.reduce((s, v) => s + v, 0) / train.label.length
    expect(Math.abs(meanP - rate)).toBeLessThan(0.01)
    const probe = predictBoostedTrees(model, { rows: 2, cols: 3, values: Float64Array.of(1.5, 1, 0, -1.5, 0, 0) })
    expect(probe[0] ?? 0).toBeGreaterThan(0.85)
    expect(probe[1] ?? 1).toBeLessThan(0.35)
  })

  it("is deterministic for a seed, and subsampling makes seeds matter", () => {
    const train = synthetic(2000, 9)
    const options = { nEstimators: 30, subsample: 0.7, colsample: 0.67 }
    const fit = (seed: number) =>
      boostedTreesLearner(options).fit({ x: train.x, y: train.y, task: "regression", seed }).predict(train.x)
    expect(Array.from(fit(4))).toEqual(Array.from(fit(4)))
    expect(Array.from(fit(4))).not.toEqual(Array.from(fit(5)))
  })

  it("respects minChildSamples, maxDepth and numLeaves", () => {
    const train = synthetic(500, 11)
    const model = fitBoostedTrees(
      { x: train.x, y: train.y, task: "regression", seed: 0 },
      { nEstimators: 5, numLeaves: 31, maxDepth: 2, minChildSamples: 60 }
    )
    for (const tree of model.trees) {
      expect(tree.leafValue.length).toBeLessThanOrEqual(4)
      expect(tree.feature.length).toBe(tree.leafValue.length - 1)
    }
  })

  it("early stopping keeps the best validation round", () => {
    const train = synthetic(2000, 13)
    const model = fitBoostedTrees(
      { x: train.x, y: train.y, task: "regression", seed: 0 },
      { nEstimators: 2000, learningRate: 0.3, numLeaves: 31, minChildSamples: 5, earlyStoppingRounds: 10 }
    )
    expect(model.bestIteration).toBeLessThan(2000)
    expect(model.trees.length).toBe(model.bestIteration)
    const losses = model.validationLoss
    const best = Math.min(...losses)
    expect(losses[model.bestIteration - 1]).toBe(best)
  })
})
