// Test access to the shared benchmark data (`<repo>/../shared/data`, present in CI) and a small CSV reader.
import { existsSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..")

/** The shared data folder beside the repository. */
export const sharedDataDir = join(repoRoot, "..", "shared", "data")

export const hasSharedData = existsSync(join(sharedDataDir, "hillstrom.csv"))

export const missingDataMessage = `shared data not found at ${sharedDataDir}; the accuracy tests against the reference need it`

/** Parses a CSV with a header row; fields may be double-quoted (Hillstrom quotes "6) $750 - $1,000"). */
export const readCsv = (
  name: string
): { readonly header: ReadonlyArray<string>; readonly rows: ReadonlyArray<ReadonlyArray<string>> } => {
  const text = readFileSync(join(sharedDataDir, name), "utf8")
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0)
  const parse = (line: string): Array<string> => {
    const fields: Array<string> = []
    let current = ""
    let quoted = false
    for (let i = 0; i < line.length; i++) {
      const char = line[i] as string
      if (quoted) {
        if (char === '"' && line[i + 1] === '"') {
          current += '"'
          i++
        } else if (char === '"') quoted = false
        else current += char
      } else if (char === '"') quoted = true
      else if (char === ",") {
        fields.push(current)
        current = ""
      } else current += char
    }
    fields.push(current)
    return fields
  }
  const [headerLine, ...rest] = lines
  return { header: parse(headerLine ?? ""), rows: rest.map(parse) }
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

/** Names a data-dependent test; when the data is absent the name says why it was skipped. */
export const dataTestName = (name: string): string =>
  hasSharedData ? name : `${name} — skipped: ${missingDataMessage}`
