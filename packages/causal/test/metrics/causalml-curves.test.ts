// causalml uplift curves and scores against the reference formulas on fixed score vectors with ties.
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { auucScore, getCumgain, getQini, qiniScore } from "../../src/metrics/causalml-curves.ts"
import { metricFixtures } from "./metric-fixtures.ts"

const close = (actual: ArrayLike<number>, expected: ReadonlyArray<number>) => {
  expect(actual.length).toBe(expected.length)
  expected.forEach((value, i) => {
    expect(Math.abs((actual[i] ?? Number.NaN) - value)).toBeLessThan(1e-12)
  })
}

describe("causalml metrics on fixed scores with ties", () => {
  for (const [name, c] of Object.entries(metricFixtures)) {
    it(`${name}: get_qini and get_cumgain equal the reference rows`, () => {
      close(Effect.runSync(getQini(c.y, c.u, c.t)), c.cmQini)
      close(Effect.runSync(getCumgain(c.y, c.u, c.t)), c.cmGain)
    })
    it(`${name}: qini_score and auuc_score equal the reference to 1e-12`, () => {
      expect(Math.abs(Effect.runSync(qiniScore(c.y, c.u, c.t)) - c.cmQiniScore)).toBeLessThan(1e-12)
      expect(Math.abs(Effect.runSync(auucScore(c.y, c.u, c.t)) - c.cmAuuc)).toBeLessThan(1e-12)
    })
  }

  it("normalised curves end at ±1 and the true-effect variant uses cumsum(τ)", () => {
    const c = metricFixtures.continuous
    const normalised = Effect.runSync(getQini(c.y, c.u, c.t, { normalize: true }))
    expect(Math.abs(normalised[normalised.length - 1] ?? 0)).toBeCloseTo(1, 14)
    const tau = [0.5, 0.25, 1, 0]
    const gain = Effect.runSync(getCumgain([0, 0, 0, 0], [4, 3, 2, 1], [1, 0, 1, 0], { trueEffect: tau }))
    close(gain, [0, 0.5, 0.75, 1.75, 1.75])
    const qini = Effect.runSync(getQini([0, 0, 0, 0], [4, 3, 2, 1], [1, 0, 1, 0], { trueEffect: tau }))
    close(qini, [0, 0.5, 0.375, (1.75 / 3) * 2, (1.75 / 4) * 2])
  })
})
