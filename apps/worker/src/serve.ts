// Serving the built-in queues until interrupted, with the configuration from the environment: what
// `preflight worker` and `node apps/worker/src/main.ts` both run.
import { migrate } from "@preflight/storage"
import { Effect } from "effect"
import { withPolicyOverrides, workerSettings } from "./config.ts"
import { BUILT_IN_HANDLERS } from "./handlers/built-in-handlers.ts"
import type { JobHandler } from "./queues/job-handler.ts"
import { startWorker } from "./worker.ts"

/**
 * Migrates the database, then serves `handlers` (default: the built-in queues) until interrupted; an
 * interruption stops gracefully (worker.ts) and this then ends.
 */
export const serveQueues = <R = never>(
  handlers: ReadonlyArray<JobHandler<R>> = BUILT_IN_HANDLERS as ReadonlyArray<JobHandler<never>>
) =>
  Effect.gen(function* () {
    const settings = yield* workerSettings
    yield* migrate()
    yield* Effect.scoped(
      Effect.gen(function* () {
        yield* startWorker({
          handlers: withPolicyOverrides(handlers, settings.policyOverrides),
          ...(settings.queues === undefined ? {} : { queues: settings.queues }),
          schedules: settings.schedules,
          stopTimeoutMs: settings.stopTimeoutMs
        })
        return yield* Effect.never
      })
    )
  })
