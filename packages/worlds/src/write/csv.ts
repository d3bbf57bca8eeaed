// CSV cells as the storage import reads them (RFC 4180 quoting; JSON columns as JSON text; empty = NULL)
// and a line writer that streams to a file with back-pressure.
import { once } from "node:events"
import { createWriteStream } from "node:fs"

const NEEDS_QUOTES = /[",\r\n]/

/** One cell: null/undefined → empty, objects → JSON text, strings quoted when they hold , " or a newline. */
export const csvCell = (value: unknown): string => {
  if (value === null || value === undefined) return ""
  const text = typeof value === "object" ? JSON.stringify(value) : String(value)
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * One CSV line of `row`'s `columns`. `jsonCells` caches the cell of each JSON object: a world's rows share
 * one content or metadata object per campaign variant, so each is serialised once.
 */
export const csvLine = (
  row: object,
  columns: ReadonlyArray<string>,
  jsonCells: WeakMap<object, string> = new WeakMap()
): string => {
  const record = row as Record<string, unknown>
  let line = ""
  for (let index = 0; index < columns.length; index++) {
    if (index > 0) line += ","
    const value = record[columns[index] as string]
    if (typeof value === "object" && value !== null) {
      let cell = jsonCells.get(value)
      if (cell === undefined) {
        cell = csvCell(value)
        jsonCells.set(value, cell)
      }
      line += cell
    } else line += csvCell(value)
  }
  return line
}

/** Writes `header` and one line per row to `path`, in chunks, waiting for the stream when it is full. */
export const writeCsvFile = async (
  path: string,
  columns: ReadonlyArray<string>,
  rows: ReadonlyArray<object>
): Promise<number> => {
  const stream = createWriteStream(path, { encoding: "utf8" })
  const failed = new Promise<never>((_, reject) => stream.once("error", reject))
  // Marked handled here; the races below still reject with the stream's error.
  failed.catch(() => undefined)
  const write = async (chunk: string) => {
    if (!stream.write(chunk)) await Promise.race([once(stream, "drain"), failed])
  }
  await write(`${columns.join(",")}\n`)
  const jsonCells = new WeakMap<object, string>()
  let buffer: Array<string> = []
  for (const row of rows) {
    buffer.push(csvLine(row, columns, jsonCells))
    if (buffer.length >= 4096) {
      await write(`${buffer.join("\n")}\n`)
      buffer = []
    }
  }
  if (buffer.length > 0) await write(`${buffer.join("\n")}\n`)
  stream.end()
  await Promise.race([once(stream, "finish"), failed])
  return rows.length
}
