// `preflight import <table> <file>`: all-or-nothing import of a CSV or JSON Lines file.

import { importFile, TABLE_NAMES } from "@preflight/storage"
import { Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { databaseLayer } from "../config.ts"
import { formatCount, importProgressBar, printResult, reported } from "../output.ts"
import { root } from "./root.ts"

export const importCommand = Command.make(
  "import",
  {
    table: Argument.Literals("table", TABLE_NAMES).pipe(Argument.withDescription(`One of ${TABLE_NAMES.join(", ")}`)),
    file: Argument.String("file").pipe(
      Argument.withDescription("A .csv, .jsonl or .ndjson file (optionally .gz); columns named as in the table")
    ),
    format: Flag.Literals("format", ["csv", "jsonl"]).pipe(
      Flag.withDescription("Override the format read from the file extension"),
      Flag.optional
    )
  },
  ({ table, file, format }) =>
    Effect.gen(function* () {
      const { dataDir, json } = yield* root
      const progress = importProgressBar(!json)
      const body = Effect.gen(function* () {
        const summary = yield* importFile({
          table,
          file,
          ...(Option.isSome(format) ? { format: format.value } : {}),
          onProgress: progress.update
        }).pipe(Effect.ensuring(Effect.sync(() => progress.finish())))
        const inferred = Object.entries(summary.inferredParents)
          .filter(([, count]) => (count ?? 0) > 0)
          .map(([parent, count]) => `${formatCount(count ?? 0)} ${parent} inferred`)
        yield* printResult(json, { summary }, [
          `Imported ${formatCount(summary.rowsRead)} rows into ${table} from ${file} in ${summary.seconds.toFixed(1)} s: ${formatCount(summary.rowsWritten)} written, ${formatCount(summary.rowsUnchanged)} unchanged${inferred.length > 0 ? `; ${inferred.join(", ")} (placeholders for keys not imported yet)` : ""}.`
        ])
      }).pipe(Effect.provide(databaseLayer(dataDir)))
      yield* reported(json, body)
    })
).pipe(
  Command.withDescription("Import a file into a history table in one transaction: every row valid, or nothing written")
)
