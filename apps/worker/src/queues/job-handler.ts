// What a queue is: its name, its payload schema, its policy (concurrency, retries, expiry) and its work in two
// steps. `prepare` runs outside any transaction (language-model calls, long computations); `commit` runs in
// one transaction together with the job's result row, so a job re-run after a crash or a lost completion
// never writes its effects twice. A new queue is one module that calls `defineJobHandler`.
import type { Database } from "@preflight/storage"
import type { Effect } from "effect"
import type { z } from "zod"
import type { JobErrorRecord } from "./job-failure.ts"

/** How a queue's jobs are run. Defaults are in `DEFAULT_POLICY`; every queue states what it changes. */
export interface QueuePolicy {
  /** Jobs of this queue one process runs at once. */
  readonly concurrency: number
  /** Retries after the first attempt before the job goes to the dead-letter queue. */
  readonly retryLimit: number
  /** First retry delay; doubled each retry (with pg-boss's jitter) up to `retryDelayMaxSeconds`. */
  readonly retryDelaySeconds: number
  readonly retryDelayMaxSeconds: number
  /** An attempt running longer than this is failed (and retried) by the queue's supervisor. */
  readonly expireInSeconds: number
  /**
   * When set, a running attempt must report alive this often (pg-boss does it from the worker): a killed
   * process's job is retried after this many seconds instead of after `expireInSeconds`. At least 10.
   */
  readonly heartbeatSeconds?: number
  /** How often an idle worker asks for a job (0.5 at least); new jobs also wake it on Postgres. */
  readonly pollingIntervalSeconds: number
}

export const DEFAULT_POLICY: QueuePolicy = {
  concurrency: 1,
  retryLimit: 3,
  retryDelaySeconds: 1,
  retryDelayMaxSeconds: 60,
  expireInSeconds: 15 * 60,
  pollingIntervalSeconds: 2
}

/** The attempt a handler is running. */
export interface JobContext {
  readonly jobId: string
  readonly queue: string
  /** 0 for the first attempt, then 1, 2, … for each retry. */
  readonly attempt: number
  /** True when no retry follows a failure of this attempt (the next stop is the dead-letter queue). */
  readonly isLastAttempt: boolean
}

/** A queue's definition with its types; `defineJobHandler` erases them into a `JobHandler`. */
export interface JobHandlerSpec<Payload, Prepared, Result, E, R> {
  readonly queue: string
  readonly description: string
  readonly payload: z.ZodType<Payload>
  readonly policy: Partial<QueuePolicy>
  readonly prepare: (payload: Payload, job: JobContext) => Effect.Effect<Prepared, E, R>
  /** Writes the job's effects; runs in the transaction that also records `Result` as the job's result row. */
  readonly commit: (prepared: Prepared, payload: Payload, job: JobContext) => Effect.Effect<Result, E, R>
  /**
   * What the job's completion log line says about its result besides the job id (the persona program version
   * a simulation or a calibration used). Also applied to a result replayed from `job_results`.
   */
  readonly logAnnotations?: (result: Result) => Readonly<Record<string, unknown>>
  /** Called once when the job fails for good (retries spent, or an error no retry can fix). */
  readonly onGivenUp?: (payload: Payload, job: JobContext, error: JobErrorRecord) => Effect.Effect<void, never, R>
}

/** A queue as the worker sees it: payload types erased behind the decoding step. */
export interface JobHandler<R> {
  readonly queue: string
  readonly description: string
  readonly policy: QueuePolicy
  readonly spec: JobHandlerSpec<unknown, unknown, unknown, unknown, R | Database>
}

/** Declares a queue. `R` is what its work needs besides the database (provided when the worker starts). */
export const defineJobHandler = <Payload, Prepared, Result, E, R>(
  spec: JobHandlerSpec<Payload, Prepared, Result, E, R>
): JobHandler<Exclude<R, Database>> => ({
  queue: spec.queue,
  description: spec.description,
  policy: { ...DEFAULT_POLICY, ...spec.policy },
  // The payload schema is the only door into `prepare`/`commit` (run-job.ts decodes first), so widening the
  // parameter types here loses nothing.
  spec: spec as unknown as JobHandlerSpec<unknown, unknown, unknown, unknown, Exclude<R, Database> | Database>
})
