// DR-learner (Kennedy 2020; causalml BaseDRLearner): three-way cross-fitting. For each rotation, the
// propensity is fitted on one fold, the outcome models on the next, and the effect model regresses the
// doubly robust pseudo-outcome (w − ê)/(ê(1 − ê))·(y − μ̂_w(x)) + μ̂₁(x) − μ̂₀(x) on the third; the CATE
// averages the three effect models.
import { kFolds } from "../internal/folds.ts"
import type { Learner, Predictor } from "../learners/learner.ts"
import { selectRows, selectValues } from "../matrix.ts"
import { fitPropensityKernel, type PropensitySpec } from "../propensity.ts"
import { type MetaLearner, splitByTreatment, taskOf } from "./meta-learner.ts"

export interface DrLearnerOptions {
  readonly outcomeLearner: Learner
  readonly effectLearner: Learner
  readonly propensity?: PropensitySpec
  /** Number of cross-fitting folds (causalml uses 3). */
  readonly folds?: number
}

export const drLearner = (options: DrLearnerOptions): MetaLearner => ({
  name: `DR-learner(${options.outcomeLearner.name}, ${options.effectLearner.name})`,
  ...(options.propensity === undefined ? {} : { propensity: options.propensity }),
  roles: [
    { role: "outcome", learner: options.outcomeLearner, task: "outcome" },
    { role: "effect", learner: options.effectLearner, task: "regression" }
  ],
  fitBinary: (input) => {
    const k = options.folds ?? 3
    const task = taskOf(input.outcomeKind)
    const folds = kFolds(input.x.rows, k, input.seed)
    const effectModels: Array<Predictor> = []
    for (let f = 0; f < k; f++) {
      const propensityRows = folds[f] ?? new Int32Array(0)
      const outcomeRows = folds[(f + 1) % k] ?? new Int32Array(0)
      const effectRows = folds[(f + 2) % k] ?? new Int32Array(0)
      const seed = input.seed + 10 * (f + 1)
      const propensity = fitPropensityKernel(
        options.propensity ?? { kind: "logistic" },
        selectRows(input.x, propensityRows),
        selectValues(input.w, propensityRows),
        seed
      )
      const wOut = selectValues(input.w, outcomeRows)
      const { treated, control } = splitByTreatment(wOut)
      const xOut = selectRows(input.x, outcomeRows)
      const yOut = selectValues(input.y, outcomeRows)
      const mu1 = options.outcomeLearner.fit({
        x: selectRows(xOut, treated),
        y: selectValues(yOut, treated),
        task,
        seed: seed + 1
      })
      const mu0 = options.outcomeLearner.fit({
        x: selectRows(xOut, control),
        y: selectValues(yOut, control),
        task,
        seed: seed + 2
      })
      const xEff = selectRows(input.x, effectRows)
      const wEff = selectValues(input.w, effectRows)
      const yEff = selectValues(input.y, effectRows)
      const e = propensity.predict(xEff)
      const m1 = mu1.predict(xEff)
      const m0 = mu0.predict(xEff)
      const pseudo = new Float64Array(effectRows.length)
      for (let i = 0; i < pseudo.length; i++) {
        const ei = e[i] ?? 0.5
        const wi = wEff[i] ?? 0
        const muW = wi === 1 ? (m1[i] ?? 0) : (m0[i] ?? 0)
        pseudo[i] = ((wi - ei) / (ei * (1 - ei))) * ((yEff[i] ?? 0) - muW) + (m1[i] ?? 0) - (m0[i] ?? 0)
      }
      effectModels.push(options.effectLearner.fit({ x: xEff, y: pseudo, task: "regression", seed: seed + 3 }))
    }
    return {
      cate: (x) => {
        const out = new Float64Array(x.rows)
        for (const model of effectModels) {
          const p = model.predict(x)
          for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + (p[i] ?? 0) / effectModels.length
        }
        return out
      }
    }
  }
})
