// Sending a job to any queue from code (the API, the learning loop, a CLI command): the payload is checked
// against the queue's own schema first, so a bad one is the caller's typed error and never a dead letter.
import { Data, Effect } from "effect"
import type { JobHandler } from "./queues/job-handler.ts"
import { bossCall, JobQueue } from "./queues/job-queue.ts"

/** A payload the queue's schema refuses, with every issue by path. */
export class InvalidJobPayload extends Data.TaggedError("InvalidJobPayload")<{
  readonly queue: string
  readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }>
}> {
  readonly retryable = false
  override get message(): string {
    return `the ${this.queue} job's payload is invalid: ${this.issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ")}`
  }
}

export interface SendJobOptions {
  /** Run no earlier than this many seconds from now. */
  readonly startAfterSeconds?: number
  /** At most one queued job per key (pg-boss's singletonKey; `send` then returns null for a duplicate). */
  readonly singletonKey?: string
}

/** Queues a job for `handler`'s queue; returns its id, or null when `singletonKey` matched a queued job. */
export const sendJob = Effect.fn("Worker.sendJob")(function* <R>(
  handler: JobHandler<R>,
  payload: unknown,
  options: SendJobOptions = {}
) {
  const parsed = handler.spec.payload.safeParse(payload)
  if (!parsed.success)
    return yield* new InvalidJobPayload({
      queue: handler.queue,
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }))
    })
  const { boss } = yield* JobQueue
  // The payload as given (not the parsed one), so the handler applies the schema's defaults with its own version.
  return yield* bossCall(`cannot queue a ${handler.queue} job`, () =>
    boss.send(handler.queue, payload as object, {
      ...(options.startAfterSeconds === undefined ? {} : { startAfter: options.startAfterSeconds }),
      ...(options.singletonKey === undefined ? {} : { singletonKey: options.singletonKey })
    })
  )
})
