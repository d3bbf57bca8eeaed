// The `JobQueue` service: a started pg-boss on the same database as everything else. On PGlite it drives the
// embedded instance through pg-boss's `fromPglite` adapter (one process); on Postgres it opens its own pool on
// DATABASE_URL, so any number of processes on any number of machines share the queues.
import { Database } from "@preflight/storage"
import { Config, Context, Data, Effect, Layer, Redacted } from "effect"
import { fromPglite, PgBoss } from "pg-boss"
import { superviseIntervalSetting } from "../config.ts"

/** pg-boss could not start (database unreachable, schema migration refused, …). */
export class JobQueueUnavailable extends Data.TaggedError("JobQueueUnavailable")<{
  readonly message: string
  readonly cause?: unknown
}> {
  readonly retryable = true
}

export interface JobQueueOptions {
  /**
   * "worker" supervises the queues (retries expired and heartbeat-lost jobs, sends scheduled jobs, cleans
   * up); "client" only sends and reads (the API, `preflight jobs status`).
   */
  readonly role: "worker" | "client"
  /** Schema of pg-boss's tables (default "pgboss"). */
  readonly schema?: string
  /** How often a worker looks for expired or silent jobs and due schedules, in seconds (default: config.ts). */
  readonly superviseIntervalSeconds?: number
  /** The Postgres server's URL (default DATABASE_URL); ignored on PGlite. */
  readonly connectionString?: Redacted.Redacted<string>
  /** Connections of pg-boss's own pool on Postgres (default 10). */
  readonly poolSize?: number
}

export interface JobQueueShape {
  readonly boss: PgBoss
  readonly backend: "pglite" | "postgres"
  readonly schema: string
}

const messageOf = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause))

/** Runs a pg-boss call as an Effect; its failures are the queue being unavailable. */
export const bossCall = <A>(what: string, call: () => Promise<A>): Effect.Effect<A, JobQueueUnavailable> =>
  Effect.tryPromise({
    try: call,
    catch: (cause) => new JobQueueUnavailable({ message: `${what}: ${messageOf(cause)}`, cause })
  })

export class JobQueue extends Context.Service<JobQueue, JobQueueShape>()("@preflight/worker/JobQueue") {
  /** A started pg-boss, stopped when the layer is released (a worker's stop is graceful, see worker.ts). */
  static readonly layer = (options: JobQueueOptions) =>
    Layer.effect(
      JobQueue,
      Effect.gen(function* () {
        const database = yield* Database
        const schema = options.schema ?? "pgboss"
        const supervising = options.role === "worker"
        const superviseIntervalSeconds = options.superviseIntervalSeconds ?? (yield* superviseIntervalSetting)
        const common = {
          schema,
          supervise: supervising,
          schedule: supervising,
          migrate: true,
          superviseIntervalSeconds,
          monitorIntervalSeconds: superviseIntervalSeconds,
          application_name: `preflight-${options.role}`
        } as const
        const boss =
          database.embeddedPglite !== undefined
            ? new PgBoss({ ...common, db: fromPglite(database.embeddedPglite), backend: "pglite" })
            : new PgBoss({
                ...common,
                connectionString: Redacted.value(
                  options.connectionString ??
                    (yield* Config.Redacted("DATABASE_URL").pipe(
                      Effect.mapError(
                        () =>
                          new JobQueueUnavailable({
                            message: "the database is a Postgres server but DATABASE_URL is not set for the queue"
                          })
                      )
                    ))
                ),
                max: options.poolSize ?? 10,
                useListenNotify: true
              })
        // pg-boss reports background faults (a poll during a database restart, a failed maintenance pass) as
        // events and keeps going; without a listener Node would throw them.
        boss.on("error", (error) => {
          Effect.runFork(
            Effect.logWarning("queue background fault").pipe(Effect.annotateLogs({ error: messageOf(error) }))
          )
        })
        yield* Effect.acquireRelease(
          bossCall("cannot start the job queue", () => boss.start({ attempts: 5 })),
          // A client has no handlers; a worker stops its handlers first (worker.ts), so this only closes the pool.
          () => Effect.promise(() => boss.stop({ graceful: false, close: true }).catch(() => undefined))
        )
        return JobQueue.of({ boss, backend: database.embeddedPglite !== undefined ? "pglite" : "postgres", schema })
      })
    )
}
