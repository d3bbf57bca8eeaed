// Test access to the shared benchmark data (`../shared/data`, or PREFLIGHT_SHARED_DIR/data) through the
// workspace's one helper (`@preflight/vitest-config/shared-data`): the Hillstrom loader and column accessor.
import { join } from "node:path"
import { itWithSharedFiles, readCsvFile, sharedDataDir } from "@preflight/vitest-config/shared-data"

/** The shared data files the tests read. */
export type SharedDataFile = "hillstrom.csv" | "hillstrom_control_visit_predictions.csv"

/**
 * `it` for a test that reads shared data `files` (the workspace's one gate, `@preflight/vitest-config`'s
 * `itWithSharedFiles`): runs it, skips it naming the files locally, fails naming them on CI.
 *
 * @example itWithSharedData(["hillstrom.csv"])("rakes to the reference's margins", () => { ... })
 */
export const itWithSharedData = (files: ReadonlyArray<SharedDataFile>) =>
  itWithSharedFiles(files.map((file) => `data/${file}`))

/** Reads a shared data CSV (header row, RFC 4180 quoting: Hillstrom quotes "6) $750 - $1,000"). */
export const readCsv = (
  name: SharedDataFile
): { readonly header: ReadonlyArray<string>; readonly rows: ReadonlyArray<ReadonlyArray<string>> } => {
  const table = readCsvFile(join(sharedDataDir(), name))
  return { header: table.columns, rows: table.rows.filter((row) => !(row.length === 1 && row[0] === "")) }
}

/** Column accessor by name. */
export const column = (table: ReturnType<typeof readCsv>, name: string): Array<string> => {
  const index = table.header.indexOf(name)
  if (index < 0) throw new Error(`no column ${name}`)
  return table.rows.map((row) => row[index] ?? "")
}

export interface HillstromRow {
  readonly recency: number
  readonly history: number
  readonly zipCode: string
  readonly newbie: number
  readonly channel: string
  readonly segment: string
  readonly visit: number
  readonly spend: number
}

let cachedHillstrom: ReadonlyArray<HillstromRow> | undefined

export const hillstrom = (): ReadonlyArray<HillstromRow> => {
  if (cachedHillstrom !== undefined) return cachedHillstrom
  const table = readCsv("hillstrom.csv")
  const get = (name: string) => column(table, name)
  const recency = get("recency")
  const history = get("history")
  const zip = get("zip_code")
  const newbie = get("newbie")
  const channel = get("channel")
  const segment = get("segment")
  const visit = get("visit")
  const spend = get("spend")
  cachedHillstrom = recency.map((_, i) => ({
    recency: Number(recency[i]),
    history: Number(history[i]),
    zipCode: zip[i] ?? "",
    newbie: Number(newbie[i]),
    channel: channel[i] ?? "",
    segment: segment[i] ?? "",
    visit: Number(visit[i]),
    spend: Number(spend[i])
  }))
  return cachedHillstrom
}

/** `it` for tests that read hillstrom.csv (see itWithSharedData). */
export const itWithHillstrom = itWithSharedData(["hillstrom.csv"])
