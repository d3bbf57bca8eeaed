// Kaplan–Meier product-limit estimator with Greenwood variance (lifelines KaplanMeierFitter conventions:
// survival steps at distinct event times; censorings at an event time are still at risk there).
import type { Effect } from "effect"
import { type CausalInputError, guarded } from "../errors.ts"
import { checkBinary, checkFinite, checkLength, firstIssue } from "../internal/validate.ts"

export interface KaplanMeierCurve {
  /** Distinct event times, ascending. */
  readonly times: Float64Array
  readonly survival: Float64Array
  readonly atRisk: Float64Array
  readonly events: Float64Array
  /** Greenwood variance of S(t). */
  readonly variance: Float64Array
  /** S(t): 1 before the first event time, then the last step at or before t. */
  readonly survivalAt: (t: number) => number
}

export const kaplanMeierKernel = (durations: ArrayLike<number>, events: ArrayLike<number>): KaplanMeierCurve => {
  const n = durations.length
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (durations[a] ?? 0) - (durations[b] ?? 0))
  const times: Array<number> = []
  const survival: Array<number> = []
  const atRisk: Array<number> = []
  const eventCounts: Array<number> = []
  const variance: Array<number> = []
  let s = 1
  let greenwood = 0
  let remaining = n
  let k = 0
  while (k < n) {
    const t = durations[order[k] ?? 0] ?? 0
    let d = 0
    let end = k
    while (end < n && (durations[order[end] ?? 0] ?? 0) === t) {
      if (events[order[end] ?? 0] === 1) d++
      end++
    }
    if (d > 0) {
      s *= 1 - d / remaining
      // Greenwood's term d/(n(n − d)) is undefined once every unit at risk has failed (S = 0): the variance is
      // NaN from there on (lifelines' formula gives 0·∞), not 0.
      greenwood += remaining > d ? d / (remaining * (remaining - d)) : Number.NaN
      times.push(t)
      survival.push(s)
      atRisk.push(remaining)
      eventCounts.push(d)
      variance.push(s * s * greenwood)
    }
    remaining -= end - k
    k = end
  }
  const timeArray = Float64Array.from(times)
  const survivalArray = Float64Array.from(survival)
  return {
    times: timeArray,
    survival: survivalArray,
    atRisk: Float64Array.from(atRisk),
    events: Float64Array.from(eventCounts),
    variance: Float64Array.from(variance),
    survivalAt: (t) => {
      let value = 1
      for (let i = 0; i < timeArray.length && (timeArray[i] ?? 0) <= t; i++) value = survivalArray[i] ?? value
      return value
    }
  }
}

/** Kaplan–Meier survival curve of `durations` with event indicators `events` (1 = event, 0 = censored). */
export const kaplanMeier = (
  durations: ArrayLike<number>,
  events: ArrayLike<number>
): Effect.Effect<KaplanMeierCurve, CausalInputError> =>
  guarded(
    firstIssue(
      checkLength("events", events, durations.length),
      () => checkFinite("durations", durations),
      () => checkBinary("events", events)
    ),
    () => kaplanMeierKernel(durations, events)
  )
