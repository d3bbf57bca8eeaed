// Validation at the edge: a request that does not match its schema fails with every problem listed by field
// path, so an API answers 400 with all of them and a CLI prints them all, not just the first.
import { Data, Effect } from "effect"
import type { z } from "zod"

export interface RequestIssue {
  /** Dotted path of the field (`intervention.content_variants.0.template`), empty for the whole body. */
  readonly path: string
  readonly message: string
}

export class RequestInvalid extends Data.TaggedError("RequestInvalid")<{
  readonly what: string
  readonly issues: ReadonlyArray<RequestIssue>
}> {
  override get message(): string {
    return `invalid ${this.what}: ${this.issues.map((issue) => `${issue.path === "" ? "(body)" : issue.path}: ${issue.message}`).join("; ")}`
  }
}

/** Decodes `input` with `schema` or fails with `RequestInvalid` listing every issue. */
export const decodeWith = <S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string
): Effect.Effect<z.output<S>, RequestInvalid> =>
  Effect.suspend(() => {
    const parsed = schema.safeParse(input)
    if (parsed.success) return Effect.succeed(parsed.data)
    return Effect.fail(
      new RequestInvalid({
        what,
        issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }))
      })
    )
  })
