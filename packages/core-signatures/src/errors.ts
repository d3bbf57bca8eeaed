// Typed failures of the package: each carries what the caller needs to act (field, raw text, status,
// retry-after, attempts), and upstream errors carry a `retryable` flag that drives retries.
import { Data } from "effect"

/** A signature definition or string form is invalid (bad name, duplicate field, syntax error). */
export class SignatureError extends Data.TaggedError("SignatureError")<{
  readonly reason: string
  readonly field?: string
  readonly position?: number
}> {
  override get message(): string {
    const where = this.field === undefined ? "" : ` (field "${this.field}")`
    const at = this.position === undefined ? "" : ` at character ${this.position}`
    return `Invalid signature${where}${at}: ${this.reason}`
  }
}

/** An input value is missing or does not match its field's zod type. */
export class InputValidationError extends Data.TaggedError("InputValidationError")<{
  readonly field: string
  readonly issues: string
  readonly modulePath: string
}> {
  override get message(): string {
    return `Input field "${this.field}"${this.modulePath === "" ? "" : ` of ${this.modulePath}`} is invalid: ${this.issues}`
  }
}

/**
 * The model's answer could not be turned into the signature's outputs. `field` names the first output that
 * was missing or invalid (undefined when no structure was found at all) and `raw` is the model's text.
 */
export class OutputParseError extends Data.TaggedError("OutputParseError")<{
  readonly field: string | undefined
  readonly raw: string
  readonly adapter: "chat" | "json"
  readonly reason: string
  readonly modulePath: string
}> {
  override get message(): string {
    const where = this.field === undefined ? "" : ` field "${this.field}":`
    return `Could not parse the ${this.adapter} adapter output${this.modulePath === "" ? "" : ` of ${this.modulePath}`}:${where} ${this.reason}`
  }
}

/** HTTP 429 from the provider; `retryAfterMs` is the server's Retry-After when it sent one. */
export class LmRateLimited extends Data.TaggedError("LmRateLimited")<{
  readonly status: number
  readonly retryAfterMs: number | undefined
  readonly attempts: number
  readonly detail: string
}> {
  readonly retryable = true
  override get message(): string {
    return `Language model rate limited (HTTP ${this.status}) after ${this.attempts} attempt(s): ${this.detail}`
  }
}

/** HTTP 5xx (or 409) from the provider. */
export class LmServerError extends Data.TaggedError("LmServerError")<{
  readonly status: number
  readonly attempts: number
  readonly detail: string
}> {
  readonly retryable = true
  override get message(): string {
    return `Language model server error (HTTP ${this.status}) after ${this.attempts} attempt(s): ${this.detail}`
  }
}

/** No answer within the configured timeout (per attempt). */
export class LmTimeout extends Data.TaggedError("LmTimeout")<{
  readonly timeoutMs: number
  readonly attempts: number
}> {
  readonly retryable = true
  override get message(): string {
    return `Language model call timed out after ${this.timeoutMs} ms (${this.attempts} attempt(s))`
  }
}

/** The connection to the provider failed (refused, reset, DNS). */
export class LmConnectionError extends Data.TaggedError("LmConnectionError")<{
  readonly attempts: number
  readonly detail: string
}> {
  readonly retryable = true
  override get message(): string {
    return `Could not reach the language model after ${this.attempts} attempt(s): ${this.detail}`
  }
}

/** A 4xx that repeating will not fix (bad request, auth, unknown model); never retried. */
export class LmRequestRejected extends Data.TaggedError("LmRequestRejected")<{
  readonly status: number
  readonly code: string | undefined
  readonly detail: string
}> {
  readonly retryable = false
  override get message(): string {
    return `Language model rejected the request (HTTP ${this.status}${this.code === undefined ? "" : `, ${this.code}`}): ${this.detail}`
  }
}

/** The prompt is longer than the model's context window; ReAct reacts by truncating its trajectory. */
export class LmContextWindowExceeded extends Data.TaggedError("LmContextWindowExceeded")<{
  readonly detail: string
}> {
  readonly retryable = false
  override get message(): string {
    return `Prompt exceeds the model's context window: ${this.detail}`
  }
}

/** The provider answered 2xx but without usable content (no choices, refusal, malformed body). */
export class LmInvalidResponse extends Data.TaggedError("LmInvalidResponse")<{
  readonly detail: string
}> {
  readonly retryable = false
  override get message(): string {
    return `Language model returned an unusable response: ${this.detail}`
  }
}

/** Every failure a language-model call can end with. */
export type LmError =
  | LmRateLimited
  | LmServerError
  | LmTimeout
  | LmConnectionError
  | LmRequestRejected
  | LmContextWindowExceeded
  | LmInvalidResponse

/** A run's budget is spent: no further language-model calls are started. */
export class BudgetExceeded extends Data.TaggedError("BudgetExceeded")<{
  readonly limit: "calls" | "tokens" | "usd"
  readonly max: number
  readonly used: number
  readonly inFlight: number
}> {
  override get message(): string {
    return `Budget exceeded: ${this.limit} used ${this.used} of ${this.max} (${this.inFlight} call(s) still in flight)`
  }
}

/**
 * A USD budget is set but the model of a call has no entry in the price table, so its cost could not be
 * counted and `maxUsd` could never stop it. Refused before the call starts; give the model a price (a name
 * also prices its dated variants) or drop `maxUsd`.
 */
export class UnpricedModel extends Data.TaggedError("UnpricedModel")<{
  readonly model: string
  readonly maxUsd: number
}> {
  override get message(): string {
    return `Model "${this.model}" has no price, so the USD budget (maxUsd ${this.maxUsd}) cannot be enforced: add it to \`prices\``
  }
}

/** A saved program does not fit the code that loads it (predictor missing, field renamed or retyped). */
export class ProgramStateMismatch extends Data.TaggedError("ProgramStateMismatch")<{
  readonly predictor: string | undefined
  readonly field: string | undefined
  readonly expected: string | undefined
  readonly found: string | undefined
  readonly reason: string
}> {
  override get message(): string {
    const where = [
      this.predictor === undefined ? undefined : `predictor "${this.predictor}"`,
      this.field === undefined ? undefined : `field "${this.field}"`
    ]
      .filter((part) => part !== undefined)
      .join(", ")
    const types =
      this.expected === undefined && this.found === undefined
        ? ""
        : ` (code has ${this.expected ?? "nothing"}, saved program has ${this.found ?? "nothing"})`
    return `Saved program does not match the code${where === "" ? "" : ` at ${where}`}: ${this.reason}${types}`
  }
}

/** Evaluate stopped because more examples failed than `maxErrors` allows. */
export class TooManyErrors extends Data.TaggedError("TooManyErrors")<{
  readonly errors: number
  readonly maxErrors: number
  readonly lastError: unknown
}> {
  override get message(): string {
    return `Stopped after ${this.errors} failed examples (maxErrors ${this.maxErrors})`
  }
}

/**
 * A failure that every later call of the run would repeat, because it comes from how the run is set up, not
 * from the example: a model with no price under a USD budget, and credentials or a model name the provider
 * refuses (HTTP 401, 403, 404). `evaluate` and the optimizers stop at once on one, with the error itself,
 * instead of scoring every remaining example as a failure.
 */
export type ConfigurationError = UnpricedModel | LmRequestRejected

const CONFIGURATION_STATUSES: ReadonlySet<number> = new Set([401, 403, 404])

/**
 * True for a {@link ConfigurationError}. Other rejected requests (400, 422: a prompt the provider refuses, an
 * input too long) depend on the example, so they count as an example's failure like transient errors that
 * outlived their retries.
 */
export const isConfigurationError = (error: unknown): error is ConfigurationError =>
  error instanceof UnpricedModel || (error instanceof LmRequestRejected && CONFIGURATION_STATUSES.has(error.status))

/** Everything a module's forward pass can fail with. */
export type PredictError = LmError | BudgetExceeded | UnpricedModel | OutputParseError | InputValidationError
