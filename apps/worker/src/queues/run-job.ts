// One attempt of one job, start to finish: decode the payload, return the stored result if an earlier attempt
// already committed one, otherwise prepare, then commit the job's effects and its result row in one
// transaction. The outcome tells pg-boss what to do next: complete, retry, or dead-letter at once.
import { ConstraintViolation, Database, findJobResult, recordJobResult } from "@preflight/storage"
import { Effect, Exit } from "effect"
import { describeJobFailure, type JobErrorRecord } from "./job-failure.ts"
import type { JobContext, JobHandler } from "./job-handler.ts"

export type JobOutcome =
  | { readonly status: "completed"; readonly output: { readonly result: unknown; readonly replayed: boolean } }
  /** Retry (pg-boss retries while the queue's retry limit allows, then dead-letters). */
  | { readonly status: "failed"; readonly output: JobErrorRecord }
  /** No retry can help: straight to the dead-letter queue. */
  | { readonly status: "deadletter"; readonly output: JobErrorRecord }

/** The payload does not match the queue's schema: a programming or API error, never retried. */
const invalidPayload = (queue: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) => ({
  tag: "InvalidJobPayload",
  message: `the ${queue} job's payload is invalid: ${issues
    .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`)
    .join("; ")}`,
  retryable: false,
  details: { issues: issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })) }
})

const isDuplicateResult = (error: unknown): boolean =>
  error instanceof ConstraintViolation && error.code === "23505" && error.constraint === "job_results_pkey"

/** The handler's annotations of a result; none when it has no hook or the (replayed) result does not fit it. */
const resultAnnotations = (
  annotate: ((result: unknown) => Readonly<Record<string, unknown>>) | undefined,
  result: unknown
): Record<string, unknown> => {
  if (annotate === undefined || typeof result !== "object" || result === null) return {}
  try {
    return { ...annotate(result) }
  } catch {
    // A result stored by an older version of the handler may lack a field the hook reads: log without it.
    return {}
  }
}

/** Runs one attempt of `handler` on a job's raw payload; never fails (the outcome carries the error). */
export const runJob = <R>(
  handler: JobHandler<R>,
  job: JobContext,
  rawPayload: unknown
): Effect.Effect<JobOutcome, never, R | Database> =>
  Effect.gen(function* () {
    const { spec } = handler
    const decoded = spec.payload.safeParse(rawPayload)
    if (!decoded.success) {
      const error = invalidPayload(handler.queue, decoded.error.issues)
      yield* Effect.logWarning("job refused").pipe(Effect.annotateLogs({ error: error.message }))
      return { status: "deadletter", output: error } as const
    }
    const payload = decoded.data
    const database = yield* Database

    const attempt = Effect.gen(function* () {
      const stored = yield* findJobResult(job.jobId)
      if (stored !== undefined) return { result: stored.result, replayed: true }
      const prepared = yield* spec.prepare(payload, job)
      const committed = yield* database
        .transaction(
          Effect.gen(function* () {
            const result = yield* spec.commit(prepared, payload, job)
            yield* recordJobResult({ jobId: job.jobId, queue: handler.queue, result, attempt: job.attempt })
            return { result, replayed: false }
          })
        )
        .pipe(
          // Another attempt of the same job (one that outlived its expiry) committed first: its result stands
          // and this attempt's writes were rolled back with the failed insert.
          Effect.catchIf(isDuplicateResult, () =>
            findJobResult(job.jobId).pipe(Effect.map((row) => ({ result: row?.result ?? null, replayed: true })))
          )
        )
      return committed
    })

    const exit = yield* Effect.exit(attempt)
    if (Exit.isSuccess(exit)) {
      yield* Effect.logInfo(exit.value.replayed ? "job already done; result replayed" : "job completed").pipe(
        Effect.annotateLogs(resultAnnotations(spec.logAnnotations, exit.value.result))
      )
      return { status: "completed", output: exit.value } as const
    }
    const error = describeJobFailure(exit.cause)
    const givenUp = !error.retryable || job.isLastAttempt
    yield* Effect.logWarning(givenUp ? "job failed for good" : "job attempt failed; it will be retried").pipe(
      Effect.annotateLogs({ error: `${error.tag}: ${error.message}` })
    )
    if (givenUp && spec.onGivenUp !== undefined) yield* spec.onGivenUp(payload, job, error)
    return error.retryable
      ? ({ status: "failed", output: error } as const)
      : ({ status: "deadletter", output: error } as const)
  }).pipe(
    Effect.annotateLogs({ queue: handler.queue, jobId: job.jobId, attempt: job.attempt }),
    Effect.withSpan("Worker.runJob", { attributes: { queue: handler.queue, jobId: job.jobId } })
  )
