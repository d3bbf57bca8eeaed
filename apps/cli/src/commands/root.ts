// The root `preflight` command and the flags every subcommand shares.
import { Command, Flag } from "effect/cli"

export const dataDirFlag = Flag.String("data-dir").pipe(
  Flag.withDescription(
    "Directory of the embedded database (default: $PREFLIGHT_DATA_DIR or .preflight/db). Ignored when DATABASE_URL is set, unless given explicitly."
  ),
  Flag.optional
)

export const jsonFlag = Flag.Boolean("json").pipe(
  Flag.withDescription("Print machine-readable JSON on stdout instead of text"),
  Flag.withDefault(false)
)

export const root = Command.make("preflight").pipe(
  Command.withSharedFlags({ dataDir: dataDirFlag, json: jsonFlag }),
  Command.withDescription(
    "Test a marketing campaign before it is sent: demo, fit, calibrate, simulate, backtest; history: db, import, export, world; programs; serve, keys; worker, jobs."
  )
)
