// How the CLI talks: human text or `--json`, a progress bar on a terminal, and the one place
// where failures become a message and an exit code.

import type { ImportProgress, RowIssue } from "@preflight/storage"
import { Cause, Console, Data, Effect } from "effect"

/** Fails a command after its message was printed; main.ts turns it into the exit code. */
export class CommandFailed extends Data.TaggedError("CommandFailed")<{ readonly exitCode: number }> {}

const formatCount = (value: number) => value.toLocaleString("en-US")

interface TaggedFailure {
  readonly _tag: string
  readonly message?: string
}

const isTagged = (value: unknown): value is TaggedFailure =>
  typeof value === "object" && value !== null && "_tag" in value && typeof value._tag === "string"

/** One paragraph a person can act on, for each failure the commands can produce. */
export const describeFailure = (error: unknown): string => {
  if (!isTagged(error)) return `Unexpected failure: ${String(error)}`
  // Messages are written without a final period, but driver texts sometimes carry one.
  const message = (error.message ?? "").replace(/\.+$/, "")
  switch (error._tag) {
    case "ImportValidationError":
      return `Import refused: ${message}. Fix the rows listed below and run the import again; the file is imported in one transaction, so nothing needs cleaning up.`
    case "ImportFormatError":
      return `Import refused: ${message}. Nothing was imported.`
    case "UnknownTable":
      return `${message.charAt(0).toUpperCase()}${message.slice(1)}.`
    case "MigrationError":
      return `Migration refused: ${message}.`
    case "DatabaseConnectionError":
      return `Cannot reach the database: ${message}. Check DATABASE_URL (or --data-dir for the embedded database) and that the server is running.`
    case "DatabaseInUse":
      return `Database busy: ${message}.`
    case "ConstraintViolation":
    case "QueryError":
    case "SerializationFailure":
      return `The database refused the operation: ${message}.`
    case "ExportWriteError":
      return `Export failed: ${message}.`
    default:
      return message === "" ? error._tag : message
  }
}

const issuesOf = (error: unknown): ReadonlyArray<RowIssue> =>
  isTagged(error) && error._tag === "ImportValidationError" && "issues" in error
    ? (error.issues as ReadonlyArray<RowIssue>)
    : []

/**
 * Runs a command body: prints its failure (human paragraph or JSON on stdout) and fails with
 * `CommandFailed` so the process exits non-zero. Defects are reported as internal errors.
 */
export const reported = <A, E, R>(json: boolean, body: Effect.Effect<A, E, R>) =>
  body.pipe(
    Effect.catchCause((cause) =>
      Effect.gen(function* () {
        const failure = Cause.findErrorOption(cause)
        if (failure._tag === "Some") {
          const error = failure.value
          if (json) {
            const fields = isTagged(error) ? { ...(error as object) } : {}
            yield* Console.log(
              JSON.stringify({
                ok: false,
                error: { tag: isTagged(error) ? error._tag : "Error", message: describeFailure(error), ...fields }
              })
            )
          } else {
            yield* Console.error(describeFailure(error))
            const issues = issuesOf(error)
            if (issues.length > 0) {
              yield* Console.error("")
              for (const issue of issues) {
                yield* Console.error(
                  `  row ${formatCount(issue.row)} (line ${formatCount(issue.line)}), ${issue.column}: ${issue.reason}`
                )
              }
              const total = isTagged(error) && "totalIssues" in error ? Number(error.totalIssues) : issues.length
              if (total > issues.length) yield* Console.error(`  … and ${formatCount(total - issues.length)} more`)
            }
          }
          return yield* new CommandFailed({ exitCode: 1 })
        }
        if (Cause.hasInterruptsOnly(cause)) return yield* new CommandFailed({ exitCode: 130 })
        yield* Console.error(`Internal error (a bug in preflight, please report it):\n${Cause.pretty(cause)}`)
        return yield* new CommandFailed({ exitCode: 70 })
      })
    )
  )

/** Prints a result: the JSON document with `--json`, otherwise the human lines. */
export const printResult = (json: boolean, result: object, human: ReadonlyArray<string>) =>
  json
    ? Console.log(JSON.stringify({ ok: true, ...result }))
    : Effect.forEach(human, (line) => Console.log(line), { discard: true })

/** A progress bar on stderr, drawn only on a terminal and only once a file has a few thousand rows. */
export const importProgressBar = (enabled: boolean) => {
  const interactive = enabled && process.stderr.isTTY === true
  let drawn = false
  let lastDraw = 0
  return {
    update(progress: ImportProgress) {
      if (!interactive || progress.rowsRead < 5000) return
      const now = performance.now()
      if (now - lastDraw < 100) return
      lastDraw = now
      const share = progress.totalBytes > 0 ? Math.min(1, progress.bytesRead / progress.totalBytes) : 0
      const width = 30
      const filled = Math.round(share * width)
      const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`
      process.stderr.write(
        `\r${bar} ${(share * 100).toFixed(0).padStart(3)}%  ${formatCount(progress.rowsRead)} rows validated`
      )
      drawn = true
    },
    finish() {
      if (drawn) process.stderr.write("\r\u001b[2K")
    }
  }
}

export { formatCount }

/**
 * Stage lines for long steps (fitting, backtests) on stderr: each stage with the seconds since the start, so a
 * minute-long fit shows where it is. Silent with `--json` (stdout stays one document).
 */
export const stageReporter = (enabled: boolean) => {
  const started = performance.now()
  let count = 0
  return {
    stage: (name: string) => {
      if (!enabled) return
      count++
      process.stderr.write(`  [${count}] ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`)
    },
    finish: () => {
      if (enabled && count > 0)
        process.stderr.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
    }
  }
}
