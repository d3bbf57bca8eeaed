#!/usr/bin/env node
// A worker process: `node apps/worker/src/main.ts` (also `preflight worker`). Serves the built-in queues on the
// configured database with JSON logs on stdout. SIGTERM or SIGINT stops it gracefully, with exit code 0.
import { NodeRuntime } from "@effect/platform-node"
import { Database } from "@preflight/storage"
import { Cause, Effect, Exit, Layer, Logger } from "effect"
import { JobQueue } from "./queues/job-queue.ts"
import { serveQueues } from "./serve.ts"

const program = serveQueues().pipe(
  Effect.provide(JobQueue.layer({ role: "worker" }).pipe(Layer.provideMerge(Database.layerFromConfig()))),
  Effect.provide(Logger.layer([Logger.consoleJson]))
)

NodeRuntime.runMain(program, {
  // A signal is how a worker is asked to stop; a stop that drained cleanly is a success.
  teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) || Cause.hasInterruptsOnly(exit.cause) ? 0 : 1)
})
