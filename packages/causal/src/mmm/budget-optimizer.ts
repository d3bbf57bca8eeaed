// Budget optimizer on a fitted MMM: splits a per-period budget across channels to maximise the expected
// steady-state response (posterior mean over draws) within per-channel bounds. Greedy marginal
// allocation in small increments (optimal for concave response curves) followed by pairwise transfers
// with shrinking steps, which also repairs the greedy start on S-shaped (Hill) curves.
import { Effect } from "effect"
import type { CausalInputError } from "../errors.ts"
import { quantile } from "../internal/order.ts"
import { firstIssue, issue } from "../internal/validate.ts"
import type { MmmFit, PosteriorSummary } from "./fit-mmm.ts"

export interface BudgetBounds {
  readonly channel: string
  readonly min?: number
  readonly max?: number
}

export interface BudgetOptions {
  /** Budget per period to allocate. */
  readonly totalBudget: number
  /** Per-channel lower/upper spend per period (default 0 and the whole budget). */
  readonly bounds?: ReadonlyArray<BudgetBounds>
  /** Greedy increments (default 1000). */
  readonly steps?: number
  /** Posterior draws averaged in the objective (default 200, evenly spaced). */
  readonly maxDraws?: number
  readonly intervalMass?: number
}

export interface BudgetAllocation {
  readonly allocation: ReadonlyArray<{
    readonly channel: string
    readonly spend: number
    readonly response: PosteriorSummary
  }>
  /** Total expected response per period of the allocation (target units). */
  readonly totalResponse: PosteriorSummary
}

const summarize = (values: Float64Array, mass: number): PosteriorSummary => {
  const mean = values.reduce((s, v) => s + v, 0) / values.length
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1))
  return { mean, sd, lower: quantile(values, (1 - mass) / 2), upper: quantile(values, 1 - (1 - mass) / 2) }
}

/** Per-draw steady-state response of one channel (`MmmFit.responseDraws`). */
type ResponseDraws = (spendPerPeriod: number, draw: number) => number

const optimizeKernel = (
  fit: MmmFit,
  curves: ReadonlyArray<ResponseDraws>,
  options: BudgetOptions
): BudgetAllocation => {
  const names = fit.channels.map((channel) => channel.name)
  const bounds = names.map((name) => {
    const b = options.bounds?.find((entry) => entry.channel === name)
    return { min: b?.min ?? 0, max: b?.max ?? options.totalBudget }
  })
  const drawCount = Math.min(fit.drawCount, options.maxDraws ?? 200)
  const drawIndex = Array.from({ length: drawCount }, (_, k) => Math.floor((k * fit.drawCount) / drawCount))
  const expected = (c: number, spend: number): number => {
    const curve = curves[c]
    if (curve === undefined) return Number.NaN
    let sum = 0
    for (const i of drawIndex) sum += curve(spend, i)
    return sum / drawIndex.length
  }
  const spend = bounds.map((b) => b.min)
  const remaining = options.totalBudget - spend.reduce((s, v) => s + v, 0)
  const steps = options.steps ?? 1000
  const increment = remaining / steps
  const current = spend.map((s, c) => expected(c, s))
  for (let k = 0; k < steps && increment > 0; k++) {
    let bestChannel = -1
    let bestGain = Number.NEGATIVE_INFINITY
    let bestValue = 0
    for (let c = 0; c < spend.length; c++) {
      const next = (spend[c] ?? 0) + increment
      if (next > (bounds[c]?.max ?? 0) + 1e-9 * options.totalBudget) continue
      const value = expected(c, next)
      const gain = value - (current[c] ?? 0)
      if (gain > bestGain) {
        bestGain = gain
        bestChannel = c
        bestValue = value
      }
    }
    if (bestChannel < 0) break
    spend[bestChannel] = (spend[bestChannel] ?? 0) + increment
    current[bestChannel] = bestValue
  }
  // Pairwise transfers: move `delta` from one channel to another while the total response improves.
  for (let delta = increment * 8; delta > increment / 64; delta /= 2) {
    let improved = true
    for (let round = 0; round < 200 && improved; round++) {
      improved = false
      for (let from = 0; from < spend.length; from++) {
        for (let to = 0; to < spend.length; to++) {
          if (from === to) continue
          const a = (spend[from] ?? 0) - delta
          const b = (spend[to] ?? 0) + delta
          if (a < (bounds[from]?.min ?? 0) - 1e-12 || b > (bounds[to]?.max ?? 0) + 1e-12) continue
          const valueFrom = expected(from, a)
          const valueTo = expected(to, b)
          if (valueFrom + valueTo > (current[from] ?? 0) + (current[to] ?? 0) + 1e-12) {
            spend[from] = a
            spend[to] = b
            current[from] = valueFrom
            current[to] = valueTo
            improved = true
          }
        }
      }
    }
  }
  const mass = options.intervalMass ?? 0.94
  const totals = new Float64Array(fit.drawCount)
  const allocation = names.map((channel, c) => {
    const perDraw = Float64Array.from({ length: fit.drawCount }, (_, i) => curves[c]?.(spend[c] ?? 0, i) ?? 0)
    perDraw.forEach((v, i) => {
      totals[i] = (totals[i] ?? 0) + v
    })
    return { channel, spend: spend[c] ?? 0, response: summarize(perDraw, mass) }
  })
  return { allocation, totalResponse: summarize(totals, mass) }
}

/**
 * Maximises the expected response per period of a fitted MMM under a total budget and per-channel bounds.
 *
 * @example
 * const plan = yield* optimizeBudget(fit, { totalBudget: 1.2, bounds: [{ channel: "x2", max: 0.3 }] })
 */
export const optimizeBudget = (
  fit: MmmFit,
  options: BudgetOptions
): Effect.Effect<BudgetAllocation, CausalInputError> => {
  const names = fit.channels.map((channel) => channel.name)
  const problem = firstIssue(
    Number.isFinite(options.totalBudget) && options.totalBudget >= 0
      ? undefined
      : issue("totalBudget", "must be a finite number ≥ 0"),
    ...(options.bounds ?? []).map(
      (b, k) => () =>
        !names.includes(b.channel)
          ? issue(`bounds[${k}].channel`, `unknown channel ${b.channel}`)
          : (b.min ?? 0) < 0 || (b.max ?? Number.POSITIVE_INFINITY) < (b.min ?? 0)
            ? issue(`bounds[${k}]`, "needs 0 ≤ min ≤ max")
            : undefined
    ),
    () => {
      const minSum = names.reduce((s, name) => s + (options.bounds?.find((b) => b.channel === name)?.min ?? 0), 0)
      const maxSum = names.reduce(
        (s, name) => s + (options.bounds?.find((b) => b.channel === name)?.max ?? options.totalBudget),
        0
      )
      if (minSum > options.totalBudget)
        return issue("bounds", `the minimums add up to ${minSum}, above the budget ${options.totalBudget}`)
      if (maxSum < options.totalBudget)
        return issue("bounds", `the maximums add up to ${maxSum}, below the budget ${options.totalBudget}`)
      return undefined
    }
  )
  if (problem !== undefined) return Effect.fail(problem)
  return Effect.map(
    Effect.forEach(names, (name) => fit.responseDraws(name)),
    (curves) => optimizeKernel(fit, curves, options)
  )
}
