// Propensity models: clipping, isotonic calibration, validation.

import { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { boostedTreesLearner } from "../src/learners/boosting/gradient-boosting.ts"
import { fitIsotonic, predictIsotonic } from "../src/learners/isotonic.ts"
import { ridgeLearner } from "../src/learners/linear-learners.ts"
import { fitUplift } from "../src/meta/meta-learner.ts"
import { xLearner } from "../src/meta/x-learner.ts"
import { fitPropensity } from "../src/propensity.ts"

describe("propensity", () => {
  const rng = new SeededRandom(2)
  const n = 4000
  const values = new Float64Array(n)
  const treated = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    values[i] = 3 * rng.normal()
    treated[i] = rng.next() < 1 / (1 + Math.exp(-2 * (values[i] ?? 0))) ? 1 : 0
  }
  const x = { rows: n, cols: 1, values }

  it("clips to [clip, 1 − clip] (causalml default 1e-3)", () => {
    const model = Effect.runSync(fitPropensity(x, treated, { kind: "logistic", l2: 0 }))
    const p = model.predict({ rows: 2, cols: 1, values: Float64Array.of(-40, 40) })
    expect(p[0]).toBe(1e-3)
    expect(p[1]).toBe(1 - 1e-3)
    const wide = Effect.runSync(fitPropensity(x, treated, { kind: "logistic", l2: 0, clip: 0.1 }))
    expect(wide.predict({ rows: 1, cols: 1, values: Float64Array.of(-40) })[0]).toBe(0.1)
  })

  it("isotonic calibration is monotone and averages to the treated share", () => {
    const model = Effect.runSync(fitPropensity(x, treated, { kind: "logistic", calibrate: true }))
    const p = model.predict(x)
    const mean = p.reduce((s, v) => s + v, 0) / n
    expect(Math.abs(mean - treated.reduce((s, v) => s + v, 0) / n)).toBeLessThan(0.01)
    const grid = model.predict({ rows: 5, cols: 1, values: Float64Array.of(-2, -1, 0, 1, 2) })
    for (let k = 1; k < 5; k++) expect(grid[k] ?? 0).toBeGreaterThanOrEqual(grid[k - 1] ?? 1)
  })

  it("pool-adjacent-violators merges decreasing runs", () => {
    const fit = Effect.runSync(fitIsotonic([1, 2, 3, 4], [1, 3, 2, 4]))
    expect(Array.from(fit.values)).toEqual([1, 2.5, 2.5, 4])
    expect(predictIsotonic(fit, 2.5)).toBeCloseTo(2.5, 15)
    expect(predictIsotonic(fit, 10)).toBe(4)
  })

  it("rejects an invalid clip, also when given to a meta-learner", () => {
    expect(Effect.runSync(Effect.flip(fitPropensity(x, treated, { kind: "logistic", clip: 0.7 }))).field).toBe(
      "propensity.clip"
    )
    const learner = xLearner({
      outcomeLearner: ridgeLearner(),
      effectLearner: ridgeLearner(),
      propensity: { kind: "logistic", clip: -1 }
    })
    const failure = Effect.runSync(Effect.flip(fitUplift(learner, { x, treatment: treated, outcome: values })))
    expect(failure.field).toBe("propensity.clip")
    const badLearner = Effect.runSync(
      Effect.flip(fitPropensity(x, treated, { kind: "learner", learner: boostedTreesLearner({ subsample: 2 }) }))
    )
    expect(badLearner.field).toBe("propensity.learner.options.subsample")
    expect(Effect.runSync(Effect.flip(fitPropensity(x, treated, { kind: "logistic", l2: -1 }))).field).toBe(
      "propensity.l2"
    )
  })

  it("rejects a non-binary treatment with its row", () => {
    const failure = Effect.runSync(
      Effect.flip(fitPropensity({ rows: 2, cols: 1, values: Float64Array.of(1, 2) }, Float64Array.of(1, 3)))
    )
    expect(failure.field).toBe("treated")
    expect(failure.row).toBe(1)
  })
})
