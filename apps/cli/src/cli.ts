// The `preflight` command tree.
import { Command } from "effect/cli"
import { calibrateCommand, programsCommand } from "./commands/calibrate.ts"
import { dbCommand } from "./commands/db.ts"
import { demoCommand } from "./commands/demo.ts"
import { exportCommand } from "./commands/export.ts"
import { importCommand } from "./commands/import.ts"
import { workerCommands } from "./commands/jobs.ts"
import { keysCommand } from "./commands/keys.ts"
import { canaryCommand, learnCommand } from "./commands/learn.ts"
import { backtestCommand, fitCommand, simulateCommand } from "./commands/model.ts"
import { root } from "./commands/root.ts"
import { serveCommand } from "./commands/serve.ts"
import { worldCommand } from "./commands/world.ts"

export const VERSION = "0.1.0"

export const preflight = root.pipe(
  Command.withSubcommands([
    demoCommand,
    dbCommand,
    importCommand,
    exportCommand,
    worldCommand,
    fitCommand,
    calibrateCommand,
    programsCommand,
    learnCommand,
    canaryCommand,
    simulateCommand,
    backtestCommand,
    serveCommand,
    keysCommand,
    ...workerCommands
  ])
)

/** Runs the CLI on the process arguments (from the Stdio service). */
export const runCli = Command.run(preflight, { version: VERSION })
