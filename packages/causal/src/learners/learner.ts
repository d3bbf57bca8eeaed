// The base-learner contract the meta-learners, propensity models and R/DR learners build on: a learner
// fits a matrix and a target (optionally weighted, always seeded) and returns a predictor.
import type { CausalInputError } from "../errors.ts"
import { checkBinary, checkFinite, checkLength, checkWeights, firstIssue, issue } from "../internal/validate.ts"
import { checkMatrix, type Matrix } from "../matrix.ts"

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
  /**
   * A per-row raw score the model starts from and adds to (log-odds for classification): LightGBM's
   * `init_score`. Learners that support it (boosted trees) then fit only what the offset leaves unexplained,
   * and their predictions exclude it (add it back). Others ignore it.
   */
  readonly offset?: Float64Array | undefined
  readonly seed: number
}

/** A base learner. `fit` is pure: the same input and seed give the same predictor. */
export interface Learner {
  readonly name: string
  readonly tasks: ReadonlyArray<LearnerTask>
  /** `fit` runs on validated data and cannot fail: the meta-learners check the options first with this. */
  readonly checkOptions?: () => CausalInputError | undefined
  readonly fit: (input: FitInput) => Predictor
}

/** The first problem of a fit input: shape, lengths, finite values, 0/1 labels for classification, weights. */
export const checkFitInput = (input: FitInput, minRows = 1): CausalInputError | undefined =>
  firstIssue(
    checkMatrix("x", input.x),
    () => (input.x.rows >= minRows ? undefined : issue("x", `has ${input.x.rows} rows; at least ${minRows} needed`)),
    () => checkLength("y", input.y, input.x.rows),
    () =>
      input.task === "classification"
        ? checkBinary("y", input.y)
        : input.task === "regression"
          ? checkFinite("y", input.y)
          : issue("task", `unknown task ${String(input.task)}`),
    () => checkWeights("weights", input.weights, input.x.rows),
    () =>
      input.offset === undefined
        ? undefined
        : firstIssue(checkLength("offset", input.offset, input.x.rows), () =>
            checkFinite("offset", input.offset ?? [])
          ),
    () => (Number.isFinite(input.seed) ? undefined : issue("seed", `${input.seed} is not a finite number`))
  )
