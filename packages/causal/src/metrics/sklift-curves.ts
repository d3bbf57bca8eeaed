// scikit-uplift's uplift metrics (maks-sh/scikit-uplift 0.5.1, sklift/metrics/metrics.py), ported
// formula for formula: Qini and uplift curves with tied scores grouped, their normalised areas, uplift@k.
import type { Effect } from "effect"
import { type CausalInputError, guarded } from "../errors.ts"
import { skliftDescendingOrder } from "../internal/order.ts"
import { checkRange, firstIssue, issue } from "../internal/validate.ts"
import { checkSkliftScoreInputs, checkUpliftInputs } from "./check-uplift-inputs.ts"

/** Points of a curve: `x` is the number of targeted units, `y` the curve value there. */
export interface Curve {
  readonly x: Float64Array
  readonly y: Float64Array
}

interface CumulativeCounts {
  readonly all: Float64Array
  readonly treated: Float64Array
  readonly control: Float64Array
  readonly outcomeTreated: Float64Array
  readonly outcomeControl: Float64Array
}

/**
 * Cumulative counts at the last index of each block of tied scores, scanning scores in descending order
 * (sklift sorts with `argsort(kind="mergesort")[::-1]` and keeps `np.diff(uplift) != 0` positions).
 */
const cumulativeCounts = (
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>
): CumulativeCounts => {
  const order = skliftDescendingOrder(uplift)
  const n = order.length
  const thresholds: Array<number> = []
  for (let i = 0; i < n - 1; i++) {
    if (uplift[order[i] ?? 0] !== uplift[order[i + 1] ?? 0]) thresholds.push(i)
  }
  thresholds.push(n - 1)
  const k = thresholds.length
  const all = new Float64Array(k)
  const treated = new Float64Array(k)
  const control = new Float64Array(k)
  const outcomeTreated = new Float64Array(k)
  const outcomeControl = new Float64Array(k)
  let nT = 0
  let yT = 0
  let yC = 0
  let next = 0
  for (let i = 0; i < n; i++) {
    const row = order[i] ?? 0
    const t = treatment[row] ?? 0
    const y = outcome[row] ?? 0
    if (t === 1) {
      nT += 1
      yT += y
    } else yC += y
    if (i === thresholds[next]) {
      all[next] = i + 1
      treated[next] = nT
      control[next] = i + 1 - nT
      outcomeTreated[next] = yT
      outcomeControl[next] = yC
      next += 1
    }
  }
  return { all, treated, control, outcomeTreated, outcomeControl }
}

/** Prepends (0, 0) unless the curve already starts there (sklift's `np.r_[0, ...]` rule). */
const startAtOrigin = (x: Float64Array, y: Float64Array): Curve => {
  if (x.length === 0 || y[0] !== 0 || x[0] !== 0) {
    const px = new Float64Array(x.length + 1)
    const py = new Float64Array(y.length + 1)
    px.set(x, 1)
    py.set(y, 1)
    return { x: px, y: py }
  }
  return { x, y }
}

/** Qini curve kernel: Q(k) = Y_T(k) − Y_C(k)·N_T(k)/N_C(k), 0 where N_C(k) = 0. */
export const qiniCurveKernel = (
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>
): Curve => {
  const c = cumulativeCounts(outcome, uplift, treatment)
  const values = new Float64Array(c.all.length)
  for (let i = 0; i < values.length; i++) {
    const nC = c.control[i] ?? 0
    const ratio = nC !== 0 ? (c.treated[i] ?? 0) / nC : 0
    values[i] = (c.outcomeTreated[i] ?? 0) - (c.outcomeControl[i] ?? 0) * ratio
  }
  return startAtOrigin(c.all, values)
}

/** Uplift curve kernel: U(k) = (Y_T/N_T − Y_C/N_C)·k, each rate 0 when its group is empty. */
export const upliftCurveKernel = (
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>
): Curve => {
  const c = cumulativeCounts(outcome, uplift, treatment)
  const values = new Float64Array(c.all.length)
  for (let i = 0; i < values.length; i++) {
    const nT = c.treated[i] ?? 0
    const nC = c.control[i] ?? 0
    const rT = nT !== 0 ? (c.outcomeTreated[i] ?? 0) / nT : 0
    const rC = nC !== 0 ? (c.outcomeControl[i] ?? 0) / nC : 0
    values[i] = (rT - rC) * (c.all[i] ?? 0)
  }
  return startAtOrigin(c.all, values)
}

/** Trapezoidal area under a curve with increasing x (sklearn.metrics.auc). */
export const trapezoidArea = (x: ArrayLike<number>, y: ArrayLike<number>): number => {
  let area = 0
  for (let i = 1; i < x.length; i++) area += ((x[i] ?? 0) - (x[i - 1] ?? 0)) * ((y[i] ?? 0) + (y[i - 1] ?? 0)) * 0.5
  return area
}

const normalisedArea = (model: Curve, perfect: Curve): number => {
  const lastX = perfect.x[perfect.x.length - 1] ?? 0
  const lastY = perfect.y[perfect.y.length - 1] ?? 0
  const baseline = trapezoidArea([0, lastX], [0, lastY])
  return (trapezoidArea(model.x, model.y) - baseline) / (trapezoidArea(perfect.x, perfect.y) - baseline)
}

/** Qini coefficient kernel (see `qiniAucScore`). */
export const qiniAucScoreKernel = (
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
  negativeEffect = true
): number => {
  const model = qiniCurveKernel(outcome, uplift, treatment)
  const n = outcome.length
  if (negativeEffect) {
    const perfectScore = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const y = outcome[i] ?? 0
      const t = treatment[i] ?? 0
      perfectScore[i] = y * t - y * (1 - t)
    }
    return normalisedArea(model, qiniCurveKernel(outcome, perfectScore, treatment))
  }
  let yT = 0
  let yC = 0
  let nT = 0
  for (let i = 0; i < n; i++) {
    if (treatment[i] === 1) {
      yT += outcome[i] ?? 0
      nT += 1
    } else yC += outcome[i] ?? 0
  }
  const ratio = yT - (nT * yC) / (n - nT)
  return normalisedArea(model, { x: Float64Array.of(0, ratio, n), y: Float64Array.of(0, ratio, ratio) })
}

/** Area under the uplift curve kernel (see `upliftAucScore`). */
export const upliftAucScoreKernel = (
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>
): number => {
  const n = outcome.length
  let controlResponders = 0
  let treatedNonResponders = 0
  for (let i = 0; i < n; i++) {
    if (outcome[i] === 1 && treatment[i] === 0) controlResponders += 1
    if (outcome[i] === 0 && treatment[i] === 1) treatedNonResponders += 1
  }
  const useOutcome = controlResponders > treatedNonResponders
  const perfectScore = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const y = outcome[i] ?? 0
    const t = treatment[i] ?? 0
    perfectScore[i] = 2 * (y === t ? 1 : 0) + (useOutcome ? y : t)
  }
  return normalisedArea(
    upliftCurveKernel(outcome, uplift, treatment),
    upliftCurveKernel(outcome, perfectScore, treatment)
  )
}

/** How `upliftAtK` picks the top units. */
export type UpliftAtKStrategy = "overall" | "by_group"

/** uplift@k kernel (see `upliftAtK`). NaN when a group has no unit among those selected. */
export const upliftAtKKernel = (
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
  k: number,
  strategy: UpliftAtKStrategy
): number => {
  const order = skliftDescendingOrder(uplift)
  const n = order.length
  let sumT = 0
  let countT = 0
  let sumC = 0
  let countC = 0
  if (strategy === "overall") {
    const size = Number.isInteger(k) && k >= 1 ? k : Math.floor(n * k)
    for (let i = 0; i < size; i++) {
      const row = order[i] ?? 0
      if (treatment[row] === 1) {
        sumT += outcome[row] ?? 0
        countT += 1
      } else {
        sumC += outcome[row] ?? 0
        countC += 1
      }
    }
  } else {
    let totalT = 0
    for (let i = 0; i < n; i++) totalT += treatment[i] === 1 ? 1 : 0
    const takeT = Number.isInteger(k) && k >= 1 ? k : Math.floor(totalT * k)
    const takeC = Number.isInteger(k) && k >= 1 ? k : Math.floor((n - totalT) * k)
    for (let i = 0; i < n; i++) {
      const row = order[i] ?? 0
      if (treatment[row] === 1) {
        if (countT < takeT) {
          sumT += outcome[row] ?? 0
          countT += 1
        }
      } else if (countC < takeC) {
        sumC += outcome[row] ?? 0
        countC += 1
      }
    }
  }
  return sumT / countT - sumC / countC
}

/** sklift `qini_curve`: cumulative Qini values at each distinct score cut, starting at (0, 0). */
export const qiniCurve = (
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>
): Effect.Effect<Curve, CausalInputError> =>
  guarded(checkUpliftInputs(outcome, uplift, treatment), () => qiniCurveKernel(outcome, uplift, treatment))

/** sklift `uplift_curve`: cumulative uplift (rate difference × units) at each distinct score cut. */
export const upliftCurve = (
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>
): Effect.Effect<Curve, CausalInputError> =>
  guarded(checkUpliftInputs(outcome, uplift, treatment), () => upliftCurveKernel(outcome, uplift, treatment))

/** The overall effect in Qini units, Y_T − n_T·Y_C/n_C (the corner of sklift's no-negative-effect curve). */
const overallQiniEffect = (outcome: ArrayLike<number>, treatment: ArrayLike<number>): number => {
  let yT = 0
  let yC = 0
  let nT = 0
  for (let i = 0; i < outcome.length; i++) {
    if (treatment[i] === 1) {
      yT += outcome[i] ?? 0
      nT += 1
    } else yC += outcome[i] ?? 0
  }
  return yT - (nT * yC) / (outcome.length - nT)
}

/**
 * sklift `qini_auc_score`: (AUC_model − AUC_random)/(AUC_perfect − AUC_random), trapezoids, random = the
 * straight line to the perfect curve's end. `negativeEffect` (default true, sklift's default) builds the
 * perfect curve from the score y·t − y·(1−t); false uses the no-negative-effect corner curve, which sklift
 * refuses when the overall effect is negative (so does this: a typed error on `negativeEffect`). The
 * outcome must be binary with both values and both groups present, as sklift checks.
 */
export const qiniAucScore = (
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
  options: { readonly negativeEffect?: boolean } = {}
): Effect.Effect<number, CausalInputError> =>
  guarded(
    firstIssue(checkSkliftScoreInputs(outcome, uplift, treatment), () => {
      if (options.negativeEffect !== false) return undefined
      const effect = overallQiniEffect(outcome, treatment)
      return effect < 0
        ? issue(
            "negativeEffect",
            `is false but the overall effect is negative (${effect}); sklift refuses this, keep the default (true)`
          )
        : undefined
    }),
    () => qiniAucScoreKernel(outcome, uplift, treatment, options.negativeEffect ?? true)
  )

/**
 * sklift `uplift_auc_score`: normalised area under the uplift curve, same ratio form as the Qini score; a
 * binary outcome with both values and both groups present, as sklift checks.
 */
export const upliftAucScore = (
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>
): Effect.Effect<number, CausalInputError> =>
  guarded(checkSkliftScoreInputs(outcome, uplift, treatment), () => upliftAucScoreKernel(outcome, uplift, treatment))

/** How many top-scored units `upliftAtK` keeps: a share of them, or a number of them. */
export type UpliftAtKSize = { readonly fraction: number } | { readonly count: number }

/**
 * sklift `uplift_at_k`: mean outcome of treated minus control among the top-scored units. sklift's one `k`
 * means a share below 1 and a count from 1 up; here the two are named. `{ fraction }` in (0, 1) keeps
 * ⌊fraction·n⌋ units (`overall`) or ⌊fraction·n_T⌋ treated and ⌊fraction·n_C⌋ control (`by_group`);
 * `{ count }` keeps that many: fewer than n units (`overall`), at most the smaller group's size (`by_group`,
 * where sklift raises rather than silently using fewer units). Default `{ fraction: 0.3 }`, strategy
 * `overall`. The outcome must be binary with both values and both groups present, as sklift checks.
 */
export const upliftAtK = (
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
  options: { readonly size?: UpliftAtKSize; readonly strategy?: UpliftAtKStrategy } = {}
): Effect.Effect<number, CausalInputError> => {
  const size = options.size ?? { fraction: 0.3 }
  const strategy = options.strategy ?? "overall"
  const fractional = "fraction" in size
  const k = fractional ? size.fraction : size.count
  return guarded(
    firstIssue(
      checkSkliftScoreInputs(outcome, uplift, treatment),
      () =>
        fractional
          ? checkRange("size.fraction", k, 0, 1, "open")
          : Number.isInteger(k) && k >= 1 && k < outcome.length
            ? undefined
            : issue("size.count", `${k} must be an integer from 1 to the number of units ${outcome.length} (excluded)`),
      () => {
        if (fractional || strategy !== "by_group") return undefined
        let treated = 0
        for (let i = 0; i < treatment.length; i++) if (treatment[i] === 1) treated++
        const smaller = Math.min(treated, treatment.length - treated)
        return k <= smaller
          ? undefined
          : issue(
              "size.count",
              `${k} is more than the smaller group has (${treated} treated, ${treatment.length - treated} control)`
            )
      }
    ),
    () => upliftAtKKernel(outcome, uplift, treatment, k, strategy)
  )
}
