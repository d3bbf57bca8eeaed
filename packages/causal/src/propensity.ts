// Propensity scores P(treated | x): constant (randomised trials), L2 logistic regression or any
// classification learner, clipped to [clip, 1 − clip] (causalml's default 1e-3) and optionally
// calibrated by isotonic regression (causalml calibrates by default).

import { fitIsotonic } from "@preflight/numeric"
import type { Effect } from "effect"
import { type CausalInputError, guarded } from "./errors.ts"
import { checkBinary, checkLength, checkRange, firstIssue, issue } from "./internal/validate.ts"
import { predictIsotonic } from "./learners/isotonic.ts"
import type { Learner } from "./learners/learner.ts"
import { logisticLearner } from "./learners/linear-learners.ts"
import { checkMatrix, type Matrix } from "./matrix.ts"

/** How propensity scores are estimated. */
export type PropensitySpec =
  | { readonly kind: "constant" }
  | {
      readonly kind: "logistic"
      readonly l2?: number
      readonly clip?: number
      readonly calibrate?: boolean
    }
  | { readonly kind: "learner"; readonly learner: Learner; readonly clip?: number; readonly calibrate?: boolean }

export interface PropensityModel {
  /** P(treated | x) for each row, clipped. */
  readonly predict: (x: Matrix) => Float64Array
}

/** causalml `propensity.py`: scores are clipped to [1e-3, 1 − 1e-3]. */
export const DEFAULT_PROPENSITY_CLIP = 1e-3

/** Fits a propensity model without validation (used inside meta-learners on validated data). */
export const fitPropensityKernel = (
  spec: PropensitySpec,
  x: Matrix,
  treated: Float64Array,
  seed: number
): PropensityModel => {
  if (spec.kind === "constant") {
    let sum = 0
    for (let i = 0; i < treated.length; i++) sum += treated[i] ?? 0
    const rate = sum / treated.length
    return { predict: (z) => new Float64Array(z.rows).fill(rate) }
  }
  const learner = spec.kind === "logistic" ? logisticLearner({ l2: spec.l2 ?? 1 }) : spec.learner
  const clip = spec.clip ?? DEFAULT_PROPENSITY_CLIP
  const predictor = learner.fit({ x, y: treated, task: "classification", seed })
  const calibration = spec.calibrate === true ? fitIsotonic(predictor.predict(x), treated) : undefined
  return {
    predict: (z) => {
      const raw = predictor.predict(z)
      for (let i = 0; i < raw.length; i++) {
        const p = calibration === undefined ? (raw[i] ?? 0) : predictIsotonic(calibration, raw[i] ?? 0)
        raw[i] = Math.min(1 - clip, Math.max(clip, p))
      }
      return raw
    }
  }
}

const prefixed = (prefix: string, found: CausalInputError | undefined): CausalInputError | undefined =>
  found === undefined ? undefined : issue(`${prefix}.${found.field}`, found.message)

export const checkPropensitySpec = (spec: PropensitySpec): CausalInputError | undefined => {
  if (spec.kind === "constant") return undefined
  return firstIssue(
    spec.clip === undefined ? undefined : checkRange("propensity.clip", spec.clip, 0, 0.5, "low"),
    () =>
      spec.kind === "logistic"
        ? spec.l2 === undefined
          ? undefined
          : checkRange("propensity.l2", spec.l2, 0, Number.POSITIVE_INFINITY, "low")
        : spec.learner.tasks.includes("classification")
          ? prefixed("propensity.learner", spec.learner.checkOptions?.())
          : issue("propensity.learner", `${spec.learner.name} does not support classification`)
  )
}

/** Fits a propensity model of `treated` (0/1) on `x`. */
export const fitPropensity = (
  x: Matrix,
  treated: Float64Array,
  spec: PropensitySpec = { kind: "logistic" },
  seed = 0
): Effect.Effect<PropensityModel, CausalInputError> =>
  guarded(
    firstIssue(
      checkMatrix("x", x),
      () => checkLength("treated", treated, x.rows),
      () => checkBinary("treated", treated),
      () => checkPropensitySpec(spec)
    ),
    () => fitPropensityKernel(spec, x, treated, seed)
  )
