// IHDP (CEVAE NPCI CSVs): T-learner √PEHE against ../shared/reference/causal.md §D.
import { Effect } from "effect"
import { expect, it } from "vitest"
import { boostedTreesLearner } from "../../src/learners/boosting/gradient-boosting.ts"
import type { Learner } from "../../src/learners/learner.ts"
import { linearRegressionLearner } from "../../src/learners/linear-learners.ts"
import { fitUplift } from "../../src/meta/meta-learner.ts"
import { tLearner } from "../../src/meta/t-learner.ts"
import { loadIhdp, sharedDataFiles } from "../support/shared-data.ts"
import { describeWithSharedData } from "../support/shared-data-suite.ts"

// ref_causal.py's T-LGBM: 300 trees, lr 0.03, 15 leaves, min_child_samples 10.
const boosted = boostedTreesLearner({ nEstimators: 300, learningRate: 0.03, numLeaves: 15, minChildSamples: 10 })

/** In-sample √PEHE of a T-learner fitted on all 747 factual rows of replication `rep`. */
const pehe = (rep: number, learner: Learner): number => {
  const r = loadIhdp(rep)
  const model = Effect.runSync(
    fitUplift(
      tLearner({ learner }),
      { x: r.x, treatment: r.treatment, outcome: r.yFactual },
      { seed: 42, outcomeKind: "continuous" }
    )
  )
  const [cate = new Float64Array(0)] = Effect.runSync(model.predictCate(r.x))
  let sum = 0
  for (let i = 0; i < cate.length; i++) {
    const error = (cate[i] ?? 0) - ((r.mu1[i] ?? 0) - (r.mu0[i] ?? 0))
    sum += error * error
  }
  return Math.sqrt(sum / cate.length)
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

describeWithSharedData("IHDP T-learner √PEHE against the Python reference", sharedDataFiles.ihdp, () => {
  it("replication 1: linear T-learner within 0.05 of 0.583, boosted-tree T-learner ≤ 1.0", () => {
    const linear = pehe(1, linearRegressionLearner())
    const trees = pehe(1, boosted)
    console.log(
      `IHDP rep 1 √PEHE in-sample: T-OLS ${linear.toFixed(4)} (ref 0.5834), T-boosted ${trees.toFixed(4)} (ref LGBM 0.8555)`
    )
    expect(Math.abs(linear - 0.583)).toBeLessThan(0.05)
    expect(trees).toBeLessThanOrEqual(1.0)
  })

  it("median over the 10 replications is reported and in line with the reference medians (0.730 / 0.868)", () => {
    const linear: Array<number> = []
    const trees: Array<number> = []
    for (let rep = 1; rep <= 10; rep++) {
      linear.push(pehe(rep, linearRegressionLearner()))
      trees.push(pehe(rep, boosted))
    }
    console.log(
      `IHDP reps 1-10 √PEHE in-sample medians: T-OLS ${median(linear).toFixed(4)}, T-boosted ${median(trees).toFixed(4)}; ` +
        `per rep OLS [${linear.map((v) => v.toFixed(3)).join(", ")}] boosted [${trees.map((v) => v.toFixed(3)).join(", ")}]`
    )
    expect(Math.abs(median(linear) - 0.73)).toBeLessThan(0.05)
    expect(median(trees)).toBeLessThan(1.0)
  })
})
