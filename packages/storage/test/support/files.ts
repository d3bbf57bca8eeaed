// Temp directories and small file helpers for import tests.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { PassThrough } from "node:stream"
import { Effect } from "effect"
import { exportTable, type ImportFormat, type TableName } from "../../src/index.ts"

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `preflight-${prefix}-`))

/** Rewrites `file` with `edit` applied to its lines (line 1 is the header). */
export const editLines = (file: string, edit: (lines: Array<string>) => Array<string>, target = file): string => {
  const lines = readFileSync(file, "utf8").replace(/\n$/, "").split("\n")
  writeFileSync(target, `${edit(lines).join("\n")}\n`)
  return target
}

/** The whole export of a table as a string. */
export const exportToString = (table: TableName, format: ImportFormat) =>
  Effect.gen(function* () {
    const output = new PassThrough()
    const chunks: Array<string> = []
    output.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")))
    yield* exportTable({ table, format, output })
    output.end()
    return chunks.join("")
  })
