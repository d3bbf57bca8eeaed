// Brier score and log loss by hand and at the clipping edge.
import { describe, expect, it } from "vitest"
import { brierScore, logLoss } from "../../src/probability/scores.ts"
import { failure, ok } from "../support/result.ts"

describe("proper scores", () => {
  it("Brier score and log loss by hand", () => {
    expect(ok(brierScore([1, 0, 1], [0.8, 0.4, 1]))).toBeCloseTo((0.04 + 0.16 + 0) / 3, 15)
    expect(ok(logLoss([1, 0], [0.8, 0.4]))).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 15)
  })

  it("clips certain-but-wrong predictions at machine epsilon like scikit-learn", () => {
    expect(ok(logLoss([1], [0]))).toBeCloseTo(-Math.log(Number.EPSILON), 12)
  })

  it("names bad labels and probabilities", () => {
    expect(failure(brierScore([1, 0.5], [0.2, 0.3]))).toMatchObject({ field: "labels", index: 1 })
    expect(failure(logLoss([1, 0], [0.2, -0.1]))).toMatchObject({ field: "probabilities", index: 1 })
  })
})
