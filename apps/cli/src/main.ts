#!/usr/bin/env node
// Entry point of the `preflight` command line: wires Node's services in and maps the outcome to
// the exit code (0 success, 1 failure with its message printed, 70 internal error, 130 interrupted).
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { runCli } from "./cli.ts"

const program = runCli.pipe(
  Effect.catchTag("CommandFailed", (failure) =>
    Effect.sync(() => {
      process.exitCode = failure.exitCode
    })
  ),
  Effect.provide(NodeServices.layer)
)

// Usage errors are printed by the CLI module itself and still end with a non-zero exit code.
NodeRuntime.runMain(program, { disableErrorReporting: true })
