// Common random numbers for simulation-based estimation: one fixed block of draws per simulation, reused
// for every parameter value so the simulated objective is a smooth, deterministic function of θ
// (McFadden 1989; Gouriéroux & Monfort 1996, ch. 2).
import { SeededRandom } from "@preflight/numeric"

export type DrawDistribution = "normal" | "uniform"

export interface CommonRandomNumbers {
  readonly simulations: number
  readonly drawsPerSimulation: number
  readonly distribution: DrawDistribution
  /** simulations × drawsPerSimulation draws, simulation-major. */
  readonly draws: Float64Array
}

/** Draws the block once from `seed`; simulation s uses stream s, so adding simulations keeps earlier ones. */
export const commonRandomNumbers = (input: {
  readonly simulations: number
  readonly drawsPerSimulation: number
  readonly distribution: DrawDistribution
  readonly seed: number
}): CommonRandomNumbers => {
  const draws = new Float64Array(input.simulations * input.drawsPerSimulation)
  const root = new SeededRandom(input.seed)
  for (let s = 0; s < input.simulations; s++) {
    const stream = root.fork(s)
    const block = draws.subarray(s * input.drawsPerSimulation, (s + 1) * input.drawsPerSimulation)
    if (input.distribution === "normal") stream.fillNormal(block)
    else stream.fillUniform(block)
  }
  return { ...input, draws }
}

/** The draws of simulation `s` (a view, not a copy). */
export const drawsOf = (crn: CommonRandomNumbers, simulation: number): Float64Array =>
  crn.draws.subarray(simulation * crn.drawsPerSimulation, (simulation + 1) * crn.drawsPerSimulation)
