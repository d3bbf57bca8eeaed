// Hillstrom (Womens E-Mail vs No E-Mail, outcome visit) on the reference's exact split: the Show items of
// issue 5 against ../shared/reference/causal.md §D.
import { Effect } from "effect"
import { beforeAll, expect, it } from "vitest"
import { boostedTreesLearner } from "../../src/learners/boosting/gradient-boosting.ts"
import { logisticLearner } from "../../src/learners/linear-learners.ts"
import { estimateAte } from "../../src/meta/ate.ts"
import { fitUplift } from "../../src/meta/meta-learner.ts"
import { tLearner } from "../../src/meta/t-learner.ts"
import { xLearner } from "../../src/meta/x-learner.ts"
import { qiniAucScoreKernel } from "../../src/metrics/sklift-curves.ts"
import { loadHillstrom, sharedDataFiles, type UpliftSplit } from "../support/shared-data.ts"
import { describeWithSharedData } from "../support/shared-data-suite.ts"

// ref_causal.py's LightGBM settings: 200 trees, lr 0.05, 31 leaves, min_child_samples 100, 0.8/0.8 subsampling.
const lightgbmLike = boostedTreesLearner({
  nEstimators: 200,
  learningRate: 0.05,
  numLeaves: 31,
  minChildSamples: 100,
  subsample: 0.8,
  colsample: 0.8
})

const holdoutDiffInMeans = (d: UpliftSplit): number => {
  let yT = 0
  let nT = 0
  let yC = 0
  let nC = 0
  d.tHoldout.forEach((t, i) => {
    if (t === 1) {
      yT += d.yHoldout[i] ?? 0
      nT += 1
    } else {
      yC += d.yHoldout[i] ?? 0
      nC += 1
    }
  })
  return yT / nT - yC / nC
}

describeWithSharedData("Hillstrom uplift against the Python reference", sharedDataFiles.hillstrom, () => {
  let data: UpliftSplit
  beforeAll(() => {
    data = loadHillstrom()
  })

  it("uses the reference split (29,885 train / 12,808 holdout, holdout ATE 0.04511)", () => {
    expect(data.xTrain.rows).toBe(29885)
    expect(data.xHoldout.rows).toBe(12808)
    expect(holdoutDiffInMeans(data)).toBeCloseTo(0.04511, 5)
  })

  it("T-learner with logistic base learners: Qini AUC within ±0.03 of 0.0875, ATE within 0.005 of the holdout", () => {
    const model = Effect.runSync(
      fitUplift(tLearner({ learner: logisticLearner() }), {
        x: data.xTrain,
        treatment: data.tTrain,
        outcome: data.yTrain
      })
    )
    const [uplift = new Float64Array(0)] = Effect.runSync(model.predictCate(data.xHoldout))
    const qini = qiniAucScoreKernel(data.yHoldout, uplift, data.tHoldout)
    console.log(`Hillstrom T-learner logistic: Qini AUC ${qini.toFixed(5)} (reference 0.08746)`)
    expect(Math.abs(qini - 0.0875)).toBeLessThan(0.03)
    const ate = uplift.reduce((sum, v) => sum + v, 0) / uplift.length
    expect(Math.abs(ate - holdoutDiffInMeans(data))).toBeLessThan(0.005)
  })

  it("T-learner analytic ATE interval on the training rows covers the holdout difference in means", () => {
    const [estimate] = Effect.runSync(
      estimateAte(tLearner({ learner: logisticLearner() }), {
        x: data.xTrain,
        treatment: data.tTrain,
        outcome: data.yTrain
      })
    )
    expect(estimate?.method).toBe("analytic")
    const diff = holdoutDiffInMeans(data)
    expect(Math.abs((estimate?.ate ?? 0) - diff)).toBeLessThan(0.005)
    expect(estimate?.lower ?? 1).toBeLessThan(diff)
    expect(estimate?.upper ?? 0).toBeGreaterThan(diff)
    // Width ≈ 2·1.96·sqrt((0.106·0.894/0.5 + 0.151·0.849/0.5)/29,885) ≈ 0.0152 with visit rates 0.106 / 0.151.
    expect((estimate?.upper ?? 0) - (estimate?.lower ?? 0)).toBeGreaterThan(0.013)
    expect((estimate?.upper ?? 1) - (estimate?.lower ?? 0)).toBeLessThan(0.017)
  })

  it("X-learner with boosted trees (LightGBM's reference settings, constant propensity): Qini AUC ≥ 0.02", () => {
    const learner = xLearner({
      outcomeLearner: lightgbmLike,
      effectLearner: lightgbmLike,
      propensity: { kind: "constant" }
    })
    const model = Effect.runSync(
      fitUplift(learner, { x: data.xTrain, treatment: data.tTrain, outcome: data.yTrain }, { seed: 42 })
    )
    const [uplift = new Float64Array(0)] = Effect.runSync(model.predictCate(data.xHoldout))
    const qini = qiniAucScoreKernel(data.yHoldout, uplift, data.tHoldout)
    console.log(`Hillstrom X-learner boosted trees: Qini AUC ${qini.toFixed(5)} (reference LightGBM 0.03415)`)
    expect(qini).toBeGreaterThanOrEqual(0.02)
    const ate = uplift.reduce((sum, v) => sum + v, 0) / uplift.length
    expect(Math.abs(ate - holdoutDiffInMeans(data))).toBeLessThan(0.005)
  })
})
