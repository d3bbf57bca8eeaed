// The shared kernels: the checked accessor, input checks (one error type naming field and row), isotonic
// regression, symmetric positive-definite solves and L-BFGS with an analytic gradient.
import { describe, expect, it } from "vitest"
import { at } from "../src/checked-index.ts"
import { invertSpd, solveSpd } from "../src/linear-algebra/symmetric-positive-definite.ts"
import { NumericInputError } from "../src/numeric-input-error.ts"
import { minimizeLbfgs } from "../src/optimize/quasi-newton.ts"
import { fitIsotonic, predictIsotonic } from "../src/regression/isotonic-regression.ts"
import { checkBinary, checkInRange, checkWeights, toFiniteFloat64 } from "../src/validate/vectors.ts"

describe("at", () => {
  it("reads in range and throws a RangeError naming the index outside it", () => {
    const values = Float64Array.of(1, 2, 3)
    expect(at(values, 2)).toBe(3)
    expect(() => at(values, 3)).toThrow("index 3 is outside [0, 3)")
    expect(() => at(values, -1)).toThrow(RangeError)
  })
})

describe("input checks", () => {
  it("name the field and the row in one error type", () => {
    const bad = toFiniteFloat64([1, Number.NaN], "scores")
    expect(bad).toBeInstanceOf(NumericInputError)
    expect(bad).toMatchObject({ field: "scores", index: 1 })
    expect(toFiniteFloat64([1, 2], "scores")).toEqual(Float64Array.of(1, 2))
    expect(checkBinary([0, 1, 0.5], "labels")).toMatchObject({ field: "labels", index: 2 })
    expect(checkInRange(1, "k", 0, 1, { upperOpen: true })).toMatchObject({ field: "k" })
    expect(checkInRange(0.5, "k", 0, 1, { upperOpen: true })).toBeUndefined()
    expect(checkWeights([1, -1], "weights", 2)).toMatchObject({ field: "weights", index: 1 })
    expect(checkWeights([0, 0], "weights", 2)?.reason).toContain("sum to 0")
  })
})

describe("isotonic regression", () => {
  it("pools violators like scikit-learn and clips outside the range", () => {
    // sklearn IsotonicRegression().fit([1,2,3,4,5], [1,3,2,4,3.5]).predict(...) → [1, 2.5, 2.5, 3.75, 3.75]
    const fit = fitIsotonic([1, 2, 3, 4, 5], [1, 3, 2, 4, 3.5])
    expect(Array.from(fit.values)).toEqual([1, 2.5, 2.5, 3.75, 3.75])
    expect(Array.from(predictIsotonic(fit, [0, 2.5, 9]))).toEqual([1, 2.5, 3.75])
    const decreasing = fitIsotonic([1, 2, 3], [3, 1, 2], { increasing: false })
    expect(Array.from(decreasing.values)).toEqual([3, 1.5, 1.5])
    // Rows of weight 0 carry nothing; tied x are averaged by weight.
    const weighted = fitIsotonic([1, 1, 2], [0, 1, 5], { weights: [1, 3, 0] })
    expect(Array.from(weighted.thresholds)).toEqual([1])
    expect(Array.from(weighted.values)).toEqual([0.75])
  })
})

describe("symmetric positive-definite systems", () => {
  it("solves and inverts, and refuses a matrix that is not positive definite", () => {
    const a = Float64Array.of(4, 2, 2, 3)
    const x = solveSpd(a, 2, [2, 1])
    expect(x?.[0]).toBeCloseTo(0.5, 12)
    expect(x?.[1]).toBeCloseTo(0, 12)
    const inverse = invertSpd(a, 2)
    expect(Array.from(inverse ?? [])).toEqual([0.375, -0.25, -0.25, 0.5].map((v) => expect.closeTo(v, 12)))
    expect(solveSpd(Float64Array.of(1, 2, 2, 1), 2, [1, 1])).toBeUndefined()
  })
})

describe("L-BFGS", () => {
  it("minimizes Rosenbrock with its analytic gradient", () => {
    const result = minimizeLbfgs(
      (x, gradient) => {
        const a = at(x, 0)
        const b = at(x, 1)
        gradient[0] = -2 * (1 - a) - 400 * a * (b - a * a)
        gradient[1] = 200 * (b - a * a)
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2
      },
      [-1.2, 1],
      { tolerance: 1e-10 }
    )
    expect(result.converged).toBe(true)
    expect(result.x[0]).toBeCloseTo(1, 6)
    expect(result.x[1]).toBeCloseTo(1, 6)
  })
})
