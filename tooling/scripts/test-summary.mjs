#!/usr/bin/env node
// Adds up vitest's JSON reports (test-results/vitest.json in each package) into the one line CI
// prints: `tests: N passed, N failed`. A package whose suites failed to load counts its failed
// suites as failures, so a crash is never reported as green.
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"

/** Workspace packages that have a `test` script, with the path their vitest report is written to. */
export const testedPackages = (repoRoot) =>
  ["packages", "apps", "tooling"].flatMap((group) => {
    const groupDir = join(repoRoot, group)
    if (!existsSync(groupDir)) return []
    return readdirSync(groupDir)
      .map((name) => join(groupDir, name))
      .filter((dir) => {
        const manifest = join(dir, "package.json")
        return existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).scripts?.test !== undefined
      })
      .map((dir) => ({ name: relative(repoRoot, dir), report: join(dir, "test-results", "vitest.json") }))
  })

export const findReports = (repoRoot) =>
  testedPackages(repoRoot)
    .map((entry) => entry.report)
    .filter((path) => existsSync(path))

export const summarize = (repoRoot) => {
  let passed = 0
  let failed = 0
  let skipped = 0
  const missing = []
  for (const entry of testedPackages(repoRoot)) {
    // A package whose runner crashed before writing its report counts as one failure.
    if (!existsSync(entry.report)) {
      failed += 1
      missing.push(entry.name)
      continue
    }
    const report = JSON.parse(readFileSync(entry.report, "utf8"))
    passed += report.numPassedTests ?? 0
    failed += report.numFailedTests ?? 0
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
    // Suites that failed before running any test (import error, syntax error) report no tests.
    let failedSuites = 0
    for (const suite of report.testResults ?? []) {
      if (suite.status === "failed" && (suite.assertionResults ?? []).length === 0) failedSuites += 1
    }
    failed += failedSuites
    // A run vitest itself calls unsuccessful with nothing else to show (e.g. no test files) is a failure too.
    if (report.success === false && (report.numFailedTests ?? 0) === 0 && failedSuites === 0) {
      failed += 1
      missing.push(entry.name)
    }
  }
  return { passed, failed, skipped, missing, line: `tests: ${passed} passed, ${failed} failed` }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
  const summary = summarize(repoRoot)
  if (summary.skipped > 0) console.log(`(${summary.skipped} tests skipped)`)
  for (const name of summary.missing)
    console.log(`(${name}: its test run failed without a failing test: no report, or no tests)`)
  console.log(summary.line)
  process.exit(summary.failed === 0 ? 0 : 1)
}
