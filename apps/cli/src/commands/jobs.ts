// `preflight worker` and `preflight jobs status`: the background worker (apps/worker) from the command line.
// On the embedded database the worker is the one process using it; on Postgres start as many as needed.
import { JobQueue, jobCounts, queueClientLayer, serveQueues } from "@preflight/worker"
import { Effect, Layer, Logger } from "effect"
import { Command } from "effect/cli"
import { databaseLayer } from "../config.ts"
import { printResult, reported } from "../output.ts"
import { table } from "../report.ts"
import { root } from "./root.ts"

export const workerCommand = Command.make("worker", {}, () =>
  Effect.gen(function* () {
    const { dataDir, json } = yield* root
    const body = serveQueues().pipe(
      Effect.provide(JobQueue.layer({ role: "worker" }).pipe(Layer.provideMerge(databaseLayer(dataDir)))),
      // One JSON line per event, with the queue, job id and attempt, for log collectors.
      Effect.provide(Logger.layer([Logger.consoleJson]))
    )
    yield* reported(json, body).pipe(
      // SIGTERM (or Ctrl-C) is how a worker is asked to stop. By the time this runs the worker has stopped
      // gracefully and the database is closed, so the stop is a success: exit 0, not the 130 of an interrupt.
      Effect.onInterrupt(() => Effect.sync(() => process.exit(0)))
    )
  })
).pipe(
  Command.withDescription(
    "Run the background worker (simulate, fit, import, drift-check queues and their schedules) until SIGTERM; on Postgres (DATABASE_URL) run any number of them"
  )
)

const statusCommand = Command.make("status", {}, () =>
  Effect.gen(function* () {
    const { dataDir, json } = yield* root
    const body = Effect.gen(function* () {
      const queues = yield* jobCounts()
      yield* printResult(json, { queues }, [
        ...table(
          ["queue", "created", "retry", "active", "completed", "failed", "cancelled"],
          queues.map((entry) => [
            entry.queue,
            String(entry.counts.created),
            String(entry.counts.retry),
            String(entry.counts.active),
            String(entry.counts.completed),
            String(entry.counts.failed),
            String(entry.counts.cancelled)
          ])
        )
      ])
    }).pipe(Effect.provide(queueClientLayer().pipe(Layer.provideMerge(databaseLayer(dataDir)))))
    yield* reported(json, body)
  })
).pipe(Command.withDescription("Counts of jobs by state for each queue"))

export const jobsCommand = Command.make("jobs").pipe(
  Command.withSubcommands([statusCommand]),
  Command.withDescription("The background jobs: `preflight jobs status`")
)

/** Registered in cli.ts in one line. */
export const workerCommands = [workerCommand, jobsCommand] as const
