// The meta-learner contract and the multi-treatment driver: each meta-learner (S, T, X, DR, R) fits one
// treatment group against the control; `fitUplift` validates the data, splits it per treatment group and
// returns a model predicting the CATE of every group.
import { Effect } from "effect"
import type { CausalInputError } from "../errors.ts"
import { checkFinite, checkLength, firstIssue, issue } from "../internal/validate.ts"
import type { Learner, LearnerTask } from "../learners/learner.ts"
import { checkMatrix, type Matrix, selectRows, selectValues } from "../matrix.ts"
import { checkPropensitySpec, type PropensitySpec } from "../propensity.ts"

export type TreatmentLabel = number | string

/** `binary`: outcome in {0,1}, base learners classify; `continuous`: base learners regress. */
export type OutcomeKind = "binary" | "continuous"

export interface UpliftData {
  readonly x: Matrix
  /** Treatment label of each row; the control label is `control` (default 0). */
  readonly treatment: ReadonlyArray<TreatmentLabel> | ArrayLike<number>
  readonly outcome: ArrayLike<number>
}

export interface UpliftOptions {
  readonly control?: TreatmentLabel
  /** Inferred when omitted: binary when every outcome is 0 or 1. */
  readonly outcomeKind?: OutcomeKind
  readonly seed?: number
}

/** One treatment group against the control: w = 1 treated, 0 control. */
export interface BinaryFitInput {
  readonly x: Matrix
  readonly w: Float64Array
  readonly y: Float64Array
  readonly outcomeKind: OutcomeKind
  readonly seed: number
}

export interface BinaryUpliftFit {
  readonly cate: (x: Matrix) => Float64Array
  /** Outcome-model predictions (T-learner), used by the analytic ATE interval. */
  readonly potentialOutcomes?: (x: Matrix) => { readonly control: Float64Array; readonly treated: Float64Array }
}

/** A base learner used by a meta-learner, and the task it must support (`outcome`: follows the outcome kind). */
export interface LearnerRole {
  readonly role: string
  readonly learner: Learner
  readonly task: LearnerTask | "outcome"
}

/** A meta-learner recipe: how to fit one treatment group against the control. */
export interface MetaLearner {
  readonly name: string
  /** The base learners it fits, checked against the outcome kind before fitting. */
  readonly roles: ReadonlyArray<LearnerRole>
  /** Propensity specification, when the learner estimates one (validated before fitting). */
  readonly propensity?: PropensitySpec
  readonly fitBinary: (input: BinaryFitInput) => BinaryUpliftFit
}

export interface UpliftModel {
  readonly learner: string
  readonly control: TreatmentLabel
  /** Treatment groups, in the order of `predictCate`'s arrays. */
  readonly groups: ReadonlyArray<TreatmentLabel>
  readonly outcomeKind: OutcomeKind
  /** CATE τ̂(x) per treatment group (outcome units; probability points for binary outcomes). */
  readonly predictCate: (x: Matrix) => Effect.Effect<ReadonlyArray<Float64Array>, CausalInputError>
  /** The per-group fits, for callers that validated their matrix already. */
  readonly fits: ReadonlyArray<BinaryUpliftFit>
}

export const taskOf = (kind: OutcomeKind): LearnerTask => (kind === "binary" ? "classification" : "regression")

/** Groups sorted: numbers ascending, then strings. */
const sortLabels = (labels: Iterable<TreatmentLabel>): Array<TreatmentLabel> =>
  [...labels].sort((a, b) =>
    typeof a === "number" && typeof b === "number"
      ? a - b
      : typeof a === "number"
        ? -1
        : typeof b === "number"
          ? 1
          : a < b
            ? -1
            : a > b
              ? 1
              : 0
  )

export interface PreparedGroup {
  readonly label: TreatmentLabel
  /** Rows of the full data in this group or the control. */
  readonly rows: Int32Array
  readonly input: BinaryFitInput
}

export interface PreparedUplift {
  readonly control: TreatmentLabel
  readonly outcomeKind: OutcomeKind
  readonly groups: ReadonlyArray<PreparedGroup>
}

/** The first base learner that cannot do the task its role needs, or an invalid propensity specification. */
export const checkRoles = (learner: MetaLearner, outcomeKind: OutcomeKind): CausalInputError | undefined => {
  if (learner.propensity !== undefined) {
    const propensityIssue = checkPropensitySpec(learner.propensity)
    if (propensityIssue !== undefined) return propensityIssue
  }
  for (const role of learner.roles) {
    const task = role.task === "outcome" ? taskOf(outcomeKind) : role.task
    if (!role.learner.tasks.includes(task))
      return issue(
        `learner.${role.role}`,
        `${role.learner.name} does not support ${task}, which the ${role.role} model needs`
      )
    const optionIssue = role.learner.checkOptions?.()
    if (optionIssue !== undefined)
      return issue(`learner.${role.role}.${optionIssue.field}`, `${role.learner.name}: ${optionIssue.message}`)
  }
  return undefined
}

/** Validates uplift data and splits it into one binary problem per treatment group. */
export const prepareUplift = (
  data: UpliftData,
  options: UpliftOptions
): { readonly issue: CausalInputError } | { readonly prepared: PreparedUplift } => {
  const control = options.control ?? 0
  const n = data.x.rows
  const found = firstIssue(
    checkMatrix("x", data.x),
    () => checkLength("treatment", data.treatment, n),
    () => checkLength("outcome", data.outcome, n),
    () => checkFinite("outcome", data.outcome)
  )
  if (found !== undefined) return { issue: found }
  const labels = new Set<TreatmentLabel>()
  for (let i = 0; i < n; i++) {
    const label = data.treatment[i]
    if (label === undefined || (typeof label === "number" && !Number.isFinite(label)))
      return { issue: issue("treatment", `label ${String(label)} at row ${i} is not valid`, i) }
    labels.add(label)
  }
  if (!labels.has(control)) return { issue: issue("treatment", `no row has the control label ${String(control)}`) }
  const groups = sortLabels(labels).filter((label) => label !== control)
  if (groups.length === 0)
    return { issue: issue("treatment", "every row is in the control group; no treatment to compare") }
  let allBinary = true
  for (let i = 0; i < n; i++) {
    const y = data.outcome[i]
    if (y !== 0 && y !== 1) {
      if (options.outcomeKind === "binary")
        return { issue: issue("outcome", `value ${y} at row ${i} must be 0 or 1 for a binary outcome`, i) }
      allBinary = false
    }
  }
  const outcomeKind = options.outcomeKind ?? (allBinary ? "binary" : "continuous")
  const seed = options.seed ?? 0
  const prepared: Array<PreparedGroup> = []
  for (const [g, label] of groups.entries()) {
    const rows: Array<number> = []
    for (let i = 0; i < n; i++) if (data.treatment[i] === label || data.treatment[i] === control) rows.push(i)
    const rowIndex = Int32Array.from(rows)
    const w = new Float64Array(rows.length)
    rows.forEach((row, i) => {
      w[i] = data.treatment[row] === label ? 1 : 0
    })
    const treatedCount = w.reduce((s, v) => s + v, 0)
    if (treatedCount < 2 || rows.length - treatedCount < 2)
      return { issue: issue("treatment", `group ${String(label)} and the control need at least 2 rows each`) }
    // With a single treatment group every row takes part: reuse the matrix instead of copying it.
    const everyRow = rows.length === n
    prepared.push({
      label,
      rows: rowIndex,
      input: {
        x: everyRow ? data.x : selectRows(data.x, rowIndex),
        w,
        y: everyRow ? Float64Array.from(data.outcome) : selectValues(data.outcome, rowIndex),
        outcomeKind,
        seed: seed + 7919 * g
      }
    })
  }
  return { prepared: { control, outcomeKind, groups: prepared } }
}

const buildModel = (learner: MetaLearner, prepared: PreparedUplift): UpliftModel => {
  const fits = prepared.groups.map((group) => learner.fitBinary(group.input))
  const cols = prepared.groups[0]?.input.x.cols ?? 0
  return {
    learner: learner.name,
    control: prepared.control,
    groups: prepared.groups.map((group) => group.label),
    outcomeKind: prepared.outcomeKind,
    fits,
    predictCate: (x) => {
      const problem = firstIssue(checkMatrix("x", x), () =>
        x.cols === cols ? undefined : issue("x", `has ${x.cols} columns, the model was fitted on ${cols}`)
      )
      return problem === undefined ? Effect.sync(() => fits.map((fit) => fit.cate(x))) : Effect.fail(problem)
    }
  }
}

/**
 * Fits `learner` on every treatment group against the control.
 *
 * @example
 * const model = yield* fitUplift(tLearner({ learner: logisticLearner() }), { x, treatment, outcome })
 * const [cate] = yield* model.predictCate(xNew)
 */
export const fitUplift = (
  learner: MetaLearner,
  data: UpliftData,
  options: UpliftOptions = {}
): Effect.Effect<UpliftModel, CausalInputError> =>
  Effect.suspend(() => {
    const result = prepareUplift(data, options)
    if ("issue" in result) return Effect.fail(result.issue)
    const roleIssue = checkRoles(learner, result.prepared.outcomeKind)
    return roleIssue !== undefined ? Effect.fail(roleIssue) : Effect.sync(() => buildModel(learner, result.prepared))
  })

/** Row indices of treated (w = 1) and control (w = 0) units. */
export const splitByTreatment = (w: Float64Array): { readonly treated: Int32Array; readonly control: Int32Array } => {
  const treated: Array<number> = []
  const control: Array<number> = []
  for (let i = 0; i < w.length; i++) (w[i] === 1 ? treated : control).push(i)
  return { treated: Int32Array.from(treated), control: Int32Array.from(control) }
}
