// Quasi-Newton (BFGS) minimization with central-difference gradients and an Armijo backtracking line search
// (Nocedal & Wright 2006, Alg. 6.1 and 3.1): the gradient-based alternative to Nelder–Mead for smooth
// simulated objectives (common random numbers keep them smooth in the parameters).
import type { MinimizeResult } from "./nelder-mead.ts"

export interface BfgsOptions {
  /** Stop when every gradient component is below this (default 1e-8). */
  readonly gradientTolerance?: number
  /** Stop when an iteration improves the objective by less than this, relatively (default 1e-14). */
  readonly relativeTolerance?: number
  readonly maxIterations?: number
  /** Relative step of the central differences (default 1e-5). */
  readonly differenceStep?: number
}

/** Central-difference gradient; steps scale with |xᵢ| so parameters of any size are handled. */
export const numericalGradient = (
  objective: (x: Float64Array) => number,
  x: Float64Array,
  relativeStep: number
): Float64Array => {
  const gradient = new Float64Array(x.length)
  const probe = Float64Array.from(x)
  for (let i = 0; i < x.length; i++) {
    const step = relativeStep * Math.max(1, Math.abs(x[i] as number))
    probe[i] = (x[i] as number) + step
    const up = objective(probe)
    probe[i] = (x[i] as number) - step
    const down = objective(probe)
    probe[i] = x[i] as number
    gradient[i] = (up - down) / (2 * step)
  }
  return gradient
}

/** Minimizes `objective` from `start` by BFGS. */
export const bfgs = (
  objective: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: BfgsOptions = {}
): MinimizeResult => {
  const n = start.length
  const gradientTolerance = options.gradientTolerance ?? 1e-8
  const relativeTolerance = options.relativeTolerance ?? 1e-14
  const maxIterations = options.maxIterations ?? 200 * n
  const relativeStep = options.differenceStep ?? 1e-5
  let evaluations = 0
  const evaluate = (x: Float64Array): number => {
    evaluations++
    const value = objective(x)
    return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value
  }
  let x = Float64Array.from(start)
  let value = evaluate(x)
  let gradient = numericalGradient(evaluate, x, relativeStep)
  // Inverse Hessian approximation, started at the identity and rescaled after the first step.
  let inverseHessian = new Float64Array(n * n)
  for (let i = 0; i < n; i++) inverseHessian[i * n + i] = 1
  let iterations = 0
  let converged = false
  let firstStep = true
  while (iterations < maxIterations) {
    let gradientNorm = 0
    for (let i = 0; i < n; i++) gradientNorm = Math.max(gradientNorm, Math.abs(gradient[i] as number))
    if (gradientNorm <= gradientTolerance) {
      converged = true
      break
    }
    const direction = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      let sum = 0
      for (let j = 0; j < n; j++) sum -= (inverseHessian[i * n + j] as number) * (gradient[j] as number)
      direction[i] = sum
    }
    let slope = 0
    for (let i = 0; i < n; i++) slope += (direction[i] as number) * (gradient[i] as number)
    if (!(slope < 0)) {
      // Not a descent direction (lost positive definiteness): restart from steepest descent.
      inverseHessian = new Float64Array(n * n)
      for (let i = 0; i < n; i++) inverseHessian[i * n + i] = 1
      for (let i = 0; i < n; i++) direction[i] = -(gradient[i] as number)
      slope = 0
      for (let i = 0; i < n; i++) slope -= (gradient[i] as number) ** 2
    }
    // First iteration: a unit-length step along −g (scipy's BFGS start), so an unscaled gradient cannot
    // throw the search far away before the curvature is known; afterwards the quasi-Newton step of 1.
    let directionNorm = 0
    for (let i = 0; i < n; i++) directionNorm += (direction[i] as number) ** 2
    directionNorm = Math.sqrt(directionNorm)
    let step = firstStep && directionNorm > 1 ? 1 / directionNorm : 1
    let candidate = new Float64Array(n)
    let candidateValue = Number.POSITIVE_INFINITY
    while (step > 1e-20) {
      for (let i = 0; i < n; i++) candidate[i] = (x[i] as number) + step * (direction[i] as number)
      candidateValue = evaluate(candidate)
      if (candidateValue <= value + 1e-4 * step * slope) break
      step /= 2
    }
    if (!(candidateValue <= value + 1e-4 * step * slope)) break
    const nextGradient = numericalGradient(evaluate, candidate, relativeStep)
    const s = new Float64Array(n)
    const y = new Float64Array(n)
    let sy = 0
    for (let i = 0; i < n; i++) {
      s[i] = (candidate[i] as number) - (x[i] as number)
      y[i] = (nextGradient[i] as number) - (gradient[i] as number)
      sy += (s[i] as number) * (y[i] as number)
    }
    const improvement = value - candidateValue
    x = candidate
    candidate = new Float64Array(n)
    const previousValue = value
    value = candidateValue
    gradient = nextGradient
    iterations++
    if (sy > 1e-300) {
      if (firstStep) {
        let yy = 0
        for (let i = 0; i < n; i++) yy += (y[i] as number) ** 2
        const scale = sy / yy
        for (let i = 0; i < n * n; i++) inverseHessian[i] = (inverseHessian[i] as number) * scale
        firstStep = false
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy
      const hy = new Float64Array(n)
      for (let i = 0; i < n; i++) {
        let sum = 0
        for (let j = 0; j < n; j++) sum += (inverseHessian[i * n + j] as number) * (y[j] as number)
        hy[i] = sum
      }
      let yhy = 0
      for (let i = 0; i < n; i++) yhy += (y[i] as number) * (hy[i] as number)
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          inverseHessian[i * n + j] =
            (inverseHessian[i * n + j] as number) -
            rho * ((hy[i] as number) * (s[j] as number) + (s[i] as number) * (hy[j] as number)) +
            (rho * rho * yhy + rho) * (s[i] as number) * (s[j] as number)
        }
      }
    }
    if (improvement <= relativeTolerance * Math.max(Math.abs(previousValue), 1e-300)) {
      converged = true
      break
    }
  }
  return { x, value, iterations, evaluations, converged }
}
