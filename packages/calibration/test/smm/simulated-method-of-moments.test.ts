// SMM on the reference's lognormal spend model, its optimizers, weighting and standard errors.

import { SeededRandom } from "@preflight/numeric"
import { describe, expect, it } from "vitest"
import { InvalidInput } from "../../src/errors.ts"
import { commonRandomNumbers, drawsOf } from "../../src/smm/common-random-numbers.ts"
import { type SmmProblem, simulatedMethodOfMoments } from "../../src/smm/simulated-method-of-moments.ts"
import { lognormalSpendProblem, spendMoments } from "../support/lognormal-example.ts"
import { failure, ok } from "../support/result.ts"
import { hillstrom, itWithHillstrom } from "../support/shared-data.ts"

const converterSpend = () =>
  hillstrom()
    .filter((row) => row.spend > 0)
    .map((row) => row.spend)

describe("simulatedMethodOfMoments on the reference's lognormal spend model (ref_extra_out.txt C4)", () => {
  itWithHillstrom("Nelder–Mead lands on μ 4.417 ± 0.02 and σ 0.811 ± 0.02", () => {
    const spend = converterSpend()
    expect(spend.length).toBe(578)
    const fit = ok(simulatedMethodOfMoments(lognormalSpendProblem(spend)))
    const mu = fit.parameters[0] as number
    const sigma = Math.exp(fit.parameters[1] as number)
    expect(Math.abs(mu - 4.417)).toBeLessThan(0.02)
    expect(Math.abs(sigma - 0.811)).toBeLessThan(0.02)
    expect(fit.converged).toBe(true)
    // The reference's J is 0.00718 with its own draws; a different CRN stream moves it a little.
    expect(fit.objective).toBeLessThan(0.015)
    expect(Array.from(fit.observedMoments).map((m) => Number(m.toFixed(3)))).toEqual([
      116.364, 107.778, 80.795, 256.488
    ])
    // Standard errors: SMM is less efficient than the MLE (σ/√n = 0.035 for μ) but of that order.
    expect(fit.standardErrors[0]).toBeGreaterThan(0.035)
    expect(fit.standardErrors[0]).toBeLessThan(0.07)
  })

  itWithHillstrom("the gradient-based optimizer reaches the same optimum with fewer evaluations", () => {
    const spend = converterSpend()
    const simplex = ok(simulatedMethodOfMoments(lognormalSpendProblem(spend)))
    const quasiNewton = ok(simulatedMethodOfMoments(lognormalSpendProblem(spend, { optimizer: "bfgs" })))
    expect(Math.abs((quasiNewton.parameters[0] as number) - (simplex.parameters[0] as number))).toBeLessThan(1e-6)
    expect(Math.abs((quasiNewton.parameters[1] as number) - (simplex.parameters[1] as number))).toBeLessThan(1e-6)
    expect(quasiNewton.objective).toBeLessThanOrEqual(simplex.objective + 1e-12)
    expect(quasiNewton.evaluations).toBeLessThan(simplex.evaluations)
  })

  itWithHillstrom("efficient two-step weighting moves the estimate toward the MLE (μ 4.395, σ 0.838)", () => {
    const fit = ok(
      simulatedMethodOfMoments(lognormalSpendProblem(converterSpend(), { weighting: "estimated", optimizer: "bfgs" }))
    )
    expect(Math.abs((fit.parameters[0] as number) - 4.3952)).toBeLessThan(0.03)
    expect(Math.abs(Math.exp(fit.parameters[1] as number) - 0.8376)).toBeLessThan(0.04)
  })
})

/** [mean, population sd, p90] of a sample (reorders it). */
const locationScaleMoments = (values: Float64Array): Array<number> => {
  const [mean, sd, , p90] = spendMoments(values)
  return [mean as number, sd as number, p90 as number]
}

/**
 * x = μ + σz with θ = (μ, σ) and moments [mean, sd, p90]: for σ > 0 the mean simulated moments are linear in θ,
 * m(θ) = Aθ, so SMM with weighting W is weighted least squares with the closed form θ̂ = (AᵀWA)⁻¹AᵀW m̂.
 * The observed moments are not those of any normal (p90 too far out), so the weighting matters.
 */
const locationScale = () => {
  const size = 200
  const simulations = 20
  const seed = 9
  const observedMoments = [2, 1.5, 5]
  const buffer = new Float64Array(size)
  const problem: SmmProblem<Float64Array> = {
    observedMoments,
    drawsPerSimulation: size,
    simulations,
    seed,
    simulate: (parameters, draws) => {
      for (let i = 0; i < size; i++)
        buffer[i] = (parameters[0] as number) + (parameters[1] as number) * (draws[i] as number)
      return buffer
    },
    moments: locationScaleMoments,
    initial: [1, 1],
    optimizer: "bfgs"
  }
  // A's columns: the mean simulated moments at θ = (1, 0), i.e. [1, 0, 1], and at θ = (0, 1) (those of z).
  const crn = commonRandomNumbers({ simulations, drawsPerSimulation: size, distribution: "normal", seed })
  const ofZ = [0, 0, 0]
  for (let s = 0; s < simulations; s++) {
    const moments = locationScaleMoments(Float64Array.from(drawsOf(crn, s)))
    for (let j = 0; j < 3; j++) ofZ[j] = (ofZ[j] as number) + (moments[j] as number) / simulations
  }
  const a = [
    [1, ofZ[0] as number],
    [0, ofZ[1] as number],
    [1, ofZ[2] as number]
  ]
  const closedForm = (w: ReadonlyArray<ReadonlyArray<number>>): [number, number] => {
    // Normal equations (AᵀWA)θ = AᵀW m̂ for two parameters.
    const at = (i: number, j: number) => (a[i] as Array<number>)[j] as number
    const wAt = (i: number, j: number) => (w[i] as ReadonlyArray<number>)[j] as number
    const normal = [
      [0, 0],
      [0, 0]
    ]
    const right = [0, 0]
    for (let p = 0; p < 2; p++) {
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const weight = at(i, p) * wAt(i, j)
          right[p] = (right[p] as number) + weight * (observedMoments[j] as number)
          for (let q = 0; q < 2; q++)
            (normal[p] as Array<number>)[q] = ((normal[p] as Array<number>)[q] as number) + weight * at(j, q)
        }
      }
    }
    const [[n00, n01], [n10, n11]] = normal as [[number, number], [number, number]]
    const det = n00 * n11 - n01 * n10
    return [
      (n11 * (right[0] as number) - n01 * (right[1] as number)) / det,
      (n00 * (right[1] as number) - n10 * (right[0] as number)) / det
    ]
  }
  return { problem, closedForm }
}

describe("simulatedMethodOfMoments weighting options", () => {
  it('"identity" weighting is ordinary least squares on the moment gaps', () => {
    const { problem, closedForm } = locationScale()
    const fit = ok(simulatedMethodOfMoments({ ...problem, weighting: "identity" }))
    const [mu, sigma] = closedForm([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1]
    ])
    expect(Math.abs((fit.parameters[0] as number) - mu)).toBeLessThan(1e-6)
    expect(Math.abs((fit.parameters[1] as number) - sigma)).toBeLessThan(1e-6)
    expect(fit.weighting).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1]
    ])
    // J is the plain sum of squared gaps.
    let squares = 0
    for (let j = 0; j < 3; j++)
      squares += ((fit.simulatedMoments[j] as number) - (fit.observedMoments[j] as number)) ** 2
    expect(Math.abs(fit.objective - squares)).toBeLessThan(1e-12)
  })

  it("an explicit weighting matrix is used as given", () => {
    const { problem, closedForm } = locationScale()
    const matrix = [
      [4, 1, 0],
      [1, 2, 0.5],
      [0, 0.5, 1]
    ]
    const fit = ok(simulatedMethodOfMoments({ ...problem, weighting: { matrix } }))
    const [mu, sigma] = closedForm(matrix)
    expect(Math.abs((fit.parameters[0] as number) - mu)).toBeLessThan(1e-6)
    expect(Math.abs((fit.parameters[1] as number) - sigma)).toBeLessThan(1e-6)
    expect(fit.weighting).toEqual(matrix)
    // The matrix moves the estimate: identity weighting lands elsewhere.
    const identity = ok(simulatedMethodOfMoments({ ...problem, weighting: "identity" }))
    expect(Math.abs((identity.parameters[0] as number) - mu)).toBeGreaterThan(0.05)
    // diag(1/m²) given as a matrix is the same objective as the named option, so the same fit to the bit.
    const entries = problem.observedMoments
    const inverseSquares = [0, 1, 2].map((i) =>
      [0, 1, 2].map((j) => (i === j ? 1 / ((entries[i] as number) * (entries[i] as number)) : 0))
    )
    const named = ok(simulatedMethodOfMoments({ ...problem, weighting: "inverse-squared-moments" }))
    const given = ok(simulatedMethodOfMoments({ ...problem, weighting: { matrix: inverseSquares } }))
    expect(Array.from(given.parameters)).toEqual(Array.from(named.parameters))
  })
})

describe("simulatedMethodOfMoments behaviour", () => {
  it("is deterministic for a seed and changes with it", () => {
    const random = new SeededRandom(3)
    const data = Array.from({ length: 400 }, () => Math.exp(1 + 0.5 * random.normal()))
    const first = ok(simulatedMethodOfMoments(lognormalSpendProblem(data, { simulations: 10 })))
    const again = ok(simulatedMethodOfMoments(lognormalSpendProblem(data, { simulations: 10 })))
    const other = ok(simulatedMethodOfMoments(lognormalSpendProblem(data, { simulations: 10, seed: 43 })))
    expect(Array.from(again.parameters)).toEqual(Array.from(first.parameters))
    expect(other.parameters[0]).not.toBe(first.parameters[0])
  })

  it("reports standard errors that match the spread of estimates over repeated samples", () => {
    // 120 data sets of n = 300 from lognormal(1, 0.6); SMM with S = 10. The sandwich SE (with its 1 + 1/S
    // factor) should be close to the Monte Carlo standard deviation of μ̂ and σ̂.
    const random = new SeededRandom(2024)
    const estimatesMu: Array<number> = []
    const estimatesLogSigma: Array<number> = []
    const reportedMu: Array<number> = []
    const reportedLogSigma: Array<number> = []
    for (let replication = 0; replication < 120; replication++) {
      const data = Array.from({ length: 300 }, () => Math.exp(1 + 0.6 * random.normal()))
      const fit = ok(
        simulatedMethodOfMoments(lognormalSpendProblem(data, { simulations: 10, seed: replication, optimizer: "bfgs" }))
      )
      estimatesMu.push(fit.parameters[0] as number)
      estimatesLogSigma.push(fit.parameters[1] as number)
      reportedMu.push(fit.standardErrors[0] as number)
      reportedLogSigma.push(fit.standardErrors[1] as number)
    }
    const sd = (values: Array<number>) => {
      const m = values.reduce((a, b) => a + b, 0) / values.length
      return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1))
    }
    const average = (values: Array<number>) => values.reduce((a, b) => a + b, 0) / values.length
    expect(average(reportedMu) / sd(estimatesMu)).toBeGreaterThan(0.75)
    expect(average(reportedMu) / sd(estimatesMu)).toBeLessThan(1.33)
    expect(average(reportedLogSigma) / sd(estimatesLogSigma)).toBeGreaterThan(0.75)
    expect(average(reportedLogSigma) / sd(estimatesLogSigma)).toBeLessThan(1.33)
    expect(Math.abs(average(estimatesMu) - 1)).toBeLessThan(0.02)
  })

  it("names bad problems", () => {
    const base = lognormalSpendProblem([1, 2, 3, 4, 5, 6, 7, 8], { simulations: 5 })
    const tooFew = failure(simulatedMethodOfMoments({ ...base, observedMoments: [1] }))
    expect(tooFew.field).toBe("observedMoments")
    const wrongLength = failure(
      simulatedMethodOfMoments({ ...base, moments: (data) => spendMoments(data).slice(0, 3) })
    )
    expect(wrongLength).toBeInstanceOf(InvalidInput)
    expect(wrongLength.field).toBe("moments")
    // A moment function that goes wrong only away from the start is caught too, not read as NaN.
    let calls = 0
    const laterWrong = failure(
      simulatedMethodOfMoments({
        ...base,
        moments: (data) => {
          calls++
          const moments = spendMoments(data)
          return calls > 5 * 20 ? moments.slice(0, 3) : moments
        }
      })
    )
    expect(laterWrong).toBeInstanceOf(InvalidInput)
    expect(laterWrong.field).toBe("moments")
    expect(laterWrong.reason).toContain("returned 3 moments, expected 4")
    // ... in the two-step path as well, where it would otherwise surface as a "singular covariance".
    calls = 0
    const laterWrongTwoStep = failure(
      simulatedMethodOfMoments({
        ...base,
        weighting: "estimated",
        moments: (data) => {
          calls++
          const moments = spendMoments(data)
          return calls > 5 * 20 ? moments.slice(0, 3) : moments
        }
      })
    )
    expect(laterWrongTwoStep.field).toBe("moments")
    expect(failure(simulatedMethodOfMoments({ ...base, weighting: { matrix: [[1, 0]] } })).field).toBe(
      "weighting.matrix"
    )
    expect(failure(simulatedMethodOfMoments({ ...base, simulations: 1 })).field).toBe("simulations")
    expect(failure(simulatedMethodOfMoments({ ...base, initial: [Number.NaN, 0] })).index).toBe(0)
  })
})
