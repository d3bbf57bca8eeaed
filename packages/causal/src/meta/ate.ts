// Average treatment effect with intervals: the T-learner's analytic normal interval (causalml
// BaseTLearner.estimate_ate) and percentile bootstrap intervals for any meta-learner.

import { normalQuantile, SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import type { CausalInputError } from "../errors.ts"
import { mean, quantile, variance } from "../internal/order.ts"
import { checkPositiveInteger, checkRange, firstIssue, issue } from "../internal/validate.ts"
import { selectRows, selectValues } from "../matrix.ts"
import {
  checkRoles,
  type MetaLearner,
  type PreparedUplift,
  prepareUplift,
  type TreatmentLabel,
  type UpliftData,
  type UpliftOptions
} from "./meta-learner.ts"

export interface AteOptions extends UpliftOptions {
  /** Two-sided level: the interval covers 1 − alpha (default 0.05). */
  readonly alpha?: number
  /** `analytic` (T-learner only; its default) or `bootstrap` (default for the others). */
  readonly interval?: "analytic" | "bootstrap"
  /**
   * Bootstrap replicates (default 200), resample size (default n), and the largest share of replicates
   * that may fail (a non-finite mean CATE or a resample that does not validate) before `estimateAte` fails
   * instead of reporting an interval (default 0.1). Failed replicates are dropped, never counted as 0.
   */
  readonly bootstrap?: { readonly samples?: number; readonly size?: number; readonly maxFailedShare?: number }
}

export interface AteEstimate {
  readonly group: TreatmentLabel
  /** Mean CATE over all rows. */
  readonly ate: number
  readonly lower: number
  readonly upper: number
  readonly method: "analytic" | "bootstrap"
  /** Standard error (analytic interval) or bootstrap standard deviation. */
  readonly standardError: number
  /** Bootstrap only: replicates behind the interval, and replicates dropped because they failed. */
  readonly replicates?: number
  readonly failedReplicates?: number
}

const meanCatePerGroup = (learner: MetaLearner, prepared: PreparedUplift, data: UpliftData): Array<number> =>
  prepared.groups.map((group) => mean(learner.fitBinary(group.input).cate(data.x)))

/**
 * Analytic interval of the T-learner (causalml `tlearner.py`): se² = (Var(y − μ̂₀ | control)/(1 − p̄) +
 * Var(y − μ̂₁ | treated)/p̄ + Var(μ̂₁ − μ̂₀))/n over the group's and the control's rows, p̄ the treated share.
 */
const analyticAte = (
  learner: MetaLearner,
  prepared: PreparedUplift,
  data: UpliftData,
  alpha: number
): Array<AteEstimate> | undefined => {
  const z = normalQuantile(1 - alpha / 2)
  const out: Array<AteEstimate> = []
  for (const group of prepared.groups) {
    const fit = learner.fitBinary(group.input)
    const outcomes = fit.potentialOutcomes?.(group.input.x)
    if (outcomes === undefined) return undefined
    const ate = mean(fit.cate(data.x))
    const { w, y } = group.input
    const residualC: Array<number> = []
    const residualT: Array<number> = []
    const effect = new Float64Array(w.length)
    for (let i = 0; i < w.length; i++) {
      const y0 = outcomes.control[i] ?? 0
      const y1 = outcomes.treated[i] ?? 0
      effect[i] = y1 - y0
      if (w[i] === 1) residualT.push((y[i] ?? 0) - y1)
      else residualC.push((y[i] ?? 0) - y0)
    }
    const p = residualT.length / w.length
    const se = Math.sqrt((variance(residualC) / (1 - p) + variance(residualT) / p + variance(effect)) / w.length)
    out.push({
      group: group.label,
      ate,
      lower: ate - z * se,
      upper: ate + z * se,
      method: "analytic",
      standardError: se
    })
  }
  return out
}

/** Resamples rows with replacement within each treatment label (so every replicate keeps every arm). */
const stratifiedResample = (data: UpliftData, size: number, seed: number): UpliftData => {
  const random = new SeededRandom(seed)
  const n = data.x.rows
  const byLabel = new Map<TreatmentLabel, Array<number>>()
  for (let i = 0; i < n; i++) {
    const label = data.treatment[i] ?? 0
    const rows = byLabel.get(label) ?? []
    rows.push(i)
    byLabel.set(label, rows)
  }
  const picked: Array<number> = []
  for (const rows of byLabel.values()) {
    const take = Math.max(2, Math.round((rows.length / n) * size))
    for (let k = 0; k < take; k++) picked.push(rows[random.int(rows.length)] ?? 0)
  }
  const index = Int32Array.from(picked)
  return {
    x: selectRows(data.x, index),
    treatment: picked.map((row) => data.treatment[row] ?? 0),
    outcome: selectValues(data.outcome, index)
  }
}

/**
 * ATE of every treatment group against the control, with an interval: analytic for the T-learner by
 * default, percentile bootstrap (refit on stratified resamples, CATE averaged over the original rows)
 * otherwise, as causalml's `estimate_ate(bootstrap_ci=True)`. Every replicate keeps the outcome kind of
 * the full data; replicates that fail are dropped from the percentiles and counted in `failedReplicates`,
 * and more than `bootstrap.maxFailedShare` of them fails the call with a `bootstrap` error.
 */
export const estimateAte = (
  learner: MetaLearner,
  data: UpliftData,
  options: AteOptions = {}
): Effect.Effect<ReadonlyArray<AteEstimate>, CausalInputError> =>
  Effect.suspend(() => {
    const alpha = options.alpha ?? 0.05
    const samples = options.bootstrap?.samples ?? 200
    const size = options.bootstrap?.size ?? data.x.rows
    const maxFailedShare = options.bootstrap?.maxFailedShare ?? 0.1
    const problem = firstIssue(
      checkRange("alpha", alpha, 0, 1, "open"),
      () => checkPositiveInteger("bootstrap.samples", samples),
      () => checkPositiveInteger("bootstrap.size", size),
      () => checkRange("bootstrap.maxFailedShare", maxFailedShare, 0, 1)
    )
    if (problem !== undefined) return Effect.fail(problem)
    const prepared = prepareUplift(data, options)
    if ("issue" in prepared) return Effect.fail(prepared.issue)
    const roleIssue = checkRoles(learner, prepared.prepared.outcomeKind)
    if (roleIssue !== undefined) return Effect.fail(roleIssue)
    const method = options.interval ?? (learner.name.startsWith("T-learner") ? "analytic" : "bootstrap")
    if (method === "analytic") {
      const analytic = analyticAte(learner, prepared.prepared, data, alpha)
      return analytic === undefined
        ? Effect.fail(issue("interval", `the analytic interval needs outcome models (T-learner), not ${learner.name}`))
        : Effect.succeed(analytic)
    }
    const { outcomeKind, control } = prepared.prepared
    const point = meanCatePerGroup(learner, prepared.prepared, data)
    const draws = prepared.prepared.groups.map((): Array<number> => [])
    const failed = prepared.prepared.groups.map(() => 0)
    const seed = options.seed ?? 0
    for (let b = 0; b < samples; b++) {
      const resample = stratifiedResample(data, size, seed + 104729 * (b + 1))
      // The outcome kind of the full data, not inferred again: a resample of a mostly-0/1 continuous
      // outcome can be all 0/1 and would otherwise switch the base learners to classification.
      const again = prepareUplift(resample, { control, outcomeKind, seed: seed + b + 1 })
      const values = "issue" in again ? undefined : meanCatePerGroup(learner, again.prepared, data)
      draws.forEach((groupDraws, g) => {
        const value = values?.[g]
        if (value !== undefined && Number.isFinite(value)) groupDraws.push(value)
        else failed[g] = (failed[g] ?? 0) + 1
      })
    }
    const worst = Math.max(...failed)
    if (worst > maxFailedShare * samples || samples - worst < 2) {
      const g = failed.indexOf(worst)
      return Effect.fail(
        issue(
          "bootstrap",
          `${worst} of ${samples} bootstrap replicates of group ${String(prepared.prepared.groups[g]?.label)} ` +
            `failed (non-finite mean CATE or an invalid resample), more than maxFailedShare = ${maxFailedShare} allows`
        )
      )
    }
    return Effect.succeed(
      prepared.prepared.groups.map((group, g): AteEstimate => {
        const groupDraws = draws[g] ?? []
        return {
          group: group.label,
          ate: point[g] ?? Number.NaN,
          lower: quantile(groupDraws, alpha / 2),
          upper: quantile(groupDraws, 1 - alpha / 2),
          method: "bootstrap",
          standardError: Math.sqrt(variance(groupDraws)),
          replicates: groupDraws.length,
          failedReplicates: failed[g] ?? 0
        }
      })
    )
  })
