// Limited-memory BFGS (Nocedal & Wright 2006, Alg. 7.4–7.5) with a backtracking Armijo line search;
// used to find the posterior mode that starts the MCMC chains.

export interface LbfgsResult {
  readonly x: Float64Array
  readonly value: number
  readonly iterations: number
  readonly converged: boolean
}

/**
 * Minimises f. `evaluate(x, gradient)` returns f(x) and writes ∇f(x). Stops when max|∇f| < `tolerance`
 * (default 1e-6), the relative decrease is below 1e-12, or after `maxIterations` (default 500).
 */
export const minimizeLbfgs = (
  evaluate: (x: Float64Array, gradient: Float64Array) => number,
  start: Float64Array,
  options: { readonly maxIterations?: number; readonly tolerance?: number; readonly memory?: number } = {}
): LbfgsResult => {
  const dimension = start.length
  const memory = options.memory ?? 10
  const maxIterations = options.maxIterations ?? 500
  const tolerance = options.tolerance ?? 1e-6
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
    for (let j = 0; j < dimension; j++) gMax = Math.max(gMax, Math.abs(gradient[j] ?? 0))
    if (!Number.isFinite(value) || gMax < tolerance) {
      converged = Number.isFinite(value)
      break
    }
    // Two-loop recursion: direction = −H·g.
    for (let j = 0; j < dimension; j++) direction[j] = -(gradient[j] ?? 0)
    for (let k = sHistory.length - 1; k >= 0; k--) {
      const s = sHistory[k] ?? direction
      const y = yHistory[k] ?? direction
      let dot = 0
      for (let j = 0; j < dimension; j++) dot += (s[j] ?? 0) * (direction[j] ?? 0)
      const alpha = (rhoHistory[k] ?? 0) * dot
      alphas[k] = alpha
      for (let j = 0; j < dimension; j++) direction[j] = (direction[j] ?? 0) - alpha * (y[j] ?? 0)
    }
    const lastS = sHistory[sHistory.length - 1]
    const lastY = yHistory[yHistory.length - 1]
    if (lastS !== undefined && lastY !== undefined) {
      let sy = 0
      let yy = 0
      for (let j = 0; j < dimension; j++) {
        sy += (lastS[j] ?? 0) * (lastY[j] ?? 0)
        yy += (lastY[j] ?? 0) * (lastY[j] ?? 0)
      }
      const gamma = sy / yy
      for (let j = 0; j < dimension; j++) direction[j] = (direction[j] ?? 0) * gamma
    } else {
      // First step: scale so the initial move is at most 1 in the largest coordinate.
      const scale = 1 / Math.max(1, gMax)
      for (let j = 0; j < dimension; j++) direction[j] = (direction[j] ?? 0) * scale
    }
    for (let k = 0; k < sHistory.length; k++) {
      const s = sHistory[k] ?? direction
      const y = yHistory[k] ?? direction
      let dot = 0
      for (let j = 0; j < dimension; j++) dot += (y[j] ?? 0) * (direction[j] ?? 0)
      const beta = (rhoHistory[k] ?? 0) * dot
      for (let j = 0; j < dimension; j++) direction[j] = (direction[j] ?? 0) + ((alphas[k] ?? 0) - beta) * (s[j] ?? 0)
    }
    let slope = 0
    for (let j = 0; j < dimension; j++) slope += (gradient[j] ?? 0) * (direction[j] ?? 0)
    if (!(slope < 0)) {
      // Not a descent direction: fall back to steepest descent and forget the history.
      sHistory.length = 0
      yHistory.length = 0
      rhoHistory.length = 0
      slope = 0
      for (let j = 0; j < dimension; j++) {
        direction[j] = -(gradient[j] ?? 0) / Math.max(1, gMax)
        slope += (gradient[j] ?? 0) * (direction[j] ?? 0)
      }
    }
    let step = 1
    const nextX = new Float64Array(dimension)
    const nextGradient = new Float64Array(dimension)
    let nextValue = Number.POSITIVE_INFINITY
    for (let trial = 0; trial < 60; trial++, step *= 0.5) {
      for (let j = 0; j < dimension; j++) nextX[j] = (x[j] ?? 0) + step * (direction[j] ?? 0)
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
      s[j] = (nextX[j] ?? 0) - (x[j] ?? 0)
      y[j] = (nextGradient[j] ?? 0) - (gradient[j] ?? 0)
      sy += (s[j] ?? 0) * (y[j] ?? 0)
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
    if (decrease < 1e-12 * Math.max(1, Math.abs(value))) {
      converged = true
      iterations += 1
      break
    }
  }
  return { x, value, iterations, converged }
}
