// The shared-data gate: data-dependent anchors skip with the reason locally and fail in CI.
import { describe, expect, it } from "vitest"
import { isContinuousIntegration, type SharedDataFile, sharedDataGate } from "./shared-data.ts"

const both: ReadonlyArray<SharedDataFile> = ["hillstrom.csv", "hillstrom_control_visit_predictions.csv"]
const only =
  (present: ReadonlyArray<SharedDataFile>) =>
  (file: SharedDataFile): boolean =>
    present.includes(file)

describe("sharedDataGate", () => {
  it("runs when every file the test needs exists, CI or not", () => {
    for (const continuousIntegration of [false, true])
      expect(sharedDataGate(both, { continuousIntegration, exists: only(both) })).toEqual({ mode: "run" })
  })

  it("skips with a message naming the missing file when the data is absent outside CI", () => {
    const gate = sharedDataGate(both, { continuousIntegration: false, exists: only(["hillstrom.csv"]) })
    expect(gate.mode).toBe("skip")
    if (gate.mode === "run") return
    expect(gate.missing).toEqual(["hillstrom_control_visit_predictions.csv"])
    expect(gate.message).toContain("hillstrom_control_visit_predictions.csv not found")
  })

  it("fails in CI when any needed file is missing, even if another one is there", () => {
    const gate = sharedDataGate(both, { continuousIntegration: true, exists: only(["hillstrom.csv"]) })
    expect(gate.mode).toBe("fail")
    if (gate.mode === "run") return
    expect(gate.missing).toEqual(["hillstrom_control_visit_predictions.csv"])
    // A file the test does not need cannot make it fail.
    expect(
      sharedDataGate(["hillstrom.csv"], { continuousIntegration: true, exists: only(["hillstrom.csv"]) }).mode
    ).toBe("run")
  })

  it("reads CI as set unless it is empty, 0 or false", () => {
    expect(isContinuousIntegration({ CI: "true" })).toBe(true)
    expect(isContinuousIntegration({ CI: "1" })).toBe(true)
    expect(isContinuousIntegration({})).toBe(false)
    expect(isContinuousIntegration({ CI: "" })).toBe(false)
    expect(isContinuousIntegration({ CI: "0" })).toBe(false)
    expect(isContinuousIntegration({ CI: "FALSE" })).toBe(false)
  })
})
