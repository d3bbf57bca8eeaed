// scikit-uplift metrics against the reference formulas on fixed score vectors with ties.
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { qiniAucScore, qiniCurve, upliftAtK, upliftAucScore, upliftCurve } from "../../src/metrics/sklift-curves.ts"
import { metricFixtures } from "./metric-fixtures.ts"

const close = (actual: ArrayLike<number>, expected: ReadonlyArray<number>) => {
  expect(actual.length).toBe(expected.length)
  expected.forEach((value, i) => {
    expect(Math.abs((actual[i] ?? Number.NaN) - value)).toBeLessThan(1e-12)
  })
}

describe("scikit-uplift metrics on fixed scores with ties", () => {
  for (const [name, c] of Object.entries(metricFixtures)) {
    it(`${name}: curves equal the reference points`, () => {
      const qini = Effect.runSync(qiniCurve(c.y, c.u, c.t))
      close(qini.x, c.qiniCurveX)
      close(qini.y, c.qiniCurveY)
      const uplift = Effect.runSync(upliftCurve(c.y, c.u, c.t))
      close(uplift.x, c.upliftCurveX)
      close(uplift.y, c.upliftCurveY)
    })
    it(`${name}: Qini AUC (both perfect-curve conventions) and uplift@k equal the reference to 1e-12`, () => {
      expect(Math.abs(Effect.runSync(qiniAucScore(c.y, c.u, c.t)) - c.qiniAuc)).toBeLessThan(1e-12)
      expect(
        Math.abs(Effect.runSync(qiniAucScore(c.y, c.u, c.t, { negativeEffect: false })) - c.qiniAucNoneg)
      ).toBeLessThan(1e-12)
      const at30 = Effect.runSync(upliftAtK(c.y, c.u, c.t, { k: 0.3 }))
      if (Number.isNaN(c.upl30Overall)) expect(at30).toBeNaN()
      else expect(Math.abs(at30 - c.upl30Overall)).toBeLessThan(1e-12)
      const byGroup = Effect.runSync(upliftAtK(c.y, c.u, c.t, { k: 0.3, strategy: "by_group" }))
      expect(Math.abs(byGroup - c.upl30Bygroup)).toBeLessThan(1e-12)
      expect(Math.abs(Effect.runSync(upliftAtK(c.y, c.u, c.t, { k: 0.5 })) - c.upl50Overall)).toBeLessThan(1e-12)
    })
  }

  it("uplift AUC equals the reference on the binary case", () => {
    const c = metricFixtures.ties
    expect(Math.abs(Effect.runSync(upliftAucScore(c.y, c.u, c.t)) - c.upliftAuc)).toBeLessThan(1e-12)
  })

  it("a perfect ranking scores 1 and its reverse scores below the random line", () => {
    const y = [1, 1, 0, 0, 1, 0, 0, 1]
    const t = [1, 1, 1, 1, 0, 0, 0, 0]
    const perfect = y.map((v, i) => v * (t[i] ?? 0) - v * (1 - (t[i] ?? 0)))
    expect(Effect.runSync(qiniAucScore(y, perfect, t))).toBeCloseTo(1, 12)
    expect(
      Effect.runSync(
        qiniAucScore(
          y,
          perfect.map((v) => -v),
          t
        )
      )
    ).toBeLessThan(0)
  })

  it("names the offending field and row", () => {
    const failure = Effect.runSync(Effect.flip(qiniAucScore([1, 0], [0.1, 0.2], [1, 2])))
    expect(failure.field).toBe("treatment")
    expect(failure.row).toBe(1)
    expect(Effect.runSync(Effect.flip(upliftAtK([1, 0], [0.1, 0.2], [1, 0], { k: 1.5 }))).field).toBe("k")
    expect(Effect.runSync(Effect.flip(qiniCurve([1, 0], [0.1], [1, 0]))).field).toBe("uplift")
  })
})
