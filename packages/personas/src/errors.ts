// Typed failures of the persona package: each names what was wrong and where (the trait, the field, the
// entity), so a caller can show it to the person who wrote the priors or exported the rows.
import { Data } from "effect"

/** Segment trait priors that cannot be sampled: a bad parameter, shares that do not sum to 1, a bad correlation. */
export class InvalidPriors extends Data.TaggedError("InvalidPriors")<{
  readonly segmentId: string
  /** The trait whose distribution or correlation entry is invalid (`"correlation"` for the matrix as a whole). */
  readonly trait: string
  readonly reason: string
}> {
  override get message(): string {
    return `Invalid trait priors for segment "${this.segmentId}", trait "${this.trait}": ${this.reason}`
  }
}

/** Input that does not match a schema (a persona, an observation, panel options); `path` names the field. */
export class PersonaInputError extends Data.TaggedError("PersonaInputError")<{
  readonly what: string
  readonly path: string
  readonly reason: string
}> {
  override get message(): string {
    return `Invalid ${this.what}${this.path === "" ? "" : ` at ${this.path}`}: ${this.reason}`
  }
}

/** fitPriors found no observation of the segment it was asked to fit. */
export class NoObservations extends Data.TaggedError("NoObservations")<{ readonly segmentId: string }> {
  override get message(): string {
    return `No entity observations for segment "${this.segmentId}"`
  }
}

/** An embedding request failed (HTTP status, connection); `retryable` drives retries like the LM errors. */
export class EmbeddingError extends Data.TaggedError("EmbeddingError")<{
  readonly status: number | undefined
  readonly detail: string
  readonly retryable: boolean
}> {
  override get message(): string {
    return `Embedding request failed${this.status === undefined ? "" : ` (HTTP ${this.status})`}: ${this.detail}`
  }
}
