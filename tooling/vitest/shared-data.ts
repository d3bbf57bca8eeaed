// The one test helper for ../shared (beside the repo, or PREFLIGHT_SHARED_DIR, which turbo passes to tests):
// where a shared file is, whether this run is CI, and the gate every accuracy test uses — run when its files
// exist, skip naming them on a developer machine, fail naming them on CI (where a missing reference must not
// turn an anchor into a silent skip). Also a small RFC 4180 CSV reader for the data files.
import { existsSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..")

/** The shared folder: `$PREFLIGHT_SHARED_DIR`, or `../shared` beside the repository. */
export const sharedDir = (): string => process.env.PREFLIGHT_SHARED_DIR ?? join(repoRoot, "..", "shared")

/** The shared data folder (`<shared>/data`). */
export const sharedDataDir = (): string => join(sharedDir(), "data")

/** Absolute path of a file under the shared folder. */
export const sharedPath = (...parts: ReadonlyArray<string>): string => join(sharedDir(), ...parts)

/** CI sets CI=true (GitHub Actions, GitLab, CircleCI…); an empty value, "0" or "false" means not on CI. */
export const isContinuousIntegration = (ci: string | undefined): boolean =>
  ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false"

/** Whether this test run is on CI, from the `CI` environment variable. */
export const runningOnCi = (): boolean => isContinuousIntegration(process.env.CI)

/** What a test needing shared files does. */
export type SharedDataPlan =
  | { readonly kind: "run" }
  | { readonly kind: "skip" | "fail"; readonly missing: ReadonlyArray<string>; readonly message: string }

/** Run when every file (relative to `folder`, default the shared folder) exists; else skip locally, fail on CI. */
export const sharedFilesPlan = (
  files: ReadonlyArray<string>,
  options: { readonly folder?: string; readonly ci?: boolean } = {}
): SharedDataPlan => {
  const folder = options.folder ?? sharedDir()
  const missing = files.filter((file) => !existsSync(join(folder, file)))
  if (missing.length === 0) return { kind: "run" }
  const what = `shared files missing in ${folder}: ${missing.join(", ")} (check out ../shared or set PREFLIGHT_SHARED_DIR)`
  return (options.ci ?? runningOnCi())
    ? { kind: "fail", missing, message: `${what}; CI is set, so the tests that need them fail instead of skipping` }
    : { kind: "skip", missing, message: `skipped, ${what}` }
}

/**
 * `it` for a test reading shared `files` (paths under the shared folder, e.g. "data/hillstrom.csv"): runs it,
 * or skips it with the reason in its name, or (on CI) registers a failing test naming the missing files.
 */
export const itWithSharedFiles =
  (files: ReadonlyArray<string>) =>
  (name: string, body: () => unknown, timeoutMs?: number): void => {
    const plan = sharedFilesPlan(files)
    if (plan.kind === "run") it(name, body, timeoutMs)
    else if (plan.kind === "skip") it.skip(`${name}: ${plan.message}`, () => {})
    else
      it(`${name}: ${plan.message}`, () => {
        expect.fail(plan.message)
      })
  }

/** `describe` for a suite reading shared `files`, gated like {@link itWithSharedFiles}. */
export const describeWithSharedFiles = (name: string, files: ReadonlyArray<string>, suite: () => void): void => {
  const plan = sharedFilesPlan(files)
  if (plan.kind === "run") describe(name, suite)
  else if (plan.kind === "skip") it.skip(`${name}: ${plan.message}`, () => {})
  else
    it(`${name}: ${plan.message}`, () => {
      expect.fail(plan.message)
    })
}

/** Minimal RFC 4180 reader: quoted fields with commas and doubled quotes, LF or CRLF; the first row is the header. */
export const readCsvFile = (
  path: string
): { readonly columns: ReadonlyArray<string>; readonly rows: Array<Array<string>> } => {
  const text = readFileSync(path, "utf8")
  const rows: Array<Array<string>> = []
  let field = ""
  let row: Array<string> = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ",") {
      row.push(field)
      field = ""
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++
      row.push(field)
      rows.push(row)
      row = []
      field = ""
    } else field += ch
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return { columns: rows[0] ?? [], rows: rows.slice(1) }
}
