// writeWorld: a world's files in a directory: the five history tables as CSV (in import order), one
// request_<i>.json per held-out campaign, truth.json and manifest.json.
import { mkdir, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { Effect } from "effect"
import { WorldWriteError } from "../errors.ts"
import type { World } from "../generate/generate-world.ts"
import { TABLE_COLUMNS, TABLE_ORDER, type WorldTableName } from "../generate/tables.ts"
import { writeCsvFile } from "./csv.ts"

export interface WrittenWorld {
  readonly directory: string
  /** The CSV of each table, in the order they should be imported. */
  readonly tables: ReadonlyArray<{ readonly table: WorldTableName; readonly path: string; readonly rows: number }>
  readonly requests: ReadonlyArray<string>
  readonly truth: string
  readonly manifest: string
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

const attempt = <A>(path: string, write: () => Promise<A>) =>
  Effect.tryPromise({
    try: write,
    catch: (cause) =>
      new WorldWriteError({
        path,
        message: `cannot write ${path}: ${cause instanceof Error ? cause.message : String(cause)}`
      })
  })

/**
 * Writes `world` into `directory` (created if missing; files of the same names are replaced). The same world
 * always gives byte-identical files. Fails with `WorldWriteError` naming the file that could not be written.
 */
export const writeWorld = Effect.fn("writeWorld")(function* (world: World, directory: string) {
  yield* attempt(directory, () => mkdir(directory, { recursive: true }))
  const tables: Array<WrittenWorld["tables"][number]> = []
  for (const table of TABLE_ORDER) {
    const path = join(directory, `${table}.csv`)
    const rows = yield* attempt(path, () => writeCsvFile(path, TABLE_COLUMNS[table], world.tables[table]))
    tables.push({ table, path, rows })
  }
  const requests: Array<string> = []
  for (const entry of world.requests) {
    const path = join(directory, entry.file)
    yield* attempt(path, () => writeFile(path, json(entry.request)))
    requests.push(path)
  }
  const truth = join(directory, "truth.json")
  yield* attempt(truth, () => writeFile(truth, json(world.truth)))
  const manifest = join(directory, "manifest.json")
  yield* attempt(manifest, () => writeFile(manifest, json(world.manifest)))
  const written: WrittenWorld = { directory, tables, requests, truth, manifest }
  return written
})
