#!/usr/bin/env node
// The README's test command: every package's tests through turbo, then one summary line from the
// test runner's own JSON reports. Exits non-zero when any test or package failed.
import { spawnSync } from "node:child_process"
import { rmSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { findReports, summarize } from "./test-summary.mjs"

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..")

// Stale reports from an earlier run must not be counted; turbo restores cached ones it replays.
for (const report of findReports(repoRoot)) rmSync(report, { force: true })

const turbo = join(repoRoot, "node_modules", ".bin", "turbo")
const extra = process.argv.slice(2)
const result = spawnSync(turbo, ["run", "test", "--concurrency=2", "--continue", ...extra], {
  cwd: repoRoot,
  stdio: "inherit"
})
const summary = summarize(repoRoot)
if (summary.skipped > 0) console.log(`(${summary.skipped} tests skipped)`)
for (const name of summary.missing)
  console.log(`(${name}: its test run failed without a failing test: no report, or no tests)`)
console.log(summary.line)
process.exit(result.status === 0 && summary.failed === 0 ? 0 : 1)
