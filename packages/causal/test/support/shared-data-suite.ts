// `describe` for accuracy suites that read ../shared/data: runs the suite when its files exist, otherwise
// registers one skipped test (locally) or one failing test (on CI) whose name says which files are missing.
import { describe, expect, it } from "vitest"
import { sharedDataPlan } from "./shared-data.ts"

export const describeWithSharedData = (name: string, files: ReadonlyArray<string>, suite: () => void): void => {
  const plan = sharedDataPlan(files)
  if (plan.kind === "run") describe(name, suite)
  else if (plan.kind === "skip") it.skip(`${name}: ${plan.message}`, () => {})
  else
    it(`${name}: ${plan.message}`, () => {
      expect.fail(plan.message)
    })
}
