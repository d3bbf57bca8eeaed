// The worker's configuration, read from the environment here only (through Config). The database itself is
// storage's: DATABASE_URL selects Postgres, otherwise PGlite in PREFLIGHT_DATA_DIR.
//   PREFLIGHT_WORKER_QUEUES        comma-separated queues to serve (default: all)
//   PREFLIGHT_SCHEDULES            JSON {"queue": "cron" | "off"} overriding the schedule table
//   PREFLIGHT_QUEUE_POLICIES       JSON {"queue": {"concurrency": 4, "retryLimit": 5, …}} overriding policies
//   PREFLIGHT_WORKER_STOP_TIMEOUT_MS   how long a stop waits for running jobs (default 30000)
//   PREFLIGHT_WORKER_SUPERVISE_SECONDS how often expired or silent jobs are retried (default 10)
import { Config, Data, Effect } from "effect"
import { z } from "zod"
import type { JobHandler, QueuePolicy } from "./queues/job-handler.ts"
import { DEFAULT_SCHEDULES, type ScheduleEntry, withScheduleOverrides } from "./schedules.ts"

/** A JSON setting that does not parse or does not fit its shape. */
export class WorkerConfigInvalid extends Data.TaggedError("WorkerConfigInvalid")<{
  readonly setting: string
  readonly message: string
}> {}

const PolicyOverride = z.strictObject({
  concurrency: z.number().int().min(1).optional(),
  retryLimit: z.number().int().min(0).optional(),
  retryDelaySeconds: z.number().int().min(1).optional(),
  retryDelayMaxSeconds: z.number().int().min(1).optional(),
  expireInSeconds: z.number().int().min(1).optional(),
  heartbeatSeconds: z.number().int().min(10).optional(),
  pollingIntervalSeconds: z.number().min(0.5).optional()
})
const PolicyOverrides = z.record(z.string(), PolicyOverride)
const ScheduleOverrides = z.record(z.string(), z.string().min(1))

const parseJsonSetting = <S extends z.ZodType>(setting: string, schema: S, text: string) =>
  Effect.suspend(() => {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      return Effect.fail(new WorkerConfigInvalid({ setting, message: `${setting} is not JSON: ${String(error)}` }))
    }
    const parsed = schema.safeParse(value)
    return parsed.success
      ? Effect.succeed(parsed.data as z.output<S>)
      : Effect.fail(new WorkerConfigInvalid({ setting, message: `${setting}: ${z.prettifyError(parsed.error)}` }))
  })

export interface WorkerSettings {
  readonly queues: ReadonlyArray<string> | undefined
  readonly schedules: ReadonlyArray<ScheduleEntry>
  readonly policyOverrides: Readonly<Record<string, Partial<QueuePolicy>>>
  readonly stopTimeoutMs: number
  readonly superviseIntervalSeconds: number
}

/** How often a worker retries expired or silent jobs and sends due scheduled jobs (the queue layer reads it). */
export const superviseIntervalSetting = Config.Int("PREFLIGHT_WORKER_SUPERVISE_SECONDS").pipe(Config.withDefault(10))

export const workerSettings = Effect.gen(function* () {
  const queues = yield* Config.String("PREFLIGHT_WORKER_QUEUES").pipe(Config.withDefault(""))
  const schedules = yield* Config.String("PREFLIGHT_SCHEDULES").pipe(Config.withDefault("{}"))
  const policies = yield* Config.String("PREFLIGHT_QUEUE_POLICIES").pipe(Config.withDefault("{}"))
  const stopTimeoutMs = yield* Config.Int("PREFLIGHT_WORKER_STOP_TIMEOUT_MS").pipe(Config.withDefault(30_000))
  const superviseIntervalSeconds = yield* superviseIntervalSetting
  const scheduleOverrides = yield* parseJsonSetting("PREFLIGHT_SCHEDULES", ScheduleOverrides, schedules)
  const policyOverrides = yield* parseJsonSetting("PREFLIGHT_QUEUE_POLICIES", PolicyOverrides, policies)
  const listed = queues
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "")
  return {
    queues: listed.length === 0 ? undefined : listed,
    schedules: withScheduleOverrides(DEFAULT_SCHEDULES, scheduleOverrides),
    policyOverrides: policyOverrides as Record<string, Partial<QueuePolicy>>,
    stopTimeoutMs,
    superviseIntervalSeconds
  } satisfies WorkerSettings
})

/** The handlers with their configured policy overrides applied. */
export const withPolicyOverrides = <R>(
  handlers: ReadonlyArray<JobHandler<R>>,
  overrides: Readonly<Record<string, Partial<QueuePolicy>>>
): ReadonlyArray<JobHandler<R>> =>
  handlers.map((handler) => {
    const override = overrides[handler.queue]
    return override === undefined ? handler : { ...handler, policy: { ...handler.policy, ...override } }
  })
