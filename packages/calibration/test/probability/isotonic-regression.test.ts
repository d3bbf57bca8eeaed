// Isotonic regression (PAV) against scikit-learn's predictions.
import { describe, expect, it } from "vitest"
import { isotonicPredict, isotonicRegression } from "../../src/probability/isotonic-regression.ts"
import { controlVisitPredictions, itWithPredictions } from "../support/predictions.ts"
import { failure, ok } from "../support/result.ts"

// scikit-learn 1.9.1 IsotonicRegression(out_of_bounds="clip") predictions, computed offline.
describe("isotonicRegression", () => {
  itWithPredictions("isotonic regression predicts what scikit-learn predicts", () => {
    const { labels, probabilities } = controlVisitPredictions()
    const model = ok(isotonicRegression(probabilities, labels))
    const grid = [0, 0.02, 0.05, 0.0731, 0.1, 0.1234, 0.15, 0.2, 0.3, 0.45, 0.9]
    const expected = [
      0, 0, 0.02564102564102564, 0.0618101545253863, 0.0951276102088167, 0.14824120603015076, 0.15845824411134904,
      0.18779342723004694, 0.25, 0.6, 0.6
    ]
    const predicted = isotonicPredict(model, grid)
    expected.forEach((value, index) => {
      expect(Math.abs((predicted[index] as number) - value)).toBeLessThan(1e-12)
    })
    for (let i = 1; i < model.values.length; i++)
      expect(model.values[i] as number).toBeGreaterThanOrEqual(model.values[i - 1] as number)
  })

  it("averages tied x with weights, pools violators and interpolates (scikit-learn values)", () => {
    const model = ok(
      isotonicRegression([1, 2, 2, 3, 4, 5, 5, 6], [1, 3, 2, 2, 5, 4, 6, 5], { weights: [1, 2, 1, 1, 3, 1, 1, 2] })
    )
    const predicted = Array.from(isotonicPredict(model, [1, 1.5, 2, 2.5, 3, 4, 5, 6]))
    const expected = [1, 1.75, 2.5, 2.5, 2.5, 5, 5, 5]
    expected.forEach((value, index) => {
      expect(predicted[index]).toBeCloseTo(value, 14)
    })
    expect(Array.from(isotonicPredict(model, [-10, 99]))).toEqual([1, 5])
    const decreasing = ok(isotonicRegression([1, 2, 2, 3, 4, 5, 5, 6], [1, 3, 2, 2, 5, 4, 6, 5], { increasing: false }))
    for (const value of isotonicPredict(decreasing, [1, 2, 3, 4, 5, 6])) expect(value).toBeCloseTo(3.5, 14)
  })

  it("refuses non-positive weights, naming the row", () => {
    expect(failure(isotonicRegression([1, 2], [1, 2], { weights: [1, 0] })).index).toBe(1)
  })
})
