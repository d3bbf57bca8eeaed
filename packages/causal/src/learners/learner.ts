// The base-learner contract the meta-learners, propensity models and R/DR learners build on: a learner
// fits a matrix and a target (optionally weighted, always seeded) and returns a predictor.
import type { Matrix } from "../matrix.ts"

/** `classification`: y ∈ {0,1}, predictions are P(y = 1). `regression`: real y, predictions are E[y]. */
export type LearnerTask = "classification" | "regression"

export interface Predictor {
  /** One prediction per row of X (probability of class 1 for classification). */
  readonly predict: (x: Matrix) => Float64Array
}

export interface FitInput {
  readonly x: Matrix
  readonly y: Float64Array
  readonly task: LearnerTask
  readonly weights?: Float64Array | undefined
  readonly seed: number
}

/** A base learner. `fit` is pure: the same input and seed give the same predictor. */
export interface Learner {
  readonly name: string
  readonly tasks: ReadonlyArray<LearnerTask>
  readonly fit: (input: FitInput) => Predictor
}
