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
      if (c.y.some((value) => value !== 0 && value !== 1)) {
        // sklift's scores call check_is_binary(y_true): a continuous outcome is refused, not scored.
        expect(Effect.runSync(Effect.flip(qiniAucScore(c.y, c.u, c.t))).field).toBe("outcome")
        expect(Effect.runSync(Effect.flip(upliftAtK(c.y, c.u, c.t, { size: { fraction: 0.3 } }))).field).toBe("outcome")
        return
      }
      expect(Math.abs(Effect.runSync(qiniAucScore(c.y, c.u, c.t)) - c.qiniAuc)).toBeLessThan(1e-12)
      expect(
        Math.abs(Effect.runSync(qiniAucScore(c.y, c.u, c.t, { negativeEffect: false })) - c.qiniAucNoneg)
      ).toBeLessThan(1e-12)
      const at30 = Effect.runSync(upliftAtK(c.y, c.u, c.t, { size: { fraction: 0.3 } }))
      if (Number.isNaN(c.upl30Overall)) expect(at30).toBeNaN()
      else expect(Math.abs(at30 - c.upl30Overall)).toBeLessThan(1e-12)
      const byGroup = Effect.runSync(upliftAtK(c.y, c.u, c.t, { size: { fraction: 0.3 }, strategy: "by_group" }))
      expect(Math.abs(byGroup - c.upl30Bygroup)).toBeLessThan(1e-12)
      expect(
        Math.abs(Effect.runSync(upliftAtK(c.y, c.u, c.t, { size: { fraction: 0.5 } })) - c.upl50Overall)
      ).toBeLessThan(1e-12)
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
    expect(
      Effect.runSync(
        Effect.flip(upliftAtK([1, 0, 1, 0], [0.1, 0.2, 0.3, 0.4], [1, 0, 0, 1], { size: { fraction: 1.5 } }))
      ).field
    ).toBe("size.fraction")
    expect(Effect.runSync(Effect.flip(qiniCurve([1, 0], [0.1], [1, 0]))).field).toBe("uplift")
  })

  it("refuses what sklift refuses: non-binary or one-valued outcomes, no-negative-effect curves on a negative effect, k beyond a group", () => {
    const t = [1, 1, 1, 0, 0, 0]
    const u = [0.9, 0.8, 0.1, 0.7, 0.2, 0.3]
    expect(Effect.runSync(Effect.flip(qiniAucScore([0, 0, 0, 0, 0, 0], u, t))).field).toBe("outcome")
    expect(Effect.runSync(Effect.flip(upliftAucScore([1, 1, 1, 1, 1, 1], u, t))).field).toBe("outcome")
    expect(Effect.runSync(Effect.flip(upliftAucScore([1, 0, 0.5, 1, 0, 0], u, t))).row).toBe(2)
    expect(Effect.runSync(Effect.flip(qiniAucScore([1, 0, 1, 0, 1, 0], u, [1, 1, 1, 1, 1, 1]))).field).toBe("treatment")
    // Treated respond less than control (1 of 3 against 3 of 3): the overall effect is negative.
    const harmful = [1, 0, 0, 1, 1, 1]
    expect(Effect.runSync(qiniAucScore(harmful, u, t))).toBeTypeOf("number")
    expect(Effect.runSync(Effect.flip(qiniAucScore(harmful, u, t, { negativeEffect: false }))).field).toBe(
      "negativeEffect"
    )
    // by_group with a count larger than a group: sklift raises instead of using fewer units.
    const y = [1, 0, 1, 0, 1, 0]
    expect(Effect.runSync(upliftAtK(y, u, t, { size: { count: 3 }, strategy: "by_group" }))).toBeTypeOf("number")
    expect(Effect.runSync(Effect.flip(upliftAtK(y, u, t, { size: { count: 4 }, strategy: "by_group" }))).field).toBe(
      "size.count"
    )
    expect(Effect.runSync(upliftAtK(y, u, t, { size: { count: 4 }, strategy: "overall" }))).toBeTypeOf("number")
  })
})
