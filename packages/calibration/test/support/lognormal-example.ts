// The reference's SMM example (ref_extra.py C4): lognormal spend among Hillstrom converters, moments
// [mean, sd (ddof 0), median, p90], S = 50 simulations with common random numbers, W = diag(1/m²).
import { quantilesInPlace } from "../../src/moments/select.ts"
import type { SmmProblem } from "../../src/smm/simulated-method-of-moments.ts"

const medianAndP90 = [0.5, 0.9]

/** [mean, population sd, median, p90] of a sample; reorders `values` (quantiles by selection). */
export const spendMoments = (values: Float64Array): Array<number> => {
  let mean = 0
  for (let i = 0; i < values.length; i++) mean += values[i] as number
  mean /= values.length
  let squares = 0
  for (let i = 0; i < values.length; i++) squares += ((values[i] as number) - mean) ** 2
  const [median, p90] = quantilesInPlace(values, medianAndP90)
  return [mean, Math.sqrt(squares / values.length), median as number, p90 as number]
}

/** The SMM problem for spend > 0; θ = (μ, log σ) as in the reference. */
export const lognormalSpendProblem = (
  spend: ReadonlyArray<number>,
  overrides: Partial<SmmProblem<Float64Array>> = {}
): SmmProblem<Float64Array> => {
  const observed = spendMoments(Float64Array.from(spend))
  const sorted = Float64Array.from(spend).sort()
  // One buffer reused by every simulation: `moments` consumes the data before the next `simulate` call.
  const buffer = new Float64Array(spend.length)
  return {
    observedMoments: observed,
    drawsPerSimulation: spend.length,
    simulations: 50,
    seed: 42,
    simulate: (parameters, draws) => {
      const mu = parameters[0] as number
      const sigma = Math.exp(parameters[1] as number)
      for (let i = 0; i < draws.length; i++) buffer[i] = Math.exp(mu + sigma * (draws[i] as number))
      return buffer
    },
    moments: spendMoments,
    initial: [Math.log(medianOf(sorted)), 0],
    weighting: "inverse-squared-moments",
    nelderMead: { xatol: 1e-8, fatol: 1e-12, maxIterations: 4000, maxEvaluations: 8000 },
    ...overrides
  }
}

const medianOf = (sorted: Float64Array): number => {
  const n = sorted.length
  return n % 2 === 1 ? (sorted[(n - 1) / 2] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2
}
