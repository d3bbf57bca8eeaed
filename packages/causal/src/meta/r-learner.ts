// R-learner (Nie & Wager 2021; causalml BaseRLearner): cross-fitted m̂(x) = E[y | x] and ê(x), then the
// effect learner fits (y − m̂)/(w − ê) with weights (w − ê)², i.e. minimises the R-loss.
import { complement, kFolds } from "../internal/folds.ts"
import type { Learner } from "../learners/learner.ts"
import { selectRows, selectValues } from "../matrix.ts"
import { fitPropensityKernel, type PropensitySpec } from "../propensity.ts"
import { type MetaLearner, taskOf } from "./meta-learner.ts"

export interface RLearnerOptions {
  readonly outcomeLearner: Learner
  readonly effectLearner: Learner
  readonly propensity?: PropensitySpec
  /** Cross-fitting folds for m̂ and ê (causalml's default 5). */
  readonly folds?: number
}

export const rLearner = (options: RLearnerOptions): MetaLearner => ({
  name: `R-learner(${options.outcomeLearner.name}, ${options.effectLearner.name})`,
  ...(options.propensity === undefined ? {} : { propensity: options.propensity }),
  roles: [
    { role: "outcome", learner: options.outcomeLearner, task: "outcome" },
    { role: "effect", learner: options.effectLearner, task: "regression" }
  ],
  fitBinary: (input) => {
    const n = input.x.rows
    const k = options.folds ?? 5
    const folds = kFolds(n, k, input.seed)
    const m = new Float64Array(n)
    const e = new Float64Array(n)
    folds.forEach((fold, f) => {
      const trainRows = complement(n, fold)
      const xTrain = selectRows(input.x, trainRows)
      const xFold = selectRows(input.x, fold)
      const seed = input.seed + 10 * (f + 1)
      const outcome = options.outcomeLearner.fit({
        x: xTrain,
        y: selectValues(input.y, trainRows),
        task: taskOf(input.outcomeKind),
        seed
      })
      const propensity = fitPropensityKernel(
        options.propensity ?? { kind: "logistic" },
        xTrain,
        selectValues(input.w, trainRows),
        seed + 1
      )
      const mFold = outcome.predict(xFold)
      const eFold = propensity.predict(xFold)
      fold.forEach((row, i) => {
        m[row] = mFold[i] ?? 0
        e[row] = eFold[i] ?? 0
      })
    })
    const target = new Float64Array(n)
    const weights = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const residualW = (input.w[i] ?? 0) - (e[i] ?? 0)
      target[i] = ((input.y[i] ?? 0) - (m[i] ?? 0)) / residualW
      weights[i] = residualW * residualW
    }
    const effect = options.effectLearner.fit({
      x: input.x,
      y: target,
      task: "regression",
      weights,
      seed: input.seed + 99
    })
    return { cate: (x) => effect.predict(x) }
  }
})
