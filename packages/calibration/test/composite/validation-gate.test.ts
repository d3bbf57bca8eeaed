// The validation gate and its reasons.
import { describe, expect, it } from "vitest"
import { compositeScore } from "../../src/composite/composite-metric.ts"
import { validationGate } from "../../src/composite/validation-gate.ts"
import { failure, ok } from "../support/result.ts"

describe("validationGate", () => {
  it("passes strictly above 0.8 by default, as the seeds' gate does", () => {
    expect(ok(validationGate(0.8001))).toEqual({ passed: true, score: 0.8001, threshold: 0.8, reasons: [] })
    const atThreshold = ok(validationGate(0.8))
    expect(atThreshold.passed).toBe(false)
    expect(atThreshold.reasons).toEqual(["total 0.8000 is not above the threshold 0.8000 (short by 0.0000)"])
    expect(ok(validationGate(0.75, { threshold: 0.7 })).passed).toBe(true)
  })

  it("says why it fails, largest shortfall first", () => {
    const composite = ok(
      compositeScore([
        { name: "ranking", score: 0.9, weight: 0.3 },
        { name: "moments", score: 0.8, weight: 0.3 },
        { name: "calibration", score: 0.55, weight: 0.4 }
      ])
    )
    const decision = ok(validationGate(composite))
    expect(decision.passed).toBe(false)
    expect(decision.reasons[0]).toMatch(/^total 0\.7300 is not above the threshold 0\.8000/)
    expect(decision.reasons[1]).toMatch(/^calibration scored 0\.5500/)
    expect(decision.reasons).toHaveLength(4)
  })

  it("applies per-part floors even when the total passes", () => {
    const composite = ok(
      compositeScore([
        { name: "ranking", score: 1, weight: 0.5 },
        { name: "calibration", score: 0.7, weight: 0.5 }
      ])
    )
    const decision = ok(validationGate(composite, { partFloors: { calibration: 0.9 } }))
    expect(decision.passed).toBe(false)
    expect(decision.reasons).toEqual(["calibration scored 0.7000, below its floor 0.9000"])
    expect(failure(validationGate(composite, { partFloors: { nope: 1 } })).field).toBe("partFloors.nope")
  })
})
