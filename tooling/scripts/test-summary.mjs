#!/usr/bin/env node
// Adds up vitest's JSON reports (test-results/vitest.json in each package) into the one line CI
// prints: `tests: N passed, N failed`. A package whose suites failed to load counts its failed
// suites as failures, so a crash is never reported as green.
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

export const findReports = (repoRoot) =>
  ["packages", "apps", "tooling"].flatMap((group) => {
    const groupDir = join(repoRoot, group)
    if (!existsSync(groupDir)) return []
    return readdirSync(groupDir)
      .map((name) => join(groupDir, name, "test-results", "vitest.json"))
      .filter((path) => existsSync(path))
  })

export const summarize = (repoRoot) => {
  let passed = 0
  let failed = 0
  let skipped = 0
  for (const path of findReports(repoRoot)) {
    const report = JSON.parse(readFileSync(path, "utf8"))
    passed += report.numPassedTests ?? 0
    failed += report.numFailedTests ?? 0
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
    // Suites that failed before running any test (import error, syntax error) report no tests.
    for (const suite of report.testResults ?? []) {
      if (suite.status === "failed" && (suite.assertionResults ?? []).length === 0) failed += 1
    }
  }
  return { passed, failed, skipped, line: `tests: ${passed} passed, ${failed} failed` }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
  const summary = summarize(repoRoot)
  if (summary.skipped > 0) console.log(`(${summary.skipped} tests skipped)`)
  console.log(summary.line)
  process.exit(summary.failed === 0 ? 0 : 1)
}
