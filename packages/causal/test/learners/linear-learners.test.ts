// Linear base learners against scikit-learn (expected values from linear-fixtures.py, run offline).
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { type BinomialLink, fitBinomialGlm } from "../../src/learners/binomial-glm.ts"
import { fitIsotonic, predictIsotonic } from "../../src/learners/isotonic.ts"
import {
  fitRidge,
  linearRegressionLearner,
  logisticLearner,
  predictLinear,
  ridgeLearner
} from "../../src/learners/linear-learners.ts"
import type { Matrix } from "../../src/matrix.ts"

// The fixed design of linear-fixtures.py; expected predictions are scikit-learn's (tol 1e-12), run offline.
const n = 30
const rows = Array.from({ length: n }, (_, i) => [Math.sin(i * 1.3) * 2 + 1, i % 4, Math.cos(i * 0.7) * 5])
const x: Matrix = { rows: n, cols: 3, values: Float64Array.from(rows.flat()) }
const yBinary = Float64Array.from(rows, (r, i) =>
  Math.sin(i * 2.1) + 0.3 * (r[0] ?? 0) - 0.2 * (r[1] ?? 0) > 0.2 ? 1 : 0
)
const yContinuous = Float64Array.from(
  rows,
  (r, i) => 1.5 + 0.8 * (r[0] ?? 0) - 0.4 * (r[1] ?? 0) + 0.1 * (r[2] ?? 0) + Math.sin(i * 5)
)
const query: Matrix = { rows: 2, cols: 3, values: Float64Array.of(0.5, 1, -2, 2.5, 3, 4) }

describe("linear base learners against scikit-learn", () => {
  it("standardised L2 logistic regression (C = 1) gives sklearn's probabilities", () => {
    const p = logisticLearner().fit({ x, y: yBinary, task: "classification", seed: 0 }).predict(query)
    expect(p[0]).toBeCloseTo(0.5724098505841023, 8)
    expect(p[1]).toBeCloseTo(0.30762457508679086, 8)
  })

  it("standardised ridge (alpha = 1) and OLS give sklearn's predictions", () => {
    const ridge = ridgeLearner().fit({ x, y: yContinuous, task: "regression", seed: 0 }).predict(query)
    expect(ridge[0]).toBeCloseTo(1.5762412180400185, 10)
    expect(ridge[1]).toBeCloseTo(1.9137525090505028, 10)
    const ols = linearRegressionLearner().fit({ x, y: yContinuous, task: "regression", seed: 0 }).predict(query)
    expect(ols[0]).toBeCloseTo(1.57100182123882, 10)
    expect(ols[1]).toBeCloseTo(1.9171376242207607, 10)
  })

  it("the unpenalised GLM solves the score equations: Σ (y − p)·x = 0", () => {
    const fit = Effect.runSync(fitBinomialGlm(x, yBinary, { l2: 0 }))
    expect(fit.converged).toBe(true)
    for (let j = 0; j < 3; j++) {
      let score = 0
      for (let i = 0; i < n; i++) {
        let eta = fit.intercept
        for (let k = 0; k < 3; k++) eta += (x.values[i * 3 + k] ?? 0) * (fit.coefficients[k] ?? 0)
        score += ((yBinary[i] ?? 0) - 1 / (1 + Math.exp(-eta))) * (x.values[i * 3 + j] ?? 0)
      }
      expect(Math.abs(score)).toBeLessThan(1e-8)
    }
  })

  it("weights act as replication: weight 2 equals duplicating the row", () => {
    const weights = new Float64Array(n).fill(1)
    weights[3] = 2
    const weighted = Effect.runSync(fitBinomialGlm(x, yBinary, { l2: 1, weights }))
    const duplicated: Matrix = {
      rows: n + 1,
      cols: 3,
      values: Float64Array.from([...x.values, ...x.values.subarray(9, 12)])
    }
    const dupFit = Effect.runSync(
      fitBinomialGlm(duplicated, Float64Array.from([...yBinary, yBinary[3] ?? 0]), { l2: 1 })
    )
    for (let j = 0; j < 3; j++) expect(weighted.coefficients[j]).toBeCloseTo(dupFit.coefficients[j] ?? 0, 9)
  })
})

describe("the public fitting functions validate their input", () => {
  const withNan = Float64Array.from(yContinuous)
  withNan[4] = Number.NaN
  const negativeWeight = new Float64Array(n).fill(1)
  negativeWeight[2] = -1

  it("fitRidge: matrix, lengths, finite values, alpha ≥ 0, weights; α = 0 gives sklearn's OLS", () => {
    const fail = (result: ReturnType<typeof fitRidge>) => Effect.runSync(Effect.flip(result))
    expect(fail(fitRidge({ rows: n, cols: 3, values: new Float64Array(3) }, yContinuous, 1)).field).toBe("x")
    expect(fail(fitRidge(x, yContinuous.subarray(1), 1)).field).toBe("y")
    expect(fail(fitRidge(x, withNan, 1)).row).toBe(4)
    expect(fail(fitRidge(x, yContinuous, -1)).field).toBe("alpha")
    expect(fail(fitRidge(x, yContinuous, Number.NaN)).field).toBe("alpha")
    expect(fail(fitRidge(x, yContinuous, 1, negativeWeight)).row).toBe(2)
    expect(fail(fitRidge(x, yContinuous, 1, new Float64Array(n))).field).toBe("weights")
    // α = 0 is least squares, which does not depend on the scaling: sklearn's OLS predictions again.
    const ols = predictLinear(Effect.runSync(fitRidge(x, yContinuous, 0)), query)
    expect(ols[0]).toBeCloseTo(1.57100182123882, 10)
    expect(ols[1]).toBeCloseTo(1.9171376242207607, 10)
  })

  it("fitBinomialGlm: y in [0, 1], link, l2, weights, iteration options, standardisation vectors", () => {
    const fail = (result: ReturnType<typeof fitBinomialGlm>) => Effect.runSync(Effect.flip(result))
    const two = Float64Array.from(yBinary)
    two[5] = 2
    expect(fail(fitBinomialGlm(x, two)).row).toBe(5)
    expect(fail(fitBinomialGlm(x, yBinary.subarray(2))).field).toBe("y")
    expect(fail(fitBinomialGlm({ rows: 0, cols: 3, values: new Float64Array(0) }, [])).field).toBe("x")
    expect(fail(fitBinomialGlm(x, yBinary, { link: "probit" as BinomialLink })).field).toBe("link")
    expect(fail(fitBinomialGlm(x, yBinary, { l2: -0.5 })).field).toBe("l2")
    expect(fail(fitBinomialGlm(x, yBinary, { weights: negativeWeight })).row).toBe(2)
    expect(fail(fitBinomialGlm(x, yBinary, { maxIterations: 0 })).field).toBe("maxIterations")
    expect(fail(fitBinomialGlm(x, yBinary, { tolerance: 0 })).field).toBe("tolerance")
    const center = new Float64Array(3)
    expect(fail(fitBinomialGlm(x, yBinary, { standardize: { center, scale: Float64Array.of(1, 0, 1) } })).field).toBe(
      "standardize.scale"
    )
    expect(
      fail(fitBinomialGlm(x, yBinary, { standardize: { center: new Float64Array(2), scale: new Float64Array(3) } }))
        .field
    ).toBe("standardize.center")
  })

  it("fitIsotonic: non-empty, equal lengths, finite values, weights ≥ 0; zero-weight rows are ignored", () => {
    const fail = (result: ReturnType<typeof fitIsotonic>) => Effect.runSync(Effect.flip(result))
    expect(fail(fitIsotonic([], [])).field).toBe("score")
    expect(fail(fitIsotonic([1, 2], [1])).field).toBe("target")
    expect(fail(fitIsotonic([1, Number.NaN], [1, 2])).row).toBe(1)
    expect(fail(fitIsotonic([1, 2], [1, Number.POSITIVE_INFINITY])).field).toBe("target")
    expect(fail(fitIsotonic([1, 2], [1, 2], [1, -1])).row).toBe(1)
    expect(fail(fitIsotonic([1, 2], [1, 2], [0, 0])).field).toBe("weights")
    // Score 3 has weight 0: without skipping it its block would be 0/0 = NaN.
    const fit = Effect.runSync(fitIsotonic([1, 2, 3], [1, 2, 9], [1, 1, 0]))
    expect(Array.from(fit.values)).toEqual([1, 2])
    expect(predictIsotonic(fit, 3)).toBe(2)
  })
})
