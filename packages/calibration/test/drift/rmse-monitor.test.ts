// The seeds' RMSE drift monitor as pure functions.
import { describe, expect, it } from "vitest"
import { checkRmseDrift, createRmseMonitor } from "../../src/drift/rmse-monitor.ts"
import { failure, ok } from "../support/result.ts"

describe("RMSE drift monitor (the seeds' CalibrationMonitor)", () => {
  it("sets the baseline on the first check and flags a later change beyond the threshold", () => {
    const monitor = ok(createRmseMonitor())
    expect(monitor.threshold).toBe(0.1)
    const first = ok(checkRmseDrift(monitor, [0.1, 0.2, 0.3], [0.1, 0.25, 0.35]))
    expect(first.drifted).toBe(false)
    expect(first.state.baselineRmse).toBeCloseTo(Math.sqrt((0.0025 + 0.0025) / 3), 15)
    const steady = ok(checkRmseDrift(first.state, [0.1, 0.2, 0.3], [0.12, 0.22, 0.32]))
    expect(steady.drifted).toBe(false)
    const drifted = ok(checkRmseDrift(first.state, [0.1, 0.2, 0.3], [0.5, 0.6, 0.1]))
    expect(drifted.drifted).toBe(true)
    expect(drifted.change).toBeGreaterThan(0.1)
    expect(drifted.state.baselineRmse).toBe(first.state.baselineRmse)
  })

  it("refuses mismatched lengths and negative thresholds", () => {
    const monitor = ok(createRmseMonitor({ threshold: 0.05 }))
    expect(failure(checkRmseDrift(monitor, [1, 2], [1])).field).toBe("actuals")
    expect(failure(createRmseMonitor({ threshold: -1 })).field).toBe("threshold")
  })
})
