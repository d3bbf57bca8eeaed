// Sticky hash assignment: stable, monotone under ramp-up, independent across experiments.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { assignArm, assignmentBucket } from "../../src/canary/sticky-assignment.ts"

describe("sticky assignment", () => {
  it("gives a unit the same arm every time and only moves units to the candidate as its share grows", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (unit, experiment, a, b) => {
          const [low, high] = a < b ? [a, b] : [b, a]
          const first = assignArm(unit, experiment, low)
          if (assignArm(unit, experiment, low) !== first) return false
          return first === "candidate" ? assignArm(unit, experiment, high) === "candidate" : true
        }
      ),
      { numRuns: 500, seed: 1 }
    )
  })

  it("splits traffic in the requested proportion and independently across experiments", () => {
    const units = Array.from({ length: 20000 }, (_, i) => `customer-${i}`)
    const share = units.filter((unit) => assignArm(unit, "exp-1", 0.2) === "candidate").length / units.length
    expect(Math.abs(share - 0.2)).toBeLessThan(0.01)
    // Buckets of the same unit in two experiments are uncorrelated.
    const x = units.map((unit) => assignmentBucket(unit, "exp-1"))
    const y = units.map((unit) => assignmentBucket(unit, "exp-2"))
    const mean = (v: Array<number>) => v.reduce((s, t) => s + t, 0) / v.length
    const mx = mean(x)
    const my = mean(y)
    let sxy = 0
    let sxx = 0
    let syy = 0
    x.forEach((xi, i) => {
      sxy += (xi - mx) * ((y[i] as number) - my)
      sxx += (xi - mx) ** 2
      syy += ((y[i] as number) - my) ** 2
    })
    expect(Math.abs(sxy / Math.sqrt(sxx * syy))).toBeLessThan(0.03)
  })
})
