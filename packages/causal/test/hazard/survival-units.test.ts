// Unit checks of the survival kernels: concordance against the pairwise definition, Kaplan–Meier by hand, Cox on simulated data.

import { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { concordanceIndex } from "../../src/hazard/concordance.ts"
import { fitCox } from "../../src/hazard/cox.ts"
import { expandPersonPeriod } from "../../src/hazard/discrete-time-hazard.ts"
import { kaplanMeier } from "../../src/hazard/kaplan-meier.ts"

/** lifelines' `_naive_concordance_summary_statistics`, written out pair by pair. */
const naiveConcordance = (time: ArrayLike<number>, score: ArrayLike<number>, event: ArrayLike<number>): number => {
  let pairs = 0
  let correct = 0
  let tied = 0
  for (let a = 0; a < time.length; a++) {
    for (let b = a + 1; b < time.length; b++) {
      const ta = time[a] ?? 0
      const tb = time[b] ?? 0
      const ea = event[a] === 1
      const eb = event[b] === 1
      const valid = ta === tb ? ea !== eb : (ea && ta < tb) || (eb && tb < ta)
      if (!valid) continue
      pairs++
      const pa = score[a] ?? 0
      const pb = score[b] ?? 0
      if (pa === pb) tied++
      else if (pa < pb) correct += ta < tb || (ta === tb && ea && !eb) ? 1 : 0
      else correct += ta > tb || (ta === tb && !ea && eb) ? 1 : 0
    }
  }
  return (correct + tied / 2) / pairs
}

describe("concordance index", () => {
  it("matches lifelines' pairwise definition on data with tied times and tied scores", () => {
    const rng = new SeededRandom(4)
    for (let rep = 0; rep < 5; rep++) {
      const n = 120
      const time = Array.from({ length: n }, () => 1 + rng.int(15))
      const score = Array.from({ length: n }, () => rng.int(10))
      const event = Array.from({ length: n }, () => (rng.next() < 0.6 ? 1 : 0))
      const fast = Effect.runSync(concordanceIndex(time, score, event))
      expect(Math.abs(fast - naiveConcordance(time, score, event))).toBeLessThan(1e-14)
    }
  })
  it("is 1 for perfect and 0 for reversed predictions", () => {
    const time = [1, 2, 3, 4, 5]
    const event = [1, 1, 1, 1, 0]
    expect(Effect.runSync(concordanceIndex(time, time, event))).toBe(1)
    expect(
      Effect.runSync(
        concordanceIndex(
          time,
          time.map((t) => -t),
          event
        )
      )
    ).toBe(0)
  })
})

describe("Kaplan–Meier", () => {
  it("follows the product-limit formula with censoring and ties (hand-computed)", () => {
    // Times 1, 2, 2, 3, 4+, 5 with 6, 5, 3, 2, 1 at risk: S = 5/6, ·3/5, ·2/3, then 0 at t = 5.
    const km = Effect.runSync(kaplanMeier([1, 2, 2, 3, 4, 5], [1, 1, 1, 1, 0, 1]))
    expect(Array.from(km.times)).toEqual([1, 2, 3, 5])
    expect(km.survival[0]).toBeCloseTo(5 / 6, 15)
    expect(km.survival[1]).toBeCloseTo((5 / 6) * (3 / 5), 15)
    expect(km.survival[2]).toBeCloseTo((5 / 6) * (3 / 5) * (2 / 3), 15)
    expect(km.survival[3]).toBe(0)
    expect(km.survivalAt(4.5)).toBeCloseTo((5 / 6) * (3 / 5) * (2 / 3), 15)
    expect(km.survivalAt(0.5)).toBe(1)
    // Greenwood: S² Σ d/(n(n − d)); at t = 5 every unit at risk fails, the term is undefined, the variance NaN.
    expect(km.variance[0]).toBeCloseTo((5 / 6) ** 2 * (1 / 30), 15)
    expect(km.variance[3]).toBeNaN()
  })
})

describe("Cox on separable data", () => {
  it("reports non-convergence where no maximum-likelihood estimate exists (statsmodels warns)", () => {
    // Every unit with x = 1 fails before every unit with x = 0: the partial likelihood rises forever in β.
    const x = { rows: 6, cols: 1, values: Float64Array.of(1, 1, 1, 0, 0, 0) }
    const cox = Effect.runSync(fitCox({ x, durations: [1, 2, 3, 4, 5, 6], events: [1, 1, 1, 1, 1, 1] }))
    expect(cox.converged).toBe(false)
    // The same data with one unit out of order has an estimate, and converges.
    const overlapping = Effect.runSync(fitCox({ x, durations: [1, 2, 5, 4, 3, 6], events: [1, 1, 1, 1, 1, 1] }))
    expect(overlapping.converged).toBe(true)
  })
})

describe("Cox and person-period validation", () => {
  it("recovers a simulated log hazard ratio and reports bad input by row", () => {
    const rng = new SeededRandom(8)
    const n = 2000
    const x = new Float64Array(n)
    const durations = new Float64Array(n)
    const events = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      x[i] = rng.next() < 0.5 ? 1 : 0
      const t = -Math.log(rng.next()) / Math.exp(0.7 * (x[i] ?? 0))
      const c = 2 * rng.next()
      durations[i] = Math.min(t, c)
      events[i] = t <= c ? 1 : 0
    }
    const cox = Effect.runSync(fitCox({ x: { rows: n, cols: 1, values: x }, durations, events }))
    expect(Math.abs((cox.coefficients[0] ?? 0) - 0.7)).toBeLessThan(3 * (cox.standardErrors[0] ?? 0))
    const bad = Effect.runSync(
      Effect.flip(
        fitCox({ x: { rows: 2, cols: 1, values: Float64Array.of(1, 0) }, durations: [1, -2], events: [1, 0] })
      )
    )
    expect(bad.field).toBe("durations")
    expect(bad.row).toBe(1)
    const badPeriods = Effect.runSync(
      Effect.flip(
        expandPersonPeriod({
          x: { rows: 2, cols: 1, values: Float64Array.of(1, 0) },
          durations: [3, 1.5],
          events: [1, 0]
        })
      )
    )
    expect(badPeriods.row).toBe(1)
  })

  it("expands time-varying covariates per period", () => {
    const expanded = Effect.runSync(
      expandPersonPeriod({
        x: { rows: 2, cols: 1, values: Float64Array.of(7, 8) },
        durations: [2, 3],
        events: [1, 0],
        timeVarying: { count: 1, values: (subject, period) => [10 * subject + period] }
      })
    )
    expect(Array.from(expanded.x.values)).toEqual([7, 1, 7, 2, 8, 11, 8, 12, 8, 13])
    expect(Array.from(expanded.y)).toEqual([0, 1, 0, 0, 0])
    expect(Array.from(expanded.period)).toEqual([1, 2, 1, 2, 3])
  })
})
