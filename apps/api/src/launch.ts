// Starting the API as a process does: build the runtime (which applies pending migrations, so /ready is green
// on a fresh database), serve, and on release stop gracefully. `preflight serve` and `node src/main.ts` use it.
import type { LanguageModel } from "@preflight/core-signatures"
import type { Database } from "@preflight/storage"
import { Data, Effect, Exit, type Layer } from "effect"
import { makeApi } from "./app.ts"
import type { ApiSettings } from "./config.ts"
import type { AccessLogSink } from "./http/run-effect.ts"
import { makeApiRuntime } from "./runtime.ts"
import { type RunningServer, startServer } from "./server.ts"

/** The port is taken or the host cannot be bound. */
export class ServerStartFailed extends Data.TaggedError("ServerStartFailed")<{ readonly message: string }> {}

export interface LaunchOptions<E1, E2> {
  readonly database: Layer.Layer<Database, E1>
  readonly languageModel?: Layer.Layer<LanguageModel, E2> | undefined
  readonly settings: ApiSettings
  readonly log?: AccessLogSink | undefined
}

/** A running API for the enclosing scope; closing the scope drains requests and closes the database. */
export const launchApi = <E1, E2>(options: LaunchOptions<E1, E2>) =>
  Effect.acquireRelease(
    Effect.gen(function* () {
      const runtime = makeApiRuntime(options)
      // Builds the services now (opening the database, applying migrations) so a failure stops the start.
      const built = yield* Effect.promise(() => runtime.runPromiseExit(Effect.void))
      if (Exit.isFailure(built)) {
        yield* Effect.promise(() => runtime.dispose())
        return yield* Effect.failCause(built.cause)
      }
      const app = makeApi({ runtime, settings: options.settings, log: options.log })
      return yield* Effect.tryPromise({
        try: () => startServer({ app, runtime, port: options.settings.port, host: options.settings.host }),
        catch: (cause) =>
          new ServerStartFailed({
            message: `cannot listen on ${options.settings.host}:${options.settings.port}: ${cause instanceof Error ? cause.message : String(cause)}`
          })
      }).pipe(Effect.tapError(() => Effect.promise(() => runtime.dispose())))
    }),
    (server: RunningServer) => Effect.promise(() => server.close())
  )

/** Completes when the process is asked to stop (SIGTERM from an orchestrator, SIGINT from a terminal). */
export const shutdownSignal = Effect.callback<NodeJS.Signals>((resume) => {
  const onSignal = (signal: NodeJS.Signals) => resume(Effect.succeed(signal))
  process.once("SIGTERM", onSignal)
  process.once("SIGINT", onSignal)
  return Effect.sync(() => {
    process.off("SIGTERM", onSignal)
    process.off("SIGINT", onSignal)
  })
})
