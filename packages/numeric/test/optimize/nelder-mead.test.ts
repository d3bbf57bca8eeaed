// Nelder–Mead against scipy's iteration and evaluation counts.
import { describe, expect, it } from "vitest"
import { nelderMead } from "../../src/optimize/nelder-mead.ts"

const rosenbrock = (x: Float64Array) =>
  (1 - (x[0] as number)) ** 2 + 100 * ((x[1] as number) - (x[0] as number) ** 2) ** 2

describe("nelderMead", () => {
  it("follows scipy's Nelder–Mead step for step (same iterations and evaluations on Rosenbrock)", () => {
    // scipy 1.17.1 minimize(rosen, [-1.2, 1], method="Nelder-Mead", xatol=1e-8, fatol=1e-12): nit 117, nfev 219.
    const result = nelderMead(rosenbrock, [-1.2, 1], { xatol: 1e-8, fatol: 1e-12, maxIterations: 4000 })
    expect(result.iterations).toBe(117)
    expect(result.evaluations).toBe(219)
    expect(result.x[0]).toBeCloseTo(0.9999999991878143, 12)
    expect(result.x[1]).toBeCloseTo(0.9999999984419192, 12)
    expect(result.converged).toBe(true)
  })

  it("matches scipy with its default tolerances on a non-smooth function in three dimensions", () => {
    const objective = (x: Float64Array) =>
      ((x[0] as number) - 3) ** 2 +
      2 * ((x[1] as number) + 1) ** 2 +
      0.5 * (x[0] as number) * (x[1] as number) +
      Math.abs((x[2] as number) - 0.5)
    const result = nelderMead(objective, [0, 0, 0])
    expect(result.iterations).toBe(230)
    expect(result.evaluations).toBe(424)
    expect(result.value).toBeCloseTo(-1.9032257678486975, 12)
  })
})
