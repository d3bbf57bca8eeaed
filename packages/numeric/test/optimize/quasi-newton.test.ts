// BFGS with numerical gradients on hard smooth problems.
import { describe, expect, it } from "vitest"
import { minimizeWithNumericalGradient as bfgs } from "../../src/optimize/quasi-newton.ts"

const rosenbrock = (x: Float64Array) =>
  (1 - (x[0] as number)) ** 2 + 100 * ((x[1] as number) - (x[0] as number) ** 2) ** 2

describe("bfgs", () => {
  it("minimizes Rosenbrock from the classic start", () => {
    const result = bfgs(rosenbrock, [-1.2, 1])
    expect(result.converged).toBe(true)
    expect(result.x[0]).toBeCloseTo(1, 5)
    expect(result.x[1]).toBeCloseTo(1, 5)
  })

  it("solves a badly scaled quadratic", () => {
    const result = bfgs((x) => 1e4 * ((x[0] as number) - 2) ** 2 + 1e-2 * ((x[1] as number) + 300) ** 2, [0, 0])
    expect(result.x[0]).toBeCloseTo(2, 6)
    expect(result.x[1]).toBeCloseTo(-300, 3)
  })
})
