// Typed failures of the optimizers: bad options or data name the field, and a failing trial log names the
// operation. A configuration error (unpriced model under a USD budget, refused credentials or model) ends a
// run at once with that error; other failures count against `maxErrors`. Budget exhaustion is not an error:
// a run stops cleanly and returns the best program found.
import type { ConfigurationError, TooManyErrors } from "@preflight/core-signatures"
import { Data } from "effect"

/** An option or a data set given to an optimizer is invalid; `field` names it (e.g. "trainset[3]", "minibatchSize"). */
export class InvalidOptimizerInput extends Data.TaggedError("InvalidOptimizerInput")<{
  readonly optimizer: string
  readonly field: string
  readonly reason: string
}> {
  override get message(): string {
    return `${this.optimizer}: invalid ${this.field}: ${this.reason}`
  }
}

/** The optimization log (the persistence port) failed to record the run or a trial. */
export class OptimizationLogFailed extends Data.TaggedError("OptimizationLogFailed")<{
  readonly operation: "startRun" | "recordTrial" | "finishRun"
  readonly cause: unknown
}> {
  override get message(): string {
    const cause = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `Optimization log ${this.operation} failed: ${cause}`
  }
}

/** Everything `compile` can fail with. */
export type OptimizerError = InvalidOptimizerInput | OptimizationLogFailed | TooManyErrors | ConfigurationError
