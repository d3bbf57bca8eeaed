// Linear base learners against scikit-learn (expected values from linear-fixtures.py, run offline).
import { describe, expect, it } from "vitest"
import { fitBinomialGlm } from "../../src/learners/binomial-glm.ts"
import { linearRegressionLearner, logisticLearner, ridgeLearner } from "../../src/learners/linear-learners.ts"
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
    const fit = fitBinomialGlm(x, yBinary, { l2: 0 })
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
    const weighted = fitBinomialGlm(x, yBinary, { l2: 1, weights })
    const duplicated: Matrix = {
      rows: n + 1,
      cols: 3,
      values: Float64Array.from([...x.values, ...x.values.subarray(9, 12)])
    }
    const dupFit = fitBinomialGlm(duplicated, Float64Array.from([...yBinary, yBinary[3] ?? 0]), { l2: 1 })
    for (let j = 0; j < 3; j++) expect(weighted.coefficients[j]).toBeCloseTo(dupFit.coefficients[j] ?? 0, 9)
  })
})
