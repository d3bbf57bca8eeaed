// The shared-data gate of the accuracy suites: run when every file is there, otherwise skip locally and
// fail on CI, naming the missing files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { isCi, sharedDataFiles, sharedDataPlan } from "./shared-data.ts"

describe("sharedDataPlan", () => {
  // A data folder with a README and Hillstrom's CSV but not its split file.
  const dataDir = mkdtempSync(join(tmpdir(), "causal-shared-data-"))
  writeFileSync(join(dataDir, "README.md"), "")
  writeFileSync(join(dataDir, "hillstrom.csv"), "")
  mkdirSync(join(dataDir, "survival"))
  writeFileSync(join(dataDir, "survival", "rossi.csv"), "")
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it("runs a suite whose files all exist", () => {
    expect(sharedDataPlan(sharedDataFiles.rossi, { dataDir, ci: true })).toEqual({ kind: "run" })
  })

  it("checks every file a suite reads, not just the README: locally it skips and names the missing file", () => {
    const plan = sharedDataPlan(sharedDataFiles.hillstrom, { dataDir, ci: false })
    expect(plan.kind).toBe("skip")
    expect(plan.kind === "skip" && plan.message).toContain("hillstrom_split.csv")
    expect(plan.kind === "skip" && plan.message).not.toContain("hillstrom.csv,")
  })

  it("fails instead of skipping when CI is set", () => {
    const plan = sharedDataPlan(sharedDataFiles.mmmExample, { dataDir, ci: true })
    expect(plan.kind).toBe("fail")
    expect(plan.kind === "fail" && plan.message).toContain("mmm/pymc_marketing_mmm_example.csv")
  })

  it("reads CI the way CI services set it", () => {
    expect(isCi("true")).toBe(true)
    expect(isCi("1")).toBe(true)
    expect(isCi(undefined)).toBe(false)
    expect(isCi("")).toBe(false)
    expect(isCi("false")).toBe(false)
    expect(isCi("0")).toBe(false)
  })
})
