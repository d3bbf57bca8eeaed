// Small dense linear algebra used by SMM.
import { describe, expect, it } from "vitest"
import { invert, matrix, multiply, quadraticForm } from "../../src/linear-algebra/dense-matrix.ts"

describe("small dense linear algebra", () => {
  it("inverts with pivoting and reports singular matrices", () => {
    const a = matrix(3, 3, Float64Array.from([0, 2, 1, 1, 1, 0, 3, 0, 1]))
    const inverse = invert(a)
    expect(inverse).toBeDefined()
    if (inverse === undefined) return
    const product = multiply(a, inverse)
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) expect(product.values[i * 3 + j]).toBeCloseTo(i === j ? 1 : 0, 14)
    expect(invert(matrix(2, 2, Float64Array.from([1, 2, 2, 4])))).toBeUndefined()
  })

  it("evaluates quadratic forms", () => {
    expect(quadraticForm(Float64Array.from([1, 2]), matrix(2, 2, Float64Array.from([2, 1, 1, 3])))).toBe(2 + 2 + 2 + 12)
  })
})
