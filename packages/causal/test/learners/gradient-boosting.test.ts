// Histogram gradient boosting: binning, regression and classification accuracy, determinism, tree limits, early stopping.

import { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { binFeatures, binOf, columnUpperBounds } from "../../src/learners/boosting/binning.ts"
import {
  boostedTreesLearner,
  fitBoostedTrees,
  predictBoostedTrees
} from "../../src/learners/boosting/gradient-boosting.ts"
import type { Matrix } from "../../src/matrix.ts"
import { fitUplift } from "../../src/meta/meta-learner.ts"
import { tLearner } from "../../src/meta/t-learner.ts"

const synthetic = (n: number, seed: number) => {
  const rng = new SeededRandom(seed)
  const values = new Float64Array(n * 3)
  const y = new Float64Array(n)
  const label = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const a = rng.next() * 4 - 2
    const b = rng.next() < 0.5 ? 0 : 1
    const c = rng.normal()
    values.set([a, b, c], i * 3)
    const signal = (a > 0.5 ? 2 : -1) + 1.5 * b + 0.1 * c
    y[i] = signal + 0.3 * rng.normal()
    label[i] = rng.next() < 1 / (1 + Math.exp(-signal)) ? 1 : 0
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

  it("regression recovers a step function and beats the mean by far", async () => {
    const train = synthetic(3000, 1)
    const test = synthetic(1000, 2)
    const model = await Effect.runPromise(
      fitBoostedTrees({ x: train.x, y: train.y, task: "regression", seed: 3 }, { nEstimators: 100, numLeaves: 8 })
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

  it("classification probabilities are calibrated on average and ranked correctly", async () => {
    const train = synthetic(4000, 5)
    const model = await Effect.runPromise(
      fitBoostedTrees(
        { x: train.x, y: train.label, task: "classification", seed: 1 },
        { nEstimators: 60, numLeaves: 8, learningRate: 0.1 }
      )
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

  it("respects minChildSamples, maxDepth and numLeaves", async () => {
    const train = synthetic(500, 11)
    const model = await Effect.runPromise(
      fitBoostedTrees(
        { x: train.x, y: train.y, task: "regression", seed: 0 },
        { nEstimators: 5, numLeaves: 31, maxDepth: 2, minChildSamples: 60 }
      )
    )
    for (const tree of model.trees) {
      expect(tree.leafValue.length).toBeLessThanOrEqual(4)
      expect(tree.feature.length).toBe(tree.leafValue.length - 1)
    }
  })

  it("starts from an offset (LightGBM's init_score): the trees learn only what the offset leaves", async () => {
    const rng = new SeededRandom(21)
    const n = 6000
    const values = new Float64Array(n)
    const offset = new Float64Array(n)
    const label = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      values[i] = rng.next() * 2 - 1
      const shift = 1.5 * rng.normal() // known per row, not a column of x
      offset[i] = shift
      const logit = shift + ((values[i] as number) > 0 ? 1 : -1)
      label[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0
    }
    const x: Matrix = { rows: n, cols: 1, values }
    const options = { nEstimators: 150, learningRate: 0.1, numLeaves: 4 }
    const withOffset = await Effect.runPromise(
      fitBoostedTrees({ x, y: label, task: "classification", seed: 0, offset }, options)
    )
    const without = await Effect.runPromise(fitBoostedTrees({ x, y: label, task: "classification", seed: 0 }, options))
    const probe: Matrix = { rows: 2, cols: 1, values: Float64Array.of(0.5, -0.5) }
    const logit = (p: number) => Math.log(p / (1 - p))
    const [high, low] = Array.from(predictBoostedTrees(withOffset, probe), logit)
    expect(high).toBeGreaterThan(0.8)
    expect(high).toBeLessThan(1.2)
    expect(low).toBeLessThan(-0.8)
    expect(low).toBeGreaterThan(-1.2)
    // Without the offset its spread is noise the trees cannot see: the effect comes out attenuated.
    const [highWithout, lowWithout] = Array.from(predictBoostedTrees(without, probe), logit)
    expect((highWithout as number) - (lowWithout as number)).toBeLessThan((high as number) - (low as number) - 0.3)
    const refused = await Effect.runPromise(
      Effect.flip(
        fitBoostedTrees({ x, y: label, task: "classification", seed: 0, offset: offset.subarray(1) }, options)
      )
    )
    expect(refused.field).toBe("offset")
  })

  it("early stopping keeps the best validation round", async () => {
    const train = synthetic(2000, 13)
    const model = await Effect.runPromise(
      fitBoostedTrees(
        { x: train.x, y: train.y, task: "regression", seed: 0 },
        { nEstimators: 2000, learningRate: 0.3, numLeaves: 31, minChildSamples: 5, earlyStoppingRounds: 10 }
      )
    )
    expect(model.bestIteration).toBeLessThan(2000)
    expect(model.trees.length).toBe(model.bestIteration)
    const losses = model.validationLoss
    const best = Math.min(...losses)
    expect(losses[model.bestIteration - 1]).toBe(best)
  })

  it("fits 140 continuous features (histogram past 65,536 cells, where 16-bit cell indices wrapped)", async () => {
    const rng = new SeededRandom(21)
    const n = 2000
    const p = 140
    const values = new Float64Array(n * p)
    const y = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) values[i * p + j] = rng.normal()
      // The signal sits in the first and the last feature, whose histogram cells lie past 65,536.
      y[i] = (values[i * p] ?? 0) + 2 * ((values[i * p + p - 1] ?? 0) > 0 ? 1 : 0) + 0.1 * rng.normal()
    }
    const x: Matrix = { rows: n, cols: p, values }
    expect(binFeatures(x, 255).histogramSize).toBeGreaterThan(65536)
    const model = await Effect.runPromise(
      fitBoostedTrees({ x, y, task: "regression", seed: 1 }, { nEstimators: 60, numLeaves: 8 })
    )
    const pred = predictBoostedTrees(model, x)
    const mean = y.reduce((s, v) => s + v, 0) / n
    let mse = 0
    let variance = 0
    y.forEach((v, i) => {
      mse += (v - (pred[i] ?? 0)) ** 2 / n
      variance += (v - mean) ** 2 / n
    })
    // 16-bit cells gave a training MSE of ~1e170 here; a sensible fit explains most of the variance (≈ 2).
    expect(mse).toBeLessThan(0.15 * variance)
    expect(model.trees.some((tree) => tree.feature.includes(p - 1))).toBe(true)
  })

  it("validates its input and options with typed errors", () => {
    const train = synthetic(50, 1)
    const input = { x: train.x, y: train.y, task: "regression" as const, seed: 0 }
    const fail = (result: ReturnType<typeof fitBoostedTrees>) => Effect.runSync(Effect.flip(result))
    expect(fail(fitBoostedTrees({ ...input, y: train.y.subarray(0, 49) })).field).toBe("y")
    const withNan = Float64Array.from(train.y)
    withNan[7] = Number.NaN
    const nan = fail(fitBoostedTrees({ ...input, y: withNan }))
    expect([nan.field, nan.row]).toEqual(["y", 7])
    expect(fail(fitBoostedTrees({ ...input, task: "classification" })).field).toBe("y")
    expect(fail(fitBoostedTrees({ ...input, x: { rows: 50, cols: 3, values: new Float64Array(10) } })).field).toBe("x")
    const weights = new Float64Array(50).fill(1)
    weights[3] = -1
    expect(fail(fitBoostedTrees({ ...input, weights })).row).toBe(3)
    const badOptions: Array<[Record<string, number>, string]> = [
      [{ nEstimators: 0 }, "options.nEstimators"],
      [{ learningRate: 0 }, "options.learningRate"],
      [{ numLeaves: 1 }, "options.numLeaves"],
      [{ maxDepth: 1.5 }, "options.maxDepth"],
      [{ minChildSamples: 0 }, "options.minChildSamples"],
      [{ l2: -1 }, "options.l2"],
      [{ subsample: 0 }, "options.subsample"],
      [{ colsample: 1.5 }, "options.colsample"],
      [{ maxBins: 300 }, "options.maxBins"],
      [{ earlyStoppingRounds: 0 }, "options.earlyStoppingRounds"],
      [{ validationFraction: 1 }, "options.validationFraction"]
    ]
    for (const [options, field] of badOptions) expect(fail(fitBoostedTrees(input, options)).field).toBe(field)
    // A meta-learner checks its base learners' options before fitting.
    const uplift = fitUplift(tLearner({ learner: boostedTreesLearner({ numLeaves: 0 }) }), {
      x: train.x,
      treatment: Float64Array.from({ length: 50 }, (_, i) => i % 2),
      outcome: train.y
    })
    expect(Effect.runSync(Effect.flip(uplift)).field).toBe("learner.outcome.options.numLeaves")
  })
})
