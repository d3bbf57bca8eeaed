// The `preflight` command tree.
import { Command } from "effect/cli"
import { dbCommand } from "./commands/db.ts"
import { exportCommand } from "./commands/export.ts"
import { importCommand } from "./commands/import.ts"
import { root } from "./commands/root.ts"
import { quickstartCommand, worldCommand } from "./commands/world.ts"

export const VERSION = "0.1.0"

export const preflight = root.pipe(
  Command.withSubcommands([dbCommand, importCommand, exportCommand, worldCommand, quickstartCommand])
)

/** Runs the CLI on the process arguments (from the Stdio service). */
export const runCli = Command.run(preflight, { version: VERSION })
