// The one place where the use cases' typed failures become HTTP statuses and problem documents. A failure
// caused by what the client sent is a 4xx naming what was wrong; a fault of ours or of an upstream is a 5xx.
import type { ProblemInit } from "./problem.ts"

interface Tagged {
  readonly _tag: string
  readonly message?: string
}

const isTagged = (value: unknown): value is Tagged =>
  typeof value === "object" && value !== null && "_tag" in value && typeof value._tag === "string"

const field = <T>(value: object, name: string): T | undefined =>
  name in value ? ((value as Record<string, unknown>)[name] as T) : undefined

/** The problem for a typed failure of a handler's effect; undefined for an unknown failure (a 500). */
export const problemForFailure = (failure: unknown): ProblemInit | undefined => {
  if (!isTagged(failure)) return undefined
  const detail = failure.message
  switch (failure._tag) {
    case "RequestInvalid":
      return {
        status: 400,
        kind: "invalid-request",
        title: "The request body is invalid",
        detail,
        extra: { errors: field(failure, "issues") ?? [] }
      }
    case "RowValidationError":
      return {
        status: 400,
        kind: "invalid-request",
        title: "The request body is invalid",
        detail,
        extra: {
          errors: (field<ReadonlyArray<{ column: string; reason: string }>>(failure, "issues") ?? []).map((issue) => ({
            path: issue.column,
            message: issue.reason
          }))
        }
      }
    case "UnknownSegments":
    case "UnknownChannels":
    case "EmptyPopulation":
      return { status: 422, kind: "not-in-history", title: "The request does not match the history", detail }
    case "NoFittedModels":
    case "FitUnreadable":
    case "ReaderMismatch":
      return {
        status: 409,
        kind: "models-not-ready",
        title: "No usable fitted models",
        detail
      }
    case "NotFound":
      return { status: 404, kind: "not-found", title: "Not found", detail }
    case "ImportValidationError":
      return {
        status: 422,
        kind: "invalid-rows",
        title: "The import has invalid rows; nothing was written",
        detail: detail?.replace(/ in \/[^ ]+/, ""),
        extra: { rows: field(failure, "issues") ?? [], total_issues: field(failure, "totalIssues") }
      }
    case "ImportFormatError":
      // The storage message names the temporary file the body was spooled to, which means nothing to a client.
      return {
        status: 400,
        kind: "unreadable-import",
        title: "The import body cannot be read",
        detail: detail?.replace(/\/[^ ]*preflight-import-[^ ]*/g, "the body")
      }
    case "UnknownTable":
      return { status: 404, kind: "not-found", title: "No such table", detail }
    case "ConstraintViolation":
      return { status: 409, kind: "conflict", title: "The change conflicts with stored data", detail }
    case "DatabaseConnectionError":
    case "DatabaseInUse":
    case "SerializationFailure":
      return {
        status: 503,
        kind: "unavailable",
        title: "The database is unavailable; try again",
        headers: { "retry-after": "1" }
      }
    case "LmRateLimited": {
      const retryAfterMs = field<number>(failure, "retryAfterMs")
      return {
        status: 503,
        kind: "unavailable",
        title: "The language model is rate limited; try again",
        headers: { "retry-after": String(Math.max(1, Math.ceil((retryAfterMs ?? 1000) / 1000))) }
      }
    }
    case "LmConnectionError":
    case "LmServerError":
    case "LmTimeout":
    case "LmInvalidResponse":
    case "LmRequestRejected":
    case "OutputParseError":
    case "TooManyErrors":
      return { status: 502, kind: "upstream-failed", title: "The language model failed", detail }
    default:
      return undefined
  }
}
