#!/usr/bin/env node
// `node src/main.ts`: the API on its own (`preflight serve` does the same inside the CLI). Database from
// DATABASE_URL (Postgres) or PREFLIGHT_DATA_DIR (embedded); settings from PORT and PREFLIGHT_API_*. Exits 0
// after a graceful SIGTERM/SIGINT shutdown, 1 when it cannot start.
import { Database } from "@preflight/storage"
import { Cause, Effect, Exit } from "effect"
import { loadApiSettings } from "./config.ts"
import { launchApi, shutdownSignal } from "./launch.ts"
import { stdoutSink } from "./middleware/access-log.ts"

const program = Effect.gen(function* () {
  const settings = yield* loadApiSettings()
  const server = yield* launchApi({ database: Database.layerFromConfig(), settings })
  stdoutSink({ time: new Date().toISOString(), level: "info", msg: "listening", url: server.url })
  const signal = yield* shutdownSignal
  stdoutSink({ time: new Date().toISOString(), level: "info", msg: "shutting down", signal })
}).pipe(Effect.scoped)

const exit = await Effect.runPromiseExit(program)
if (Exit.isFailure(exit)) {
  const failure = Cause.findErrorOption(exit.cause)
  const message =
    failure._tag === "Some" && typeof failure.value === "object" && failure.value !== null && "message" in failure.value
      ? String(failure.value.message)
      : Cause.pretty(exit.cause)
  process.stderr.write(`preflight api: ${message}\n`)
  process.exit(1)
}
stdoutSink({ time: new Date().toISOString(), level: "info", msg: "stopped" })
process.exit(0)
