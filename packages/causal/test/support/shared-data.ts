// Loads the benchmark data of ../shared/data (beside the repo) for accuracy tests and benchmarks. The data
// is read in place, never copied into the repo; `sharedDataPlan` decides whether a suite runs, skips
// (locally, naming the missing files) or fails (on CI, where a missing file must not pass silently).
import { existsSync } from "node:fs"
import { join } from "node:path"
import {
  isContinuousIntegration,
  readCsvFile,
  sharedDataDir as sharedDataFolder,
  sharedFilesPlan
} from "@preflight/vitest-config/shared-data"
import type { Matrix } from "../../src/matrix.ts"

/** `<repo>/../shared/data`, or `$PREFLIGHT_SHARED_DIR/data` when that variable is set (turbo passes it to tests). */
export const sharedDataDir = sharedDataFolder()

/** The files (relative to the data folder) each loader below reads. */
export const sharedDataFiles = {
  hillstrom: ["hillstrom.csv", "hillstrom_split.csv"],
  ihdp: [...Array.from({ length: 10 }, (_, i) => `ihdp/ihdp_npci_${i + 1}.csv`), "ihdp/ihdp_split.csv"],
  rossi: ["survival/rossi.csv"],
  mmmExample: ["mmm/pymc_marketing_mmm_example.csv"]
} as const satisfies Record<string, ReadonlyArray<string>>

/** Files of `files` that do not exist under `dataDir`. */
export const missingSharedFiles = (files: ReadonlyArray<string>, dataDir = sharedDataDir): Array<string> =>
  files.filter((file) => !existsSync(join(dataDir, file)))

/** CI sets CI=true (GitHub Actions, GitLab, CircleCI…); an empty value, "false" or "0" means not on CI. */
export const isCi = (ci: string | undefined): boolean => isContinuousIntegration(ci)

/** Run when every data file exists; otherwise skip locally and fail on CI, naming the missing files. */
export const sharedDataPlan = (
  files: ReadonlyArray<string>,
  options: { readonly dataDir?: string; readonly ci?: boolean } = {}
) =>
  sharedFilesPlan(files, {
    folder: options.dataDir ?? sharedDataDir,
    ...(options.ci === undefined ? {} : { ci: options.ci })
  })

/** The header and rows of a CSV (`header = false` keeps the first row as data). */
export const readCsv = (
  path: string,
  header = true
): { columns: ReadonlyArray<string>; rows: Array<Array<string>> } => {
  const table = readCsvFile(path)
  return header ? table : { columns: [], rows: [[...table.columns], ...table.rows] }
}

const column = (columns: ReadonlyArray<string>, name: string): number => {
  const index = columns.indexOf(name)
  if (index < 0) throw new Error(`column ${name} missing`)
  return index
}

export interface UpliftSplit {
  readonly xTrain: Matrix
  readonly yTrain: Float64Array
  readonly tTrain: Float64Array
  readonly xHoldout: Matrix
  readonly yHoldout: Float64Array
  readonly tHoldout: Float64Array
}

/**
 * Hillstrom Womens E-Mail (t = 1) vs No E-Mail (t = 0), outcome visit, the 12 features of
 * ref_causal.py, split by hillstrom_split.csv (the reference's exact 70/30 split).
 */
export const loadHillstrom = (outcomeName: "visit" | "conversion" | "spend" = "visit"): UpliftSplit => {
  const data = readCsv(join(sharedDataDir, "hillstrom.csv"))
  const split = readCsv(join(sharedDataDir, "hillstrom_split.csv"))
  const c = (name: string) => column(data.columns, name)
  const splitOf = new Map<number, string>()
  const rowCol = column(split.columns, "row")
  const splitCol = column(split.columns, "womens_vs_none_split")
  for (const r of split.rows) splitOf.set(Number(r[rowCol]), r[splitCol] ?? "")
  const train: Array<Array<number>> = []
  const holdout: Array<Array<number>> = []
  data.rows.forEach((r, index) => {
    const segment = r[c("segment")]
    if (segment !== "Womens E-Mail" && segment !== "No E-Mail") return
    const zip = r[c("zip_code")]
    const channel = r[c("channel")]
    const features = [
      Number(r[c("recency")]),
      Number(r[c("history")]),
      Number(r[c("mens")]),
      Number(r[c("womens")]),
      Number(r[c("newbie")]),
      Number((r[c("history_segment")] ?? "").slice(0, 1)),
      zip === "Urban" ? 1 : 0,
      zip === "Surburban" ? 1 : 0,
      zip === "Rural" ? 1 : 0,
      channel === "Web" ? 1 : 0,
      channel === "Phone" ? 1 : 0,
      channel === "Multichannel" ? 1 : 0
    ]
    const record = [...features, Number(r[c(outcomeName)]), segment === "Womens E-Mail" ? 1 : 0]
    const part = splitOf.get(index)
    if (part === "train") train.push(record)
    else if (part === "holdout") holdout.push(record)
  })
  const toParts = (records: Array<Array<number>>) => {
    const cols = 12
    const values = new Float64Array(records.length * cols)
    const y = new Float64Array(records.length)
    const t = new Float64Array(records.length)
    records.forEach((rec, i) => {
      for (let j = 0; j < cols; j++) values[i * cols + j] = rec[j] ?? 0
      y[i] = rec[cols] ?? 0
      t[i] = rec[cols + 1] ?? 0
    })
    return { x: { rows: records.length, cols, values }, y, t }
  }
  const tr = toParts(train)
  const ho = toParts(holdout)
  return { xTrain: tr.x, yTrain: tr.y, tTrain: tr.t, xHoldout: ho.x, yHoldout: ho.y, tHoldout: ho.t }
}

export interface IhdpReplication {
  readonly x: Matrix
  readonly treatment: Float64Array
  readonly yFactual: Float64Array
  readonly mu0: Float64Array
  readonly mu1: Float64Array
  /** 0-based rows of the reference 70/30 split (ihdp_split.csv). */
  readonly trainRows: Int32Array
  readonly holdoutRows: Int32Array
}

/** IHDP NPCI replication `rep` (1..10): columns treatment, y_factual, y_cfactual, mu0, mu1, x1..x25. */
export const loadIhdp = (rep: number): IhdpReplication => {
  const { rows } = readCsv(join(sharedDataDir, "ihdp", `ihdp_npci_${rep}.csv`), false)
  const parsed = rows.filter((r) => r.length >= 30).map((r) => r.map(Number))
  const n = parsed.length
  const cols = 25
  const values = new Float64Array(n * cols)
  const treatment = new Float64Array(n)
  const yFactual = new Float64Array(n)
  const mu0 = new Float64Array(n)
  const mu1 = new Float64Array(n)
  parsed.forEach((r, i) => {
    treatment[i] = r[0] ?? 0
    yFactual[i] = r[1] ?? 0
    mu0[i] = r[3] ?? 0
    mu1[i] = r[4] ?? 0
    for (let j = 0; j < cols; j++) values[i * cols + j] = r[5 + j] ?? 0
  })
  const split = readCsv(join(sharedDataDir, "ihdp", "ihdp_split.csv"))
  const rowCol = column(split.columns, "row")
  const splitCol = column(split.columns, "split")
  const trainRows = split.rows.filter((r) => r[splitCol] === "train").map((r) => Number(r[rowCol]))
  const holdoutRows = split.rows.filter((r) => r[splitCol] === "holdout").map((r) => Number(r[rowCol]))
  return {
    x: { rows: n, cols, values },
    treatment,
    yFactual,
    mu0,
    mu1,
    trainRows: Int32Array.from(trainRows),
    holdoutRows: Int32Array.from(holdoutRows)
  }
}

export interface RossiData {
  /** Columns fin, age, race, wexp, mar, paro, prio. */
  readonly x: Matrix
  readonly week: Float64Array
  readonly arrest: Float64Array
}

/** lifelines' rossi.csv (432 subjects, 114 arrests within 52 weeks). */
export const loadRossi = (): RossiData => {
  const { columns, rows } = readCsv(join(sharedDataDir, "survival", "rossi.csv"))
  const covariates = ["fin", "age", "race", "wexp", "mar", "paro", "prio"].map((name) => column(columns, name))
  const values = new Float64Array(rows.length * covariates.length)
  rows.forEach((r, i) => {
    covariates.forEach((c, j) => {
      values[i * covariates.length + j] = Number(r[c])
    })
  })
  return {
    x: { rows: rows.length, cols: covariates.length, values },
    week: Float64Array.from(rows, (r) => Number(r[column(columns, "week")])),
    arrest: Float64Array.from(rows, (r) => Number(r[column(columns, "arrest")]))
  }
}

export interface MmmExample {
  readonly y: Float64Array
  readonly x1: Float64Array
  readonly x2: Float64Array
  readonly event1: Float64Array
  readonly event2: Float64Array
  readonly dayOfYear: Float64Array
}

/** pymc-marketing's mmm_example.csv (179 weeks; DGP in ../shared/data/README.md). */
export const loadMmmExample = (): MmmExample => {
  const { columns, rows } = readCsv(join(sharedDataDir, "mmm", "pymc_marketing_mmm_example.csv"))
  const get = (name: string) => Float64Array.from(rows, (r) => Number(r[column(columns, name)]))
  return {
    y: get("y"),
    x1: get("x1"),
    x2: get("x2"),
    event1: get("event_1"),
    event2: get("event_2"),
    dayOfYear: get("dayofyear")
  }
}
