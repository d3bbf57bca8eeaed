// S-learner (single model): μ̂(x, w) fitted with the treatment indicator as an extra feature,
// τ̂(x) = μ̂(x, 1) − μ̂(x, 0) (causalml BaseSLearner).
import type { Learner } from "../learners/learner.ts"
import { appendColumn } from "../matrix.ts"
import { type MetaLearner, taskOf } from "./meta-learner.ts"

export interface SLearnerOptions {
  readonly learner: Learner
}

export const sLearner = (options: SLearnerOptions): MetaLearner => ({
  name: `S-learner(${options.learner.name})`,
  roles: [{ role: "outcome", learner: options.learner, task: "outcome" }],
  fitBinary: (input) => {
    const model = options.learner.fit({
      x: appendColumn(input.x, input.w),
      y: input.y,
      task: taskOf(input.outcomeKind),
      seed: input.seed
    })
    const potentialOutcomes = (x: Parameters<typeof model.predict>[0]) => ({
      control: model.predict(appendColumn(x, 0)),
      treated: model.predict(appendColumn(x, 1))
    })
    return {
      cate: (x) => {
        const { control, treated } = potentialOutcomes(x)
        for (let i = 0; i < treated.length; i++) treated[i] = (treated[i] ?? 0) - (control[i] ?? 0)
        return treated
      }
    }
  }
})
