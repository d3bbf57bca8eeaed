// The drift report names the inputs that drifted.
import { describe, expect, it } from "vitest"
import { driftReport } from "../../src/drift/drift-report.ts"
import { failure, ok } from "../support/result.ts"
import { hillstrom, itWithHillstrom } from "../support/shared-data.ts"

describe("driftReport", () => {
  itWithHillstrom("the drift report names the inputs that drifted", () => {
    const rows = hillstrom()
    const report = ok(
      driftReport({
        history: {
          reference: rows.filter((r) => r.newbie === 0).map((r) => r.history),
          current: rows.filter((r) => r.newbie === 1).map((r) => r.history)
        },
        recency: {
          reference: rows.filter((r) => r.newbie === 0).map((r) => r.recency),
          current: rows.filter((r) => r.newbie === 1).map((r) => r.recency)
        },
        randomized: {
          reference: rows.filter((r) => r.segment === "No E-Mail").map((r) => r.history),
          current: rows.filter((r) => r.segment === "Womens E-Mail").map((r) => r.history)
        }
      })
    )
    expect(report.drifted).toEqual(["history"])
    expect(report.anyDrift).toBe(true)
    const history = report.inputs.find((input) => input.name === "history")
    expect(history?.psiLevel).toBe("major")
    expect(history?.reasons.length).toBe(2)
    const randomized = report.inputs.find((input) => input.name === "randomized")
    expect(randomized?.drifted).toBe(false)
    expect(randomized?.ksPValue).toBeGreaterThan(0.3)
  })

  it("names the input and the row of a bad value in a report", () => {
    const error = failure(driftReport({ spend: { reference: [1, 2, 3], current: [1, Number.NaN] } }))
    expect(error).toMatchObject({ field: "spend.current", index: 1 })
  })
})
