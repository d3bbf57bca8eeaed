// Nelder–Mead simplex minimization with the coefficients, initial simplex and stopping rule of
// scipy.optimize.minimize(method="Nelder-Mead") (reflection 1, expansion 2, contraction ½, shrink ½; start
// vertices x₀ with one coordinate scaled by 1.05, or 0.00025 when it is 0; stop when both the simplex spread
// and the spread of its values are within xatol and fatol).
import { at, atList } from "../checked-index.ts"
import type { MinimizeResult } from "./quasi-newton.ts"

export interface NelderMeadOptions {
  readonly xatol?: number
  readonly fatol?: number
  /** Default 200 × dimension (scipy). */
  readonly maxIterations?: number
  readonly maxEvaluations?: number
}

/** Minimizes `objective` from `start`. */
export const nelderMead = (
  objective: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {}
): MinimizeResult => {
  const n = start.length
  const xatol = options.xatol ?? 1e-4
  const fatol = options.fatol ?? 1e-4
  const maxIterations = options.maxIterations ?? 200 * n
  const maxEvaluations = options.maxEvaluations ?? 200 * n
  let evaluations = 0
  const evaluate = (x: Float64Array): number => {
    evaluations++
    const value = objective(x)
    return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value
  }
  let simplex: Array<Float64Array> = [Float64Array.from(start)]
  for (let k = 0; k < n; k++) {
    const vertex = Float64Array.from(start)
    vertex[k] = vertex[k] !== 0 ? 1.05 * at(vertex, k) : 0.00025
    simplex.push(vertex)
  }
  let values = simplex.map(evaluate)
  const sortSimplex = (): void => {
    const order = values.map((_, index) => index).sort((a, b) => atList(values, a) - atList(values, b) || a - b)
    simplex = order.map((index) => simplex[index] as Float64Array)
    values = order.map((index) => atList(values, index))
  }
  sortSimplex()
  const combine = (centroid: Float64Array, worst: Float64Array, a: number, b: number): Float64Array => {
    const out = new Float64Array(n)
    for (let j = 0; j < n; j++) out[j] = a * at(centroid, j) + b * at(worst, j)
    return out
  }
  let iterations = 1
  let converged = false
  while (evaluations < maxEvaluations && iterations < maxIterations) {
    const best = simplex[0] as Float64Array
    let spreadX = 0
    let spreadF = 0
    for (let v = 1; v <= n; v++) {
      const vertex = simplex[v] as Float64Array
      for (let j = 0; j < n; j++) spreadX = Math.max(spreadX, Math.abs(at(vertex, j) - at(best, j)))
      spreadF = Math.max(spreadF, Math.abs(atList(values, 0) - atList(values, v)))
    }
    if (spreadX <= xatol && spreadF <= fatol) {
      converged = true
      break
    }
    const centroid = new Float64Array(n)
    for (let v = 0; v < n; v++) {
      const vertex = simplex[v] as Float64Array
      for (let j = 0; j < n; j++) centroid[j] = at(centroid, j) + at(vertex, j)
    }
    for (let j = 0; j < n; j++) centroid[j] = at(centroid, j) / n
    const worst = simplex[n] as Float64Array
    const reflected = combine(centroid, worst, 2, -1)
    const reflectedValue = evaluate(reflected)
    let shrink = false
    if (reflectedValue < atList(values, 0)) {
      const expanded = combine(centroid, worst, 3, -2)
      const expandedValue = evaluate(expanded)
      if (expandedValue < reflectedValue) {
        simplex[n] = expanded
        values[n] = expandedValue
      } else {
        simplex[n] = reflected
        values[n] = reflectedValue
      }
    } else if (reflectedValue < atList(values, n - 1)) {
      simplex[n] = reflected
      values[n] = reflectedValue
    } else if (reflectedValue < atList(values, n)) {
      const contracted = combine(centroid, worst, 1.5, -0.5)
      const contractedValue = evaluate(contracted)
      if (contractedValue <= reflectedValue) {
        simplex[n] = contracted
        values[n] = contractedValue
      } else {
        shrink = true
      }
    } else {
      const contracted = combine(centroid, worst, 0.5, 0.5)
      const contractedValue = evaluate(contracted)
      if (contractedValue < atList(values, n)) {
        simplex[n] = contracted
        values[n] = contractedValue
      } else {
        shrink = true
      }
    }
    if (shrink) {
      const anchor = simplex[0] as Float64Array
      for (let v = 1; v <= n; v++) {
        const vertex = simplex[v] as Float64Array
        for (let j = 0; j < n; j++) vertex[j] = at(anchor, j) + 0.5 * (at(vertex, j) - at(anchor, j))
        values[v] = evaluate(vertex)
      }
    }
    iterations++
    sortSimplex()
  }
  return {
    x: Float64Array.from(simplex[0] as Float64Array),
    value: atList(values, 0),
    iterations,
    evaluations,
    converged
  }
}
