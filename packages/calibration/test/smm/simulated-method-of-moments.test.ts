// SMM on the reference's lognormal spend model, its optimizers, weighting and standard errors.
import { describe, expect, it } from "vitest"
import { InvalidInput } from "../../src/errors.ts"
import { SeededRandom } from "../../src/random/seeded-random.ts"
import { simulatedMethodOfMoments } from "../../src/smm/simulated-method-of-moments.ts"
import { lognormalSpendProblem, spendMoments } from "../support/lognormal-example.ts"
import { failure, ok } from "../support/result.ts"
import { dataTestName, hasSharedData, hillstrom } from "../support/shared-data.ts"

const converterSpend = () =>
  hillstrom()
    .filter((row) => row.spend > 0)
    .map((row) => row.spend)

describe("simulatedMethodOfMoments on the reference's lognormal spend model (ref_extra_out.txt C4)", () => {
  it.runIf(hasSharedData)(dataTestName("Nelder–Mead lands on μ 4.417 ± 0.02 and σ 0.811 ± 0.02"), () => {
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

  it.runIf(hasSharedData)(
    dataTestName("the gradient-based optimizer reaches the same optimum with fewer evaluations"),
    () => {
      const spend = converterSpend()
      const simplex = ok(simulatedMethodOfMoments(lognormalSpendProblem(spend)))
      const quasiNewton = ok(simulatedMethodOfMoments(lognormalSpendProblem(spend, { optimizer: "bfgs" })))
      expect(Math.abs((quasiNewton.parameters[0] as number) - (simplex.parameters[0] as number))).toBeLessThan(1e-6)
      expect(Math.abs((quasiNewton.parameters[1] as number) - (simplex.parameters[1] as number))).toBeLessThan(1e-6)
      expect(quasiNewton.objective).toBeLessThanOrEqual(simplex.objective + 1e-12)
      expect(quasiNewton.evaluations).toBeLessThan(simplex.evaluations)
    }
  )

  it.runIf(hasSharedData)(
    dataTestName("efficient two-step weighting moves the estimate toward the MLE (μ 4.395, σ 0.838)"),
    () => {
      const fit = ok(
        simulatedMethodOfMoments(lognormalSpendProblem(converterSpend(), { weighting: "estimated", optimizer: "bfgs" }))
      )
      expect(Math.abs((fit.parameters[0] as number) - 4.3952)).toBeLessThan(0.03)
      expect(Math.abs(Math.exp(fit.parameters[1] as number) - 0.8376)).toBeLessThan(0.04)
    }
  )
})

describe("simulatedMethodOfMoments behaviour", () => {
  it("is deterministic for a seed and changes with it", () => {
    const random = new SeededRandom(3)
    const data = Array.from({ length: 400 }, () => Math.exp(1 + 0.5 * random.nextNormal()))
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
      const data = Array.from({ length: 300 }, () => Math.exp(1 + 0.6 * random.nextNormal()))
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
    expect(failure(simulatedMethodOfMoments({ ...base, weighting: { matrix: [[1, 0]] } })).field).toBe(
      "weighting.matrix"
    )
    expect(failure(simulatedMethodOfMoments({ ...base, simulations: 1 })).field).toBe("simulations")
    expect(failure(simulatedMethodOfMoments({ ...base, initial: [Number.NaN, 0] })).index).toBe(0)
  })
})
