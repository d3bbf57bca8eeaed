// Platt scaling against scikit-learn's sigmoid calibration and a known generator.
import { describe, expect, it } from "vitest"
import { logit } from "../../src/probability/logistic.ts"
import { plattPredict, plattScaling } from "../../src/probability/platt-scaling.ts"
import { controlVisitPredictions, itWithPredictions } from "../support/predictions.ts"
import { failure, ok } from "../support/result.ts"

// scikit-learn 1.9.1 _sigmoid_calibration on hillstrom_control_visit_predictions.csv, computed offline.
describe("plattScaling", () => {
  itWithPredictions("Platt scaling finds scikit-learn's (a, b) on logits and on probabilities", () => {
    const { labels, probabilities } = controlVisitPredictions()
    const logits = Array.from(probabilities, logit)
    const onLogits = ok(plattScaling({ scores: logits, labels }))
    // scikit-learn stops L-BFGS-B at gtol 1e-6; Newton here converges fully, so agree to ~1e-5.
    expect(Math.abs(-onLogits.slope - -1.1262843556685378)).toBeLessThan(2e-5)
    expect(Math.abs(-onLogits.intercept - -0.2369525466171838)).toBeLessThan(2e-5)
    const onProbabilities = ok(plattScaling({ scores: probabilities, labels }))
    expect(Math.abs(-onProbabilities.slope - -9.031523576235486)).toBeLessThan(1e-4)
    expect(Math.abs(-onProbabilities.intercept - 3.200759142549305)).toBeLessThan(2e-5)
    const calibrated = plattPredict(onLogits, logits)
    expect(calibrated.every((p) => p > 0 && p < 1)).toBe(true)
  })

  it("needs both classes", () => {
    expect(failure(plattScaling({ scores: [0.1, 0.2, 0.3], labels: [1, 1, 1] })).field).toBe("labels")
  })

  it("Platt recovers the slope and intercept that generated the labels", () => {
    // Deterministic pseudo-data: labels drawn by thresholding a fixed low-discrepancy sequence.
    const scores: Array<number> = []
    const labels: Array<number> = []
    for (let i = 0; i < 20000; i++) {
      const score = -4 + (8 * i) / 20000
      const p = 1 / (1 + Math.exp(-(1.7 * score - 0.4)))
      const u = (i * 0.6180339887498949) % 1
      scores.push(score)
      labels.push(u < p ? 1 : 0)
    }
    const model = ok(plattScaling({ scores, labels }, { targetSmoothing: false }))
    expect(Math.abs(model.slope - 1.7)).toBeLessThan(0.08)
    expect(Math.abs(model.intercept - -0.4)).toBeLessThan(0.08)
  })
})
