// PSI against the reference's Hillstrom drift anchors.
import { describe, expect, it } from "vitest"
import { populationStabilityIndex, psiLevel } from "../../src/drift/psi.ts"
import { ok } from "../support/result.ts"
import { hillstrom, itWithHillstrom } from "../support/shared-data.ts"

const split = (
  predicate: (row: ReturnType<typeof hillstrom>[number]) => boolean,
  value: (row: ReturnType<typeof hillstrom>[number]) => number
) => {
  const rows = hillstrom()
  return { yes: rows.filter(predicate).map(value), no: rows.filter((row) => !predicate(row)).map(value) }
}

describe("populationStabilityIndex on Hillstrom (ref_extra_out.txt C3)", () => {
  itWithHillstrom("newbie 0 vs 1 PSI 0.31578; randomized arms 0.00114; recency split 0.19679", () => {
    const newbie = split(
      (row) => row.newbie === 0,
      (row) => row.history
    )
    const psi = ok(populationStabilityIndex(newbie.yes, newbie.no))
    expect(Math.abs(psi.psi - 0.31578)).toBeLessThan(5e-6)
    expect(Math.abs(psi.psi - 0.3157769237801855)).toBeLessThan(1e-12)
    const rows = hillstrom()
    const arms = ok(
      populationStabilityIndex(
        rows.filter((r) => r.segment === "No E-Mail").map((r) => r.history),
        rows.filter((r) => r.segment === "Womens E-Mail").map((r) => r.history)
      )
    )
    expect(Math.abs(arms.psi - 0.0011399741349803294)).toBeLessThan(1e-12)
    const recency = split(
      (row) => row.recency <= 6,
      (row) => row.history
    )
    expect(Math.abs(ok(populationStabilityIndex(recency.yes, recency.no)).psi - 0.19679155457663577)).toBeLessThan(
      1e-12
    )
    // A discrete variable: duplicate quantile edges are dropped, as np.unique does.
    const discrete = split(
      (row) => row.newbie === 0,
      (row) => row.recency
    )
    const recencyPsi = ok(populationStabilityIndex(discrete.yes, discrete.no))
    expect(Math.abs(recencyPsi.psi - 0.012819111914410581)).toBeLessThan(1e-12)
    expect(recencyPsi.edges.length).toBeLessThan(12)
  })
})

describe("populationStabilityIndex basics", () => {
  it("is 0 for identical samples and grows with a shift", () => {
    const reference = Array.from({ length: 1000 }, (_, i) => i / 10)
    expect(ok(populationStabilityIndex(reference, reference)).psi).toBe(0)
    const small = ok(
      populationStabilityIndex(
        reference,
        reference.map((x) => x + 2)
      )
    ).psi
    const large = ok(
      populationStabilityIndex(
        reference,
        reference.map((x) => x + 20)
      )
    ).psi
    expect(small).toBeGreaterThan(0)
    expect(large).toBeGreaterThan(small)
    expect(psiLevel(0.05)).toBe("stable")
    expect(psiLevel(0.2)).toBe("moderate")
    expect(psiLevel(0.3)).toBe("major")
  })
})
