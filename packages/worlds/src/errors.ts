// Typed failures of world generation and writing: what was wrong and where.
import { Data } from "effect"

/** Options that cannot make a world; `field` names the option, `message` says why. */
export class WorldOptionsError extends Data.TaggedError("WorldOptionsError")<{
  readonly field: string
  readonly message: string
}> {}

/** A world file that could not be written. */
export class WorldWriteError extends Data.TaggedError("WorldWriteError")<{
  readonly path: string
  readonly message: string
}> {}
