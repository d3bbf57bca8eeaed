// Opens an import file as a stream of text chunks: the format comes from the extension
// (.csv, .jsonl/.ndjson, optionally .gz-compressed), progress is counted in bytes read from disk.
import { createReadStream, statSync } from "node:fs"
import { basename } from "node:path"
import type { Readable } from "node:stream"
import { createGunzip } from "node:zlib"
import { Effect } from "effect"
import { ImportFormatError } from "../errors.ts"

export type ImportFormat = "csv" | "jsonl"

export interface FileSource {
  readonly format: ImportFormat
  readonly totalBytes: number
  /** Opens a fresh stream (a retried transaction reads the file again). */
  open(): { readonly text: AsyncIterable<string>; readonly bytesRead: () => number }
}

const CHUNK_BYTES = 1 << 20

export const formatFromPath = (file: string): ImportFormat | undefined => {
  const name = basename(file).toLowerCase().replace(/\.gz$/, "")
  if (name.endsWith(".csv")) return "csv"
  if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return "jsonl"
  return undefined
}

export const openFileSource = (file: string, format?: ImportFormat): Effect.Effect<FileSource, ImportFormatError> =>
  Effect.gen(function* () {
    const resolved = format ?? formatFromPath(file)
    if (resolved === undefined) {
      return yield* new ImportFormatError({
        file,
        message: `cannot tell the format of ${file}: use a .csv, .jsonl or .ndjson file (optionally .gz)`
      })
    }
    const stats = yield* Effect.try({
      try: () => statSync(file),
      catch: (cause) =>
        new ImportFormatError({
          file,
          message: `cannot read ${file}: ${(cause as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(cause)}`
        })
    })
    if (!stats.isFile()) return yield* new ImportFormatError({ file, message: `${file} is not a file` })
    const gzipped = file.toLowerCase().endsWith(".gz")
    return {
      format: resolved,
      totalBytes: stats.size,
      open: () => {
        const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES })
        const decoded: Readable = gzipped ? raw.pipe(createGunzip()) : raw
        decoded.setEncoding("utf8")
        return { text: decoded, bytesRead: () => raw.bytesRead }
      }
    }
  })
