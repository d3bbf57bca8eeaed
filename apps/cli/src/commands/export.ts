// `preflight export <table>`: a table as CSV or JSON Lines, on stdout or into a file.

import { once } from "node:events"
import { createWriteStream } from "node:fs"
import { ExportWriteError, exportTable, formatFromPath, TABLE_NAMES } from "@preflight/storage"
import { Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { databaseLayer } from "../config.ts"
import { formatCount, reported } from "../output.ts"
import { root } from "./root.ts"

export const exportCommand = Command.make(
  "export",
  {
    table: Argument.Literals("table", TABLE_NAMES).pipe(Argument.withDescription(`One of ${TABLE_NAMES.join(", ")}`)),
    format: Flag.Literals("format", ["csv", "jsonl"]).pipe(
      Flag.withDescription("csv (default) or jsonl; taken from --out's extension when that is given"),
      Flag.optional
    ),
    out: Flag.String("out").pipe(
      Flag.withAlias("o"),
      Flag.withDescription("Write to this file instead of stdout"),
      Flag.optional
    )
  },
  ({ table, format, out }) =>
    Effect.gen(function* () {
      const { dataDir, json } = yield* root
      const chosenFormat = Option.getOrElse(format, () =>
        Option.isSome(out) ? (formatFromPath(out.value) ?? "csv") : "csv"
      )
      const body = Effect.gen(function* () {
        if (Option.isNone(out)) {
          const summary = yield* exportTable({ table, format: chosenFormat, output: process.stdout })
          return summary
        }
        const path = out.value
        const stream = createWriteStream(path)
        const summary = yield* exportTable({ table, format: chosenFormat, output: stream }).pipe(
          Effect.ensuring(
            Effect.promise(async () => {
              stream.end()
              await once(stream, "close").catch(() => undefined)
            })
          )
        )
        if (stream.errored !== null) {
          return yield* new ExportWriteError({
            message: `cannot write ${path}: ${stream.errored.message}`,
            cause: stream.errored
          })
        }
        const message = `Exported ${formatCount(summary.rows)} rows of ${table} to ${path} (${chosenFormat}) in ${summary.seconds.toFixed(1)} s.`
        // With --json the summary goes to stdout; otherwise a line to stderr keeps stdout for data.
        if (json) process.stdout.write(`${JSON.stringify({ ok: true, summary: { ...summary, file: path } })}\n`)
        else process.stderr.write(`${message}\n`)
        return summary
      }).pipe(Effect.provide(databaseLayer(dataDir)))
      yield* reported(json, body)
    })
).pipe(Command.withDescription("Export a history table as CSV or JSON Lines (the format import reads)"))
