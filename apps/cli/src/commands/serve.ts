// `preflight serve [--port N]`: the HTTP API on the configured database (embedded by default, Postgres with
// DATABASE_URL), JSON access logs on stdout, and a graceful stop on SIGTERM or SIGINT (stop accepting, let
// in-flight requests finish, close the database) that exits 0.
import { launchApi, loadApiSettings } from "@preflight/api"
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { databaseLayer } from "../config.ts"
import { reported } from "../output.ts"
import { root } from "./root.ts"

export const serveCommand = Command.make(
  "serve",
  {
    port: Flag.Int("port").pipe(Flag.withDescription("Port to listen on (default: $PORT, else 3000)"), Flag.optional)
  },
  ({ port }) =>
    Effect.gen(function* () {
      const { dataDir, json } = yield* root
      const body = Effect.gen(function* () {
        const settings = yield* loadApiSettings(Option.isSome(port) ? { port: port.value } : {})
        // The CLI's runner turns an interruption into exit code 130. A stop that an orchestrator asked for and
        // that drained cleanly is a success, so after the server's own finalizer (registered later, run first)
        // has closed everything, the process exits 0.
        let stopRequested = false
        const onSignal = () => {
          stopRequested = true
        }
        process.once("SIGTERM", onSignal)
        process.once("SIGINT", onSignal)
        yield* Effect.addFinalizer(() =>
          Effect.sync(() => {
            if (stopRequested) process.exit(0)
          })
        )
        const server = yield* launchApi({ database: databaseLayer(dataDir), settings })
        yield* Console.log(
          JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "listening", url: server.url })
        )
        return yield* Effect.never
      }).pipe(Effect.scoped)
      yield* reported(json, body)
    })
).pipe(
  Command.withDescription(
    "Serve the HTTP API (OpenAPI at /openapi.json, reference at /docs); create keys first with `preflight keys create`"
  )
)
