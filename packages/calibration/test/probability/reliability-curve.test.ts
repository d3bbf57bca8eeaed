// Reliability curves against scikit-learn's calibration_curve on the reference predictions.
import { describe, expect, it } from "vitest"
import { reliabilityCurve } from "../../src/probability/reliability-curve.ts"
import { controlVisitPredictions, itWithPredictions } from "../support/predictions.ts"
import { failure, ok } from "../support/result.ts"

// scikit-learn 1.9.1 calibration_curve(y, p, n_bins=10, strategy=...) on hillstrom_control_visit_predictions.csv,
// computed offline (prob_true, prob_pred).
const sklearnQuantileTrue = [
  0.015625, 0.04381846635367762, 0.06259780907668232, 0.07511737089201878, 0.09859154929577464, 0.1060842433697348,
  0.12872841444270017, 0.15179968701095461, 0.17683881064162754, 0.203125
]
const sklearnQuantilePred = [
  0.041306161731026456, 0.05588317050061586, 0.06779594239445187, 0.07991381309796362, 0.09161023963076684,
  0.10311076705339298, 0.11629074000806633, 0.13518558534213337, 0.15939755611405282, 0.22529588542835133
]
const sklearnUniformTrue = [
  0.060950104571257845, 0.14863842662632376, 0.1894150417827298, 0.3333333333333333, 0.3333333333333333
]
const sklearnUniformPred = [
  0.06871220363504782, 0.13553680332072826, 0.23728709437133405, 0.33084709477786467, 0.4139354501066271
]

describe("reliabilityCurve", () => {
  itWithPredictions("reproduces scikit-learn's quantile calibration_curve on the Hillstrom predictions", () => {
    const { labels, probabilities } = controlVisitPredictions()
    const curve = ok(reliabilityCurve(labels, probabilities, { bins: 10, strategy: "quantile" }))
    expect(curve.bins.map((b) => b.count)).toEqual([640, 639, 639, 639, 639, 641, 637, 639, 639, 640])
    curve.bins.forEach((bin, index) => {
      expect(Math.abs(bin.fractionPositive - (sklearnQuantileTrue[index] as number))).toBeLessThan(1e-12)
      expect(Math.abs(bin.meanPredicted - (sklearnQuantilePred[index] as number))).toBeLessThan(1e-12)
    })
    // The reference script's helper puts points on an edge in the upper bin; its table differs in bins 5 and 6.
    const right = ok(reliabilityCurve(labels, probabilities, { bins: 10, strategy: "quantile", edgeSide: "right" }))
    expect(right.bins.map((b) => b.count)).toEqual([640, 639, 639, 639, 639, 638, 640, 639, 639, 640])
    expect(right.bins[5]?.meanPredicted.toFixed(5)).toBe("0.10308")
    expect(right.bins[5]?.fractionPositive.toFixed(5)).toBe("0.10658")
  })

  itWithPredictions("reproduces scikit-learn's uniform calibration_curve (empty bins dropped)", () => {
    const { labels, probabilities } = controlVisitPredictions()
    const curve = ok(reliabilityCurve(labels, probabilities, { bins: 10 }))
    expect(curve.bins.map((b) => b.bin)).toEqual([0, 1, 2, 3, 4])
    curve.bins.forEach((bin, index) => {
      expect(Math.abs(bin.fractionPositive - (sklearnUniformTrue[index] as number))).toBeLessThan(1e-12)
      expect(Math.abs(bin.meanPredicted - (sklearnUniformPred[index] as number))).toBeLessThan(1e-12)
    })
  })

  it("assigns predictions exactly on an edge like numpy's searchsorted", () => {
    // np.linspace(0, 1, 11)[3] is 0.30000000000000004, just above 0.3, so 0.3 is in bin 2 for either side;
    // 0.5 is exactly edge 5, where the side decides: bin 4 ("left", numpy searchsorted's default) or 5 ("right").
    const left = ok(reliabilityCurve([0, 1, 1], [0.3, 0.5, 1], { bins: 10 }))
    expect(left.bins.map((b) => b.bin)).toEqual([2, 4, 9])
    const right = ok(reliabilityCurve([0, 1, 1], [0.3, 0.5, 1], { bins: 10, edgeSide: "right" }))
    expect(right.bins.map((b) => b.bin)).toEqual([2, 5, 9])
  })

  it("names bad inputs", () => {
    expect(failure(reliabilityCurve([0, 2], [0.1, 0.2])).field).toBe("labels")
    expect(failure(reliabilityCurve([0, 1], [0.1, 1.2])).index).toBe(1)
    expect(failure(reliabilityCurve([0, 1], [0.1])).field).toBe("probabilities")
    expect(failure(reliabilityCurve([0, 1], [0.1, 0.2], { bins: 0 })).field).toBe("bins")
  })
})
