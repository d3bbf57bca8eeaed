// The one quasi-Newton minimizer of the workspace: limited-memory BFGS (Nocedal & Wright 2006, Alg. 7.4–7.5)
// with a backtracking Armijo line search. Causal finds the MMM posterior mode with it (analytic gradients);
// calibration's SMM uses it with central-difference gradients (`minimizeWithNumericalGradient`).
import { at, atList } from "../checked-index.ts"

export interface LbfgsResult {
  readonly x: Float64Array
  readonly value: number
  readonly iterations: number
  readonly converged: boolean
}

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Iterations at most (default 500). */
  readonly maxIterations?: number
  /** Stop when every gradient component is below this (default 1e-6). */
  readonly tolerance?: number
  /** Stop when an iteration lowers f by less than this × max(1, |f|) (default 1e-12). */
  readonly relativeTolerance?: number
  /** Correction pairs kept (default 10). */
  readonly memory?: number
}

/**
 * Minimises f. `evaluate(x, gradient)` returns f(x) and writes ∇f(x). Stops when max|∇f| < `tolerance`,
 * the relative decrease is below `relativeTolerance`, or after `maxIterations`.
 */
export const minimizeLbfgs = (
  evaluate: (x: Float64Array, gradient: Float64Array) => number,
  start: ArrayLike<number>,
  options: LbfgsOptions = {}
): LbfgsResult => {
  const dimension = start.length
  const memory = options.memory ?? 10
  const maxIterations = options.maxIterations ?? 500
  const tolerance = options.tolerance ?? 1e-6
  const relativeTolerance = options.relativeTolerance ?? 1e-12
  let x = Float64Array.from(start)
  let gradient = new Float64Array(dimension)
  let value = evaluate(x, gradient)
  const sHistory: Array<Float64Array> = []
  const yHistory: Array<Float64Array> = []
  const rhoHistory: Array<number> = []
  const direction = new Float64Array(dimension)
  const alphas = new Float64Array(memory)
  let iterations = 0
  let converged = false
  for (; iterations < maxIterations; iterations++) {
    let gMax = 0
    for (let j = 0; j < dimension; j++) gMax = Math.max(gMax, Math.abs(at(gradient, j)))
    if (!Number.isFinite(value) || gMax < tolerance) {
      converged = Number.isFinite(value)
      break
    }
    // Two-loop recursion: direction = −H·g.
    for (let j = 0; j < dimension; j++) direction[j] = -at(gradient, j)
    for (let k = sHistory.length - 1; k >= 0; k--) {
      const s = sHistory[k] ?? direction
      const y = yHistory[k] ?? direction
      let dot = 0
      for (let j = 0; j < dimension; j++) dot += at(s, j) * at(direction, j)
      const alpha = atList(rhoHistory, k) * dot
      alphas[k] = alpha
      for (let j = 0; j < dimension; j++) direction[j] = at(direction, j) - alpha * at(y, j)
    }
    const lastS = sHistory[sHistory.length - 1]
    const lastY = yHistory[yHistory.length - 1]
    if (lastS !== undefined && lastY !== undefined) {
      let sy = 0
      let yy = 0
      for (let j = 0; j < dimension; j++) {
        sy += at(lastS, j) * at(lastY, j)
        yy += at(lastY, j) * at(lastY, j)
      }
      const gamma = sy / yy
      for (let j = 0; j < dimension; j++) direction[j] = at(direction, j) * gamma
    } else {
      // First step: scale so the initial move is at most 1 in the largest coordinate.
      const scale = 1 / Math.max(1, gMax)
      for (let j = 0; j < dimension; j++) direction[j] = at(direction, j) * scale
    }
    for (let k = 0; k < sHistory.length; k++) {
      const s = sHistory[k] ?? direction
      const y = yHistory[k] ?? direction
      let dot = 0
      for (let j = 0; j < dimension; j++) dot += at(y, j) * at(direction, j)
      const beta = atList(rhoHistory, k) * dot
      for (let j = 0; j < dimension; j++) direction[j] = at(direction, j) + (at(alphas, k) - beta) * at(s, j)
    }
    let slope = 0
    for (let j = 0; j < dimension; j++) slope += at(gradient, j) * at(direction, j)
    if (!(slope < 0)) {
      // Not a descent direction: fall back to steepest descent and forget the history.
      sHistory.length = 0
      yHistory.length = 0
      rhoHistory.length = 0
      slope = 0
      for (let j = 0; j < dimension; j++) {
        direction[j] = -at(gradient, j) / Math.max(1, gMax)
        slope += at(gradient, j) * at(direction, j)
      }
    }
    let step = 1
    const nextX = new Float64Array(dimension)
    const nextGradient = new Float64Array(dimension)
    let nextValue = Number.POSITIVE_INFINITY
    for (let trial = 0; trial < 60; trial++, step *= 0.5) {
      for (let j = 0; j < dimension; j++) nextX[j] = at(x, j) + step * at(direction, j)
      nextValue = evaluate(nextX, nextGradient)
      if (Number.isFinite(nextValue) && nextValue <= value + 1e-4 * step * slope) break
    }
    if (!(nextValue < value)) {
      converged = true
      break
    }
    const s = new Float64Array(dimension)
    const y = new Float64Array(dimension)
    let sy = 0
    for (let j = 0; j < dimension; j++) {
      s[j] = at(nextX, j) - at(x, j)
      y[j] = at(nextGradient, j) - at(gradient, j)
      sy += at(s, j) * at(y, j)
    }
    if (sy > 1e-12) {
      sHistory.push(s)
      yHistory.push(y)
      rhoHistory.push(1 / sy)
      if (sHistory.length > memory) {
        sHistory.shift()
        yHistory.shift()
        rhoHistory.shift()
      }
    }
    const decrease = value - nextValue
    x = nextX
    gradient = nextGradient
    value = nextValue
    if (decrease < relativeTolerance * Math.max(1, Math.abs(value))) {
      converged = true
      iterations += 1
      break
    }
  }
  return { x, value, iterations, converged }
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
    const xi = at(x, i)
    const step = relativeStep * Math.max(1, Math.abs(xi))
    probe[i] = xi + step
    const up = objective(probe)
    probe[i] = xi - step
    const down = objective(probe)
    probe[i] = xi
    gradient[i] = (up - down) / (2 * step)
  }
  return gradient
}

/** Options of {@link minimizeWithNumericalGradient}. */
export interface NumericalGradientOptions {
  /** Stop when every gradient component is below this (default 1e-8). */
  readonly gradientTolerance?: number
  /** Stop when an iteration improves the objective by less than this, relatively (default 1e-14). */
  readonly relativeTolerance?: number
  /** Iterations at most (default 200 per parameter). */
  readonly maxIterations?: number
  /** Relative step of the central differences (default 1e-5). */
  readonly differenceStep?: number
}

/** The result of a minimization: the point, its value, the work done, and whether a stopping test was met. */
export interface MinimizeResult {
  readonly x: Float64Array
  readonly value: number
  readonly iterations: number
  readonly evaluations: number
  readonly converged: boolean
}

/**
 * Minimizes a smooth objective without a gradient: L-BFGS on central-difference gradients (the memory holds
 * every correction for problems of up to 20 parameters, which makes it BFGS there). NaN values count as +∞.
 */
export const minimizeWithNumericalGradient = (
  objective: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NumericalGradientOptions = {}
): MinimizeResult => {
  const relativeStep = options.differenceStep ?? 1e-5
  let evaluations = 0
  const evaluateOnly = (x: Float64Array): number => {
    evaluations++
    const value = objective(x)
    return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value
  }
  const result = minimizeLbfgs(
    (x, gradient) => {
      const value = evaluateOnly(x)
      gradient.set(numericalGradient(evaluateOnly, x, relativeStep))
      return value
    },
    start,
    {
      maxIterations: options.maxIterations ?? 200 * start.length,
      tolerance: options.gradientTolerance ?? 1e-8,
      relativeTolerance: options.relativeTolerance ?? 1e-14,
      memory: Math.max(10, Math.min(20, start.length))
    }
  )
  return { ...result, evaluations }
}
