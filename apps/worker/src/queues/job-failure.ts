// A job's failure as data: the typed error's tag, message and fields, and whether retrying can help. This is
// what pg-boss stores as the failed attempt's output and what the dead-letter queue shows.
import { isTransientDatabaseFault } from "@preflight/storage"
import { Cause } from "effect"

export interface JobErrorRecord {
  /** The error's `_tag` ("LmRateLimited", "RequestInvalid", …), "Defect" or "Interrupted". */
  readonly tag: string
  readonly message: string
  readonly retryable: boolean
  /** The error's own fields (status codes, issues, ids), JSON-safe. */
  readonly details: Readonly<Record<string, unknown>>
}

const jsonSafe = (value: unknown, depth = 0): unknown => {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value)
  if (typeof value === "bigint") return value.toString()
  if (value instanceof Date) return value.toISOString()
  if (depth > 4) return "…"
  if (Array.isArray(value)) return value.slice(0, 50).map((entry) => jsonSafe(entry, depth + 1))
  if (typeof value === "object") {
    const out: Record<string, unknown> = {}
    for (const [key, entry] of Object.entries(value)) {
      // A driver's `cause` can be a socket with cycles; the message already says what it was.
      if (key === "cause" || key === "stack" || typeof entry === "function") continue
      out[key] = jsonSafe(entry, depth + 1)
    }
    return out
  }
  return String(value)
}

const messageOf = (error: unknown): string => {
  if (error instanceof Error) return error.message
  if (typeof error === "object" && error !== null && "message" in error) return String(error.message)
  return String(error)
}

/**
 * An upstream fault that says it is transient (`retryable: true`: rate limits, 5xx, timeouts) or a lost
 * database connection is worth retrying; validation and "not found" errors are not (DESIGN.md, "Effect
 * conventions": retries never around validation errors).
 */
export const isRetryableError = (error: unknown): boolean =>
  isTransientDatabaseFault(error) ||
  (typeof error === "object" && error !== null && "retryable" in error && error.retryable === true)

/** Describes a typed error. */
export const describeJobError = (error: unknown): JobErrorRecord => {
  const tag =
    typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"
      ? error._tag
      : error instanceof Error
        ? error.name
        : "Error"
  const details = jsonSafe(typeof error === "object" && error !== null ? { ...error } : {}) as Record<string, unknown>
  delete details._tag
  delete details.message
  return { tag, message: messageOf(error), retryable: isRetryableError(error), details }
}

/**
 * Describes a failed attempt's cause. A defect (a bug or an unexpected throw) is retried like a transient
 * fault: it may have been one, the retries are bounded, and the last record stays in the dead-letter queue.
 */
export const describeJobFailure = (cause: Cause.Cause<unknown>): JobErrorRecord => {
  const failure = Cause.findErrorOption(cause)
  if (failure._tag === "Some") return describeJobError(failure.value)
  if (Cause.hasInterruptsOnly(cause))
    return { tag: "Interrupted", message: "the worker stopped during this attempt", retryable: true, details: {} }
  const defect = Cause.squash(cause)
  return { tag: "Defect", message: messageOf(defect), retryable: true, details: {} }
}
