// X-learner (Künzel et al. 2019; causalml BaseXLearner): outcome models per arm, imputed effects
// d₁ = y − μ̂₀(x) on treated and d₀ = μ̂₁(x) − y on control, effect models τ̂₁, τ̂₀ on them, and
// τ̂(x) = ê(x)·τ̂₀(x) + (1 − ê(x))·τ̂₁(x) (causalml's orientation: the control-side model weighted by ê).
import type { Learner } from "../learners/learner.ts"
import { selectRows, selectValues } from "../matrix.ts"
import { fitPropensityKernel, type PropensitySpec } from "../propensity.ts"
import { type MetaLearner, splitByTreatment, taskOf } from "./meta-learner.ts"

export interface XLearnerOptions {
  /** Stage-1 outcome learner (classifier for binary outcomes). */
  readonly outcomeLearner: Learner
  /** Stage-2 effect learner (always a regression). */
  readonly effectLearner: Learner
  /** Propensity ê(x) (default logistic, clipped to [1e-3, 1 − 1e-3]). Use `constant` for randomised trials. */
  readonly propensity?: PropensitySpec
}

export const xLearner = (options: XLearnerOptions): MetaLearner => ({
  name: `X-learner(${options.outcomeLearner.name}, ${options.effectLearner.name})`,
  ...(options.propensity === undefined ? {} : { propensity: options.propensity }),
  roles: [
    { role: "outcome", learner: options.outcomeLearner, task: "outcome" },
    { role: "effect", learner: options.effectLearner, task: "regression" }
  ],
  fitBinary: (input) => {
    const { treated, control } = splitByTreatment(input.w)
    const task = taskOf(input.outcomeKind)
    const xT = selectRows(input.x, treated)
    const xC = selectRows(input.x, control)
    const yT = selectValues(input.y, treated)
    const yC = selectValues(input.y, control)
    const mu1 = options.outcomeLearner.fit({ x: xT, y: yT, task, seed: input.seed })
    const mu0 = options.outcomeLearner.fit({ x: xC, y: yC, task, seed: input.seed + 1 })
    const imputedTreated = mu0.predict(xT)
    for (let i = 0; i < imputedTreated.length; i++) imputedTreated[i] = (yT[i] ?? 0) - (imputedTreated[i] ?? 0)
    const imputedControl = mu1.predict(xC)
    for (let i = 0; i < imputedControl.length; i++) imputedControl[i] = (imputedControl[i] ?? 0) - (yC[i] ?? 0)
    const tau1 = options.effectLearner.fit({ x: xT, y: imputedTreated, task: "regression", seed: input.seed + 2 })
    const tau0 = options.effectLearner.fit({ x: xC, y: imputedControl, task: "regression", seed: input.seed + 3 })
    const propensity = fitPropensityKernel(options.propensity ?? { kind: "logistic" }, input.x, input.w, input.seed + 4)
    return {
      cate: (x) => {
        const e = propensity.predict(x)
        const t0 = tau0.predict(x)
        const t1 = tau1.predict(x)
        for (let i = 0; i < e.length; i++) t1[i] = (e[i] ?? 0) * (t0[i] ?? 0) + (1 - (e[i] ?? 0)) * (t1[i] ?? 0)
        return t1
      }
    }
  }
})
