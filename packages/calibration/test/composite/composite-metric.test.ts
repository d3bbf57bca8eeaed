// The composite metric and the seeds' 0.3 / 0.3 / 0.4 version.
import { describe, expect, it } from "vitest"
import { compositeScore, SEED_COMPOSITE_WEIGHTS, seedCompositeMetric } from "../../src/composite/composite-metric.ts"
import { calibrationErrors } from "../../src/probability/calibration-errors.ts"
import { failure, ok } from "../support/result.ts"

describe("compositeScore", () => {
  it("weights the seeds' components 0.3 / 0.3 / 0.4 and returns the parts", () => {
    const result = ok(
      compositeScore([
        { name: "ranking", score: 0.9, weight: SEED_COMPOSITE_WEIGHTS.ranking },
        { name: "moments", score: 0.7, weight: SEED_COMPOSITE_WEIGHTS.moments },
        { name: "calibration", score: 0.95, weight: SEED_COMPOSITE_WEIGHTS.calibration }
      ])
    )
    expect(result.total).toBeCloseTo(0.3 * 0.9 + 0.3 * 0.7 + 0.4 * 0.95, 15)
    expect(result.parts.map((part) => part.contribution)).toEqual([0.3 * 0.9, 0.3 * 0.7, 0.4 * 0.95])
  })

  it("normalizes weights, clips scores outside [0, 1] and flags them", () => {
    const result = ok(
      compositeScore([
        { name: "a", score: -0.4, weight: 2 },
        { name: "b", score: 1, weight: 2 }
      ])
    )
    expect(result.total).toBe(0.5)
    expect(result.parts[0]).toMatchObject({ clipped: true, clippedScore: 0, weight: 0.5 })
  })

  it("names bad components", () => {
    expect(failure(compositeScore([])).field).toBe("components")
    expect(failure(compositeScore([{ name: "a", score: 1, weight: -1 }])).field).toBe("components.a.weight")
    expect(
      failure(
        compositeScore([
          { name: "a", score: 1, weight: 1 },
          { name: "a", score: 1, weight: 1 }
        ])
      ).index
    ).toBe(1)
  })
})

describe("seedCompositeMetric", () => {
  const labels = [0, 0, 1, 0, 1, 1, 0, 1, 0, 0]
  const probabilities = [0.1, 0.2, 0.7, 0.3, 0.8, 0.6, 0.2, 0.9, 0.4, 0.1]
  const input = {
    ranking: { actual: [0.12, 0.08, 0.15, 0.03], predicted: [0.5, 0.2, 0.9, 0.1] },
    moments: { actual: [3, 5, 2, 8, 4, 6], simulated: [3.5, 4.5, 2.5, 7, 4, 5.5] },
    calibration: { labels, probabilities }
  }

  it("computes (tau + 1)/2, the moment score and 1 − unweighted bin gap, then the weighted total", () => {
    const result = ok(seedCompositeMetric(input))
    const ranking = result.parts.find((part) => part.name === "ranking")
    expect(ranking?.score).toBeCloseTo(1, 12)
    const calibration = result.parts.find((part) => part.name === "calibration")
    expect(calibration?.score).toBeCloseTo(ok(calibrationErrors(labels, probabilities)).seedCalibrationScore, 15)
    const expected = result.parts.reduce((total, part) => total + part.weight * part.clippedScore, 0)
    expect(result.total).toBeCloseTo(expected, 15)
  })

  it("accepts other weights, 1 − ECE and extra components", () => {
    const result = ok(
      seedCompositeMetric(input, {
        weights: { ranking: 0, moments: 0.5, calibration: 0.5 },
        calibrationMeasure: "ece",
        extraComponents: [{ name: "topBox", score: 0.6, weight: 1 }]
      })
    )
    expect(result.parts.map((part) => part.name)).toEqual(["ranking", "moments", "calibration", "topBox"])
    expect(result.parts[0]?.weight).toBe(0)
    expect(result.parts[3]?.weight).toBe(0.5)
    const calibration = result.parts.find((part) => part.name === "calibration")
    expect(calibration?.score).toBeCloseTo(1 - ok(calibrationErrors(labels, probabilities)).ece, 15)
  })
})
