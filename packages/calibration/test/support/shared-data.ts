// Test access to the shared benchmark data (`<repo>/../shared/data`, present in CI) and a small CSV reader.
// Data-dependent tests go through `itWithSharedData`: they skip with the reason on a machine without the data,
// and fail in CI, where a missing file must not turn every reference anchor into a silent skip.
import { existsSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { it } from "vitest"

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..")

/** The shared data folder beside the repository. */
export const sharedDataDir = join(repoRoot, "..", "shared", "data")

/** The shared data files the tests read. */
export type SharedDataFile = "hillstrom.csv" | "hillstrom_control_visit_predictions.csv"

/** What a data-dependent test does: run, skip (data absent on a developer machine) or fail (data absent in CI). */
export type SharedDataGate =
  | { readonly mode: "run" }
  | { readonly mode: "skip" | "fail"; readonly missing: ReadonlyArray<SharedDataFile>; readonly message: string }

/**
 * True when the environment says it is CI: `CI` set to anything but "", "0" or "false" (GitHub Actions, GitLab
 * and most runners set CI=true).
 */
export const isContinuousIntegration = (env: Readonly<Record<string, string | undefined>>): boolean => {
  const value = env.CI
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false"
}

/** Decides what a test needing `files` does, given which files exist and whether this is CI. */
export const sharedDataGate = (
  files: ReadonlyArray<SharedDataFile>,
  environment: { readonly continuousIntegration: boolean; readonly exists: (file: SharedDataFile) => boolean }
): SharedDataGate => {
  const missing = files.filter((file) => !environment.exists(file))
  if (missing.length === 0) return { mode: "run" }
  const message = `shared data ${missing.join(", ")} not found in ${sharedDataDir}; the accuracy tests against the reference need it`
  return environment.continuousIntegration
    ? { mode: "fail", missing, message: `${message} (CI is set, so this fails instead of skipping)` }
    : { mode: "skip", missing, message }
}

const gateFor = (files: ReadonlyArray<SharedDataFile>): SharedDataGate =>
  sharedDataGate(files, {
    continuousIntegration: isContinuousIntegration(process.env),
    exists: (file) => existsSync(join(sharedDataDir, file))
  })

/**
 * `it` for a test that reads shared data `files`: runs it when they all exist; otherwise skips it with the
 * reason in its name, or — in CI — registers a failing test naming the missing files.
 *
 * @example itWithSharedData(["hillstrom.csv"])("rakes to the reference's margins", () => { ... })
 */
export const itWithSharedData =
  (files: ReadonlyArray<SharedDataFile>) =>
  (name: string, body: () => void): void => {
    const gate = gateFor(files)
    if (gate.mode === "run") it(name, body)
    else if (gate.mode === "skip") it.skip(`${name} — skipped: ${gate.message}`, body)
    else
      it(`${name} — shared data missing`, () => {
        throw new Error(gate.message)
      })
  }

/** Parses a CSV with a header row; fields may be double-quoted (Hillstrom quotes "6) $750 - $1,000"). */
export const readCsv = (
  name: SharedDataFile
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

/** `it` for tests that read hillstrom.csv (see itWithSharedData). */
export const itWithHillstrom = itWithSharedData(["hillstrom.csv"])
