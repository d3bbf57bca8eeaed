// Typed failures of the calibration toolkit: each carries what a caller needs to fix the input or act.
import { Data } from "effect"

/** A value, length or option the function cannot work with; `field` names the argument, `index` the row. */
export class InvalidInput extends Data.TaggedError("InvalidInput")<{
  readonly field: string
  readonly reason: string
  readonly index?: number
}> {
  override get message(): string {
    return this.index === undefined ? `${this.field}: ${this.reason}` : `${this.field}[${this.index}]: ${this.reason}`
  }
}

/** Raking margins whose totals disagree, so no set of weights can satisfy all of them. */
export class InconsistentMargins extends Data.TaggedError("InconsistentMargins")<{
  readonly totals: ReadonlyArray<{ readonly margin: string; readonly total: number }>
  readonly reason: string
}> {
  override get message(): string {
    const listed = this.totals.map((entry) => `${entry.margin}=${entry.total}`).join(", ")
    return `inconsistent margins (${listed}): ${this.reason}`
  }
}

/** A category asks for a positive target but no unit (with positive weight) falls in it. */
export class EmptyCategory extends Data.TaggedError("EmptyCategory")<{
  readonly margin: string
  readonly category: number
  readonly target: number
}> {
  override get message(): string {
    return `margin ${this.margin}: category ${this.category} has target ${this.target} but no units`
  }
}

/** Iterative proportional fitting stopped at its sweep limit (or its bounds) without meeting the margins. */
export class RakingNotConverged extends Data.TaggedError("RakingNotConverged")<{
  readonly sweeps: number
  readonly maxWeightChange: number
  readonly maxMarginError: number
  readonly worstMargin: string
}> {
  override get message(): string {
    return `raking did not converge after ${this.sweeps} sweeps (max weight change ${this.maxWeightChange}, worst margin ${this.worstMargin} off by ${this.maxMarginError})`
  }
}

/** The target moments cannot be reached by re-weighting (they lie outside what the units can span). */
export class TargetMomentsUnreachable extends Data.TaggedError("TargetMomentsUnreachable")<{
  readonly iterations: number
  readonly maxMomentError: number
}> {
  override get message(): string {
    return `target moments unreachable by re-weighting (max moment error ${this.maxMomentError} after ${this.iterations} iterations)`
  }
}

/** A canary experiment is already running; a second one would confound the first (Bindu's guard). */
export class ExperimentAlreadyRunning extends Data.TaggedError("ExperimentAlreadyRunning")<{
  readonly runningCandidateId: string
}> {
  override get message(): string {
    return `an experiment is already running with candidate ${this.runningCandidateId}`
  }
}

/** A version id that is not in the registry, or not in the state the operation requires. */
export class InvalidVersionState extends Data.TaggedError("InvalidVersionState")<{
  readonly versionId: string
  readonly reason: string
}> {
  override get message(): string {
    return `version ${this.versionId}: ${this.reason}`
  }
}

export type CalibrationError =
  | InvalidInput
  | InconsistentMargins
  | EmptyCategory
  | RakingNotConverged
  | TargetMomentsUnreachable
  | ExperimentAlreadyRunning
  | InvalidVersionState
