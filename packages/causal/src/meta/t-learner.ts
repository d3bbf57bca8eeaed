// T-learner (two models): μ̂₁ on treated rows, μ̂₀ on control rows, τ̂(x) = μ̂₁(x) − μ̂₀(x)
// (causalml BaseTLearner; Künzel et al. 2019).
import type { Learner } from "../learners/learner.ts"
import { selectRows, selectValues } from "../matrix.ts"
import { type MetaLearner, splitByTreatment, taskOf } from "./meta-learner.ts"

export interface TLearnerOptions {
  /** Outcome learner for both arms. */
  readonly learner: Learner
  /** Control-arm learner when it should differ from the treated one. */
  readonly controlLearner?: Learner
}

export const tLearner = (options: TLearnerOptions): MetaLearner => ({
  name: `T-learner(${options.learner.name})`,
  roles: [
    { role: "outcome", learner: options.learner, task: "outcome" },
    { role: "control outcome", learner: options.controlLearner ?? options.learner, task: "outcome" }
  ],
  fitBinary: (input) => {
    const { treated, control } = splitByTreatment(input.w)
    const task = taskOf(input.outcomeKind)
    const mu1 = options.learner.fit({
      x: selectRows(input.x, treated),
      y: selectValues(input.y, treated),
      task,
      seed: input.seed
    })
    const mu0 = (options.controlLearner ?? options.learner).fit({
      x: selectRows(input.x, control),
      y: selectValues(input.y, control),
      task,
      seed: input.seed + 1
    })
    const potentialOutcomes = (x: Parameters<typeof mu0.predict>[0]) => ({
      control: mu0.predict(x),
      treated: mu1.predict(x)
    })
    return {
      potentialOutcomes,
      cate: (x) => {
        const { control: y0, treated: y1 } = potentialOutcomes(x)
        for (let i = 0; i < y1.length; i++) y1[i] = (y1[i] ?? 0) - (y0[i] ?? 0)
        return y1
      }
    }
  }
})
