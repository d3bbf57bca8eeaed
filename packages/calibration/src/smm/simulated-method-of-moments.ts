// Simulated method of moments (McFadden 1989; Pakes & Pollard 1989; Duffie & Singleton 1993): choose θ so the
// moments of data simulated with common random numbers match the observed moments, minimizing
// J(θ) = gᵀWg with g = mean_s m(sim_s(θ)) − m(data). Standard errors by the sandwich formula
// Var(θ̂) = (1 + 1/S)(GᵀWG)⁻¹GᵀWΩWG(GᵀWG)⁻¹, Ω estimated from the spread of the simulated moments at θ̂
// (each simulated data set has the size of the observed one), G by central differences.
import {
  diagonal,
  identity,
  invert,
  type Matrix,
  type MinimizeResult,
  matrix,
  minimizeWithNumericalGradient,
  multiply,
  type NelderMeadOptions,
  type NumericalGradientOptions,
  nelderMead,
  quadraticForm,
  toRows,
  transpose
} from "@preflight/numeric"
import { Result } from "effect"
import { InvalidInput } from "../errors.ts"
import { invalid, positiveInteger } from "../internal/validate.ts"
import { commonRandomNumbers, type DrawDistribution, drawsOf } from "./common-random-numbers.ts"

/**
 * How moment errors are weighted: "identity"; "inverse-squared-moments" = diag(1/m²), which makes every
 * error relative (the reference's choice); "estimated" = two-step efficient SMM, W = Ω̂⁻¹ at a first-stage
 * estimate; or an explicit symmetric positive-definite matrix (rows).
 */
export type SmmWeighting =
  | "identity"
  | "inverse-squared-moments"
  | "estimated"
  | { readonly matrix: ReadonlyArray<ReadonlyArray<number>> }

export interface SmmProblem<Data> {
  /** Moment vector of the observed data (length k). */
  readonly observedMoments: ArrayLike<number>
  /** Simulates one data set of the observed size for parameters θ from one simulation's draws. */
  readonly simulate: (parameters: Float64Array, draws: Float64Array, simulation: number) => Data
  /** Moment vector of a simulated data set (length k, same order as observedMoments). */
  readonly moments: (data: Data) => ArrayLike<number>
  readonly initial: ArrayLike<number>
  /** Number of draws each simulated data set consumes. */
  readonly drawsPerSimulation: number
  /** Number of simulated data sets S (default 50). */
  readonly simulations?: number
  readonly drawDistribution?: DrawDistribution
  readonly seed: number
  readonly weighting?: SmmWeighting
  readonly optimizer?: "nelder-mead" | "bfgs"
  readonly nelderMead?: NelderMeadOptions
  readonly bfgs?: NumericalGradientOptions
  /** Relative step for the Jacobian used by the standard errors (default 1e-4). */
  readonly jacobianStep?: number
}

export interface SmmResult {
  readonly parameters: Float64Array
  /** J(θ̂) = gᵀWg. */
  readonly objective: number
  readonly iterations: number
  readonly evaluations: number
  readonly converged: boolean
  readonly observedMoments: Float64Array
  readonly simulatedMoments: Float64Array
  readonly weighting: ReadonlyArray<ReadonlyArray<number>>
  /** Standard errors of θ̂ (NaN when GᵀWG is singular, i.e. θ is not identified by these moments). */
  readonly standardErrors: Float64Array
  readonly covariance: ReadonlyArray<ReadonlyArray<number>>
  /** Ω̂: covariance of one data set's moment vector, from the S simulations at θ̂. */
  readonly momentCovariance: ReadonlyArray<ReadonlyArray<number>>
  readonly jacobian: ReadonlyArray<ReadonlyArray<number>>
}

interface Simulator {
  /** Mean simulated moment vector at θ. */
  readonly meanMoments: (parameters: Float64Array) => Float64Array
  /** Per-simulation moment vectors at θ (S × k, row-major). */
  readonly allMoments: (parameters: Float64Array) => Float64Array
  /** Fails if any call so far returned a moment vector of the wrong length (its values were read as NaN). */
  readonly check: () => Result.Result<void, InvalidInput>
}

const buildSimulator = <Data>(
  problem: SmmProblem<Data>,
  simulations: number,
  k: number
): Result.Result<Simulator, InvalidInput> => {
  const crn = commonRandomNumbers({
    simulations,
    drawsPerSimulation: problem.drawsPerSimulation,
    distribution: problem.drawDistribution ?? "normal",
    seed: problem.seed
  })
  const blocks = Array.from({ length: simulations }, (_, s) => drawsOf(crn, s))
  let badMoments: InvalidInput | undefined
  // Every call is checked: the optimizer cannot tell a NaN objective from a bad region, so a moment function
  // that returns the wrong length only for some θ would otherwise steer it silently.
  const simulatedMoments = (parameters: Float64Array, s: number): ArrayLike<number> => {
    const moments = problem.moments(problem.simulate(parameters, blocks[s] as Float64Array, s))
    if (moments.length !== k && badMoments === undefined) {
      badMoments = new InvalidInput({
        field: "moments",
        reason: `returned ${moments.length} moments, expected ${k} (as observedMoments), at θ = [${Array.from(parameters).join(", ")}] (simulation ${s})`
      })
    }
    return moments
  }
  // Once a call has gone wrong the fit fails anyway: later calls return NaN at once, so the optimizer's
  // remaining iterations cost nothing.
  const allMoments = (parameters: Float64Array): Float64Array => {
    const out = new Float64Array(simulations * k)
    if (badMoments !== undefined) return out.fill(Number.NaN)
    for (let s = 0; s < simulations; s++) {
      const moments = simulatedMoments(parameters, s)
      // A wrong count was recorded as the fit's error; reading it would run past the moments returned.
      if (moments.length !== k) return out.fill(Number.NaN)
      for (let j = 0; j < k; j++) out[s * k + j] = moments[j] as number
    }
    return out
  }
  const meanMoments = (parameters: Float64Array): Float64Array => {
    const mean = new Float64Array(k)
    if (badMoments !== undefined) return mean.fill(Number.NaN)
    for (let s = 0; s < simulations; s++) {
      const moments = simulatedMoments(parameters, s)
      if (moments.length !== k) return mean.fill(Number.NaN)
      for (let j = 0; j < k; j++) mean[j] = (mean[j] as number) + (moments[j] as number)
    }
    for (let j = 0; j < k; j++) mean[j] = (mean[j] as number) / simulations
    return mean
  }
  const check = (): Result.Result<void, InvalidInput> =>
    badMoments === undefined ? Result.succeed(undefined) : Result.fail(badMoments)
  // Probe once so a moment function that is wrong everywhere fails before any optimizing.
  allMoments(Float64Array.from(problem.initial))
  return Result.map(check(), () => ({ meanMoments, allMoments, check }))
}

/** Covariance across simulations of the per-simulation moment vectors (divisor S − 1). */
const simulatedMomentCovariance = (all: Float64Array, simulations: number, k: number): Matrix => {
  const mean = new Float64Array(k)
  for (let s = 0; s < simulations; s++)
    for (let j = 0; j < k; j++) mean[j] = (mean[j] as number) + (all[s * k + j] as number) / simulations
  const covariance = matrix(k, k)
  for (let s = 0; s < simulations; s++) {
    for (let a = 0; a < k; a++) {
      const da = (all[s * k + a] as number) - (mean[a] as number)
      for (let b = 0; b < k; b++) {
        covariance.values[a * k + b] =
          (covariance.values[a * k + b] as number) +
          (da * ((all[s * k + b] as number) - (mean[b] as number))) / (simulations - 1)
      }
    }
  }
  return covariance
}

const minimize = (
  objective: (x: Float64Array) => number,
  start: ArrayLike<number>,
  settings: Pick<SmmProblem<unknown>, "optimizer" | "nelderMead" | "bfgs">
): MinimizeResult =>
  (settings.optimizer ?? "nelder-mead") === "bfgs"
    ? minimizeWithNumericalGradient(objective, start, settings.bfgs)
    : nelderMead(objective, start, settings.nelderMead)

/**
 * Estimates θ by simulated method of moments.
 *
 * @example
 * const fit = simulatedMethodOfMoments({
 *   observedMoments: [mean, sd, median, p90], drawsPerSimulation: n, seed: 42,
 *   simulate: ([mu, logSigma], z) => z.map((e) => Math.exp(mu + Math.exp(logSigma) * e)),
 *   moments: (spend) => [meanOf(spend), ...], initial: [Math.log(median), 0], weighting: "inverse-squared-moments"
 * })
 */
export const simulatedMethodOfMoments = <Data>(problem: SmmProblem<Data>): Result.Result<SmmResult, InvalidInput> =>
  Result.gen(function* () {
    const k = problem.observedMoments.length
    const p = problem.initial.length
    if (k === 0) return yield* invalid("observedMoments", "needs at least one moment")
    if (p === 0) return yield* invalid("initial", "needs at least one parameter")
    if (k < p)
      return yield* invalid(
        "observedMoments",
        `has ${k} moments for ${p} parameters; SMM needs at least as many moments as parameters`
      )
    const observed = new Float64Array(k)
    for (let j = 0; j < k; j++) {
      const value = problem.observedMoments[j] as number
      if (!Number.isFinite(value)) return yield* invalid("observedMoments", `must be finite, got ${value}`, j)
      observed[j] = value
    }
    for (let j = 0; j < p; j++) {
      if (!Number.isFinite(problem.initial[j] as number)) return yield* invalid("initial", "must be finite", j)
    }
    const simulations = yield* positiveInteger(problem.simulations ?? 50, "simulations", 2)
    yield* positiveInteger(problem.drawsPerSimulation, "drawsPerSimulation")
    if (!Number.isFinite(problem.seed)) return yield* invalid("seed", `must be a finite number, got ${problem.seed}`)
    const simulator = yield* buildSimulator(problem, simulations, k)

    const weightingChoice = problem.weighting ?? "inverse-squared-moments"
    let weights: Matrix
    if (weightingChoice === "identity" || weightingChoice === "estimated") {
      weights = identity(k)
    } else if (weightingChoice === "inverse-squared-moments") {
      const entries = new Float64Array(k)
      for (let j = 0; j < k; j++) {
        const m = observed[j] as number
        if (m === 0)
          return yield* invalid(
            "observedMoments",
            "is 0, so diag(1/m²) weighting is undefined; use identity or a matrix",
            j
          )
        entries[j] = 1 / (m * m)
      }
      weights = diagonal(entries)
    } else {
      const rows = weightingChoice.matrix
      if (rows.length !== k || rows.some((row) => row.length !== k)) {
        return yield* invalid("weighting.matrix", `must be ${k}×${k}`)
      }
      weights = matrix(k, k, Float64Array.from(rows.flat()))
      for (let i = 0; i < k * k; i++) {
        if (!Number.isFinite(weights.values[i] as number))
          return yield* invalid("weighting.matrix", "must be finite", i)
      }
    }

    const gap = (parameters: Float64Array): Float64Array => {
      const simulated = simulator.meanMoments(parameters)
      for (let j = 0; j < k; j++) simulated[j] = (simulated[j] as number) - (observed[j] as number)
      return simulated
    }
    const objectiveWith =
      (w: Matrix) =>
      (parameters: Float64Array): number =>
        quadraticForm(gap(parameters), w)

    const optimizerSettings = {
      ...(problem.optimizer === undefined ? {} : { optimizer: problem.optimizer }),
      ...(problem.nelderMead === undefined ? {} : { nelderMead: problem.nelderMead }),
      ...(problem.bfgs === undefined ? {} : { bfgs: problem.bfgs })
    }
    let fit = minimize(objectiveWith(weights), problem.initial, optimizerSettings)
    yield* simulator.check()
    let iterations = fit.iterations
    let evaluations = fit.evaluations
    if (weightingChoice === "estimated") {
      // Two-step efficient SMM: Ω̂ at the first-stage estimate, then W = Ω̂⁻¹.
      if (simulations <= k)
        return yield* invalid(
          "simulations",
          `must exceed the number of moments (${k}) to estimate the weighting matrix`
        )
      const omega = simulatedMomentCovariance(simulator.allMoments(fit.x), simulations, k)
      const inverse = invert(omega)
      if (inverse === undefined)
        return yield* invalid("weighting", "the simulated moment covariance is singular; moments are collinear")
      weights = inverse
      fit = minimize(objectiveWith(weights), fit.x, optimizerSettings)
      yield* simulator.check()
      iterations += fit.iterations
      evaluations += fit.evaluations
    }

    const estimate = fit.x
    // One simulation pass at θ̂ gives both the mean simulated moments and Ω̂.
    const atEstimate = simulator.allMoments(estimate)
    const simulatedMoments = new Float64Array(k)
    for (let s = 0; s < simulations; s++)
      for (let j = 0; j < k; j++)
        simulatedMoments[j] = (simulatedMoments[j] as number) + (atEstimate[s * k + j] as number)
    for (let j = 0; j < k; j++) simulatedMoments[j] = (simulatedMoments[j] as number) / simulations
    const omega = simulatedMomentCovariance(atEstimate, simulations, k)
    // Jacobian G (k × p) of the mean simulated moments by central differences.
    const relativeStep = problem.jacobianStep ?? 1e-4
    const jacobian = matrix(k, p)
    for (let j = 0; j < p; j++) {
      const step = relativeStep * Math.max(1, Math.abs(estimate[j] as number))
      const up = Float64Array.from(estimate)
      const down = Float64Array.from(estimate)
      up[j] = (up[j] as number) + step
      down[j] = (down[j] as number) - step
      const mUp = simulator.meanMoments(up)
      const mDown = simulator.meanMoments(down)
      for (let i = 0; i < k; i++) jacobian.values[i * p + j] = ((mUp[i] as number) - (mDown[i] as number)) / (2 * step)
    }
    const gT = transpose(jacobian)
    const bread = invert(multiply(multiply(gT, weights), jacobian))
    let covariance = matrix(p, p, new Float64Array(p * p).fill(Number.NaN))
    if (bread !== undefined) {
      const meat = multiply(multiply(multiply(multiply(gT, weights), omega), weights), jacobian)
      covariance = multiply(multiply(bread, meat), bread)
      const factor = 1 + 1 / simulations
      for (let i = 0; i < p * p; i++) covariance.values[i] = (covariance.values[i] as number) * factor
    }
    yield* simulator.check()
    const standardErrors = new Float64Array(p)
    for (let j = 0; j < p; j++) standardErrors[j] = Math.sqrt(covariance.values[j * p + j] as number)
    return {
      parameters: estimate,
      objective: fit.value,
      iterations,
      evaluations,
      converged: fit.converged,
      observedMoments: observed,
      simulatedMoments,
      weighting: toRows(weights),
      standardErrors,
      covariance: toRows(covariance),
      momentCovariance: toRows(omega),
      jacobian: toRows(jacobian)
    }
  })
