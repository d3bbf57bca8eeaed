// ECE / MCE / Brier / log loss on the reference predictions, and ECE properties.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { calibrationErrors, expectedCalibrationError } from "../../src/probability/calibration-errors.ts"
import { brierScore, logLoss } from "../../src/probability/scores.ts"
import { controlVisitPredictions, itWithPredictions } from "../support/predictions.ts"
import { ok } from "../support/result.ts"

describe("calibration errors on the reference predictions (ref_extra_out.txt C1)", () => {
  itWithPredictions("ECE 0.01223 (10 uniform bins), 0.01264 (quantile) and Brier 0.09174", () => {
    const { labels, probabilities } = controlVisitPredictions()
    const uniform = ok(expectedCalibrationError(labels, probabilities, { bins: 10 }))
    expect(Math.abs(uniform - 0.01223)).toBeLessThan(1e-5)
    // Full-precision value of the reference computation, for a tighter check.
    expect(Math.abs(uniform - 0.012225480932382866)).toBeLessThan(1e-14)
    const quantile = ok(
      expectedCalibrationError(labels, probabilities, { bins: 10, strategy: "quantile", edgeSide: "right" })
    )
    expect(Math.abs(quantile - 0.0126364856556043)).toBeLessThan(1e-14)
    const brier = ok(brierScore(labels, probabilities))
    expect(Math.abs(brier - 0.09174)).toBeLessThan(1e-5)
    expect(Math.abs(brier - 0.09174138534658452)).toBeLessThan(1e-15)
    // scikit-learn 1.9.1 log_loss, computed offline.
    expect(Math.abs(ok(logLoss(labels, probabilities)) - 0.3212203467756506)).toBeLessThan(1e-14)
    const all = ok(calibrationErrors(labels, probabilities, { bins: 10 }))
    expect(all.nonEmptyBins).toBe(5)
    expect(all.mce).toBeGreaterThan(all.ece)
  })
})

// Groups of m units predicted k/m with exactly k positives: calibrated in every bin, whatever the binning.
const calibratedGroups = fc.array(
  fc.integer({ min: 1, max: 12 }).chain((m) => fc.tuple(fc.constant(m), fc.integer({ min: 0, max: m }))),
  { minLength: 1, maxLength: 40 }
)
const expand = (groups: ReadonlyArray<[number, number]>) => {
  const labels: Array<number> = []
  const probabilities: Array<number> = []
  for (const [m, k] of groups) {
    for (let i = 0; i < m; i++) {
      labels.push(i < k ? 1 : 0)
      probabilities.push(k / m)
    }
  }
  return { labels, probabilities }
}

describe("ECE properties", () => {
  it("is 0 for a perfectly calibrated predictor (uniform and quantile bins)", () => {
    fc.assert(
      fc.property(calibratedGroups, fc.integer({ min: 1, max: 20 }), (groups, bins) => {
        const { labels, probabilities } = expand(groups)
        const uniform = ok(calibrationErrors(labels, probabilities, { bins }))
        const quantile = ok(calibrationErrors(labels, probabilities, { bins, strategy: "quantile" }))
        return uniform.ece < 1e-12 && uniform.mce < 1e-12 && quantile.ece < 1e-12
      }),
      { numRuns: 300, seed: 3 }
    )
  })

  it("lies in [0, 1] for any labels and probabilities, and reaches 1 only for confident mistakes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 200
        }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom<"uniform" | "quantile">("uniform", "quantile"),
        (pairs, bins, strategy) => {
          const errors = ok(
            calibrationErrors(
              pairs.map((p) => p[0]),
              pairs.map((p) => p[1]),
              { bins, strategy }
            )
          )
          return errors.ece >= 0 && errors.ece <= 1 && errors.mce >= errors.ece - 1e-15 && errors.mce <= 1
        }
      ),
      { numRuns: 400, seed: 9 }
    )
    expect(ok(expectedCalibrationError([0, 0, 1, 1], [1, 1, 0, 0]))).toBe(1)
  })
})
