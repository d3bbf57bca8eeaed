// Bench harness: every benchmark reports through here, so `bench-results/<id>.json` has one shape
// (DESIGN.md, "Tests and benchmarks") and every run prints the same kind of table.
import { mkdirSync, writeFileSync } from "node:fs"
import { availableParallelism } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

export type Figures = Record<string, number | string | boolean | null>

/** A target named by the issue. `value` is read from the figures when the goal is reported. */
export interface Goal {
  readonly figure: string
  readonly target: number
  readonly better: "lower" | "higher"
}

export interface GoalResult extends Goal {
  readonly value: number | null
  readonly met: boolean
}

export interface BenchResult {
  readonly id: string
  readonly at: string
  readonly machine: { readonly cpus: number; readonly node: string; readonly platform: string }
  readonly figures: Figures
  readonly goals: ReadonlyArray<GoalResult>
  readonly notes?: ReadonlyArray<string>
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..")

const evaluateGoal = (goal: Goal, figures: Figures): GoalResult => {
  const raw = figures[goal.figure]
  const value = typeof raw === "number" && Number.isFinite(raw) ? raw : null
  const met = value !== null && (goal.better === "lower" ? value <= goal.target : value >= goal.target)
  return { ...goal, value, met }
}

const formatValue = (value: Figures[string]): string => {
  if (typeof value !== "number") return String(value)
  if (Number.isInteger(value)) return value.toLocaleString("en-US")
  const magnitude = Math.abs(value)
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6) ? value.toExponential(3) : value.toPrecision(4)
}

const table = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? []
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ")).join("\n")
}

/**
 * Writes `bench-results/<id>.json` at the repo root and prints the figures and goals as tables.
 * Returns the result so a bench can also assert on it or chain further work.
 */
export const reportBench = (input: {
  readonly id: string
  readonly figures: Figures
  readonly goals?: ReadonlyArray<Goal>
  readonly notes?: ReadonlyArray<string>
}): BenchResult => {
  const result: BenchResult = {
    id: input.id,
    at: new Date().toISOString(),
    machine: { cpus: availableParallelism(), node: process.version, platform: `${process.platform}-${process.arch}` },
    figures: input.figures,
    goals: (input.goals ?? []).map((goal) => evaluateGoal(goal, input.figures)),
    ...(input.notes === undefined ? {} : { notes: input.notes })
  }
  const outputDir = join(repoRoot, "bench-results")
  mkdirSync(outputDir, { recursive: true })
  writeFileSync(join(outputDir, `${input.id}.json`), `${JSON.stringify(result, null, 2)}\n`)

  console.log(`\n# ${result.id}  (${result.machine.cpus} cpus, node ${result.machine.node})\n`)
  console.log(table([["figure", "value"], ...Object.entries(result.figures).map(([k, v]) => [k, formatValue(v)])]))
  if (result.goals.length > 0) {
    console.log("")
    console.log(
      table([
        ["goal", "target", "value", "met"],
        ...result.goals.map((goal) => [
          goal.figure,
          `${goal.better === "lower" ? "<=" : ">="} ${formatValue(goal.target)}`,
          goal.value === null ? "missing" : formatValue(goal.value),
          goal.met ? "yes" : "NO"
        ])
      ])
    )
  }
  for (const note of result.notes ?? []) console.log(`note: ${note}`)
  console.log(`\nwrote bench-results/${result.id}.json`)
  return result
}

/** Wall-clock seconds of `work`, using the monotonic high-resolution clock. */
export const timeSeconds = async <A>(work: () => Promise<A> | A): Promise<{ value: A; seconds: number }> => {
  const start = process.hrtime.bigint()
  const value = await work()
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 }
}

/** Median of a list of numbers (the list is copied, not sorted in place). */
export const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const upper = sorted[middle] ?? Number.NaN
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2
}

/** The shared data folder: `$PREFLIGHT_SHARED_DIR/data`, or `../shared/data` beside the repo (as the tests). */
export const sharedDataDir = (): string =>
  join(process.env.PREFLIGHT_SHARED_DIR ?? join(repoRoot, "..", "shared"), "data")

export { type PythonPeers, peerVersionFigures, pythonPeers, pythonPeersDir, runPythonPeer } from "./python-peer.ts"
