// Logit-shift recalibration against a scipy root.
import { describe, expect, it } from "vitest"
import { fitLogitShift, logitShiftPredict } from "../../src/probability/logit-shift.ts"
import { controlVisitPredictions, itWithPredictions } from "../support/predictions.ts"
import { failure, ok } from "../support/result.ts"

// The expected shift is a scipy brentq root on hillstrom_control_visit_predictions.csv, computed offline.
describe("fitLogitShift", () => {
  itWithPredictions("logit shift matches the base rate (scipy brentq root)", () => {
    const { labels, probabilities } = controlVisitPredictions()
    const model = ok(fitLogitShift(probabilities, { labels }))
    expect(Math.abs(model.shift - -0.01464991690454614)).toBeLessThan(1e-12)
    const shifted = logitShiftPredict(model, probabilities)
    const mean = shifted.reduce((a, b) => a + b, 0) / shifted.length
    expect(Math.abs(mean - model.targetRate)).toBeLessThan(1e-14)
    expect(Math.abs(ok(fitLogitShift(probabilities, { targetRate: 0.2 })).shift - 0.7586199770967201)).toBeLessThan(
      1e-12
    )
  })

  it("needs a target rate strictly inside (0, 1) and probabilities", () => {
    expect(failure(fitLogitShift([0.2, 0.3], { targetRate: 1 })).field).toBe("targetRate")
    expect(failure(fitLogitShift([0.2, 1.3], { targetRate: 0.5 })).index).toBe(1)
    const model = ok(fitLogitShift([0.1, 0.2, 0.3], { targetRate: 0.2 }))
    const shifted = logitShiftPredict(model, [0.1, 0.2, 0.3])
    expect((shifted[0] as number) + (shifted[1] as number) + (shifted[2] as number)).toBeCloseTo(0.6, 14)
    expect(shifted[0] as number).toBeLessThan(shifted[2] as number)
  })
})
