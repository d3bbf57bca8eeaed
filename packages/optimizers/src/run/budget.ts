// A run's hard budget: metric calls are counted here, language-model calls, tokens and USD by the run's
// UsageLedger (which reserves a call before it starts, so `maxLmCalls` is never exceeded). Reaching any limit
// stops the run cleanly with the best program found so far.
import { Data } from "effect"

/** Limits of one optimization run; any of them stops it. Omitted limits are unlimited. */
export type OptimizationBudget = {
  /** Example evaluations (one program run plus one metric call each), GEPA's `max_metric_calls`. */
  readonly maxMetricCalls?: number | undefined
  /** Language-model calls made (cache hits are free and not counted). */
  readonly maxLmCalls?: number | undefined
  /** Total tokens (prompt + completion); calls already in flight may exceed it. */
  readonly maxTokens?: number | undefined
  /** Cost in USD from the run's price table; calls already in flight may exceed it. */
  readonly maxUsd?: number | undefined
}

/** Which limit stopped a run. */
export type BudgetLimit = "metric_calls" | "lm_calls" | "tokens" | "usd"

/** Internal signal: the budget is spent. It never escapes `compile`, which returns the best program instead. */
export class BudgetStop extends Data.TaggedError("BudgetStop")<{ readonly limit: BudgetLimit }> {}

/** Counts metric calls against an optional maximum; a slot is reserved before the example runs. */
export class MetricCallCounter {
  private used = 0
  readonly max: number | undefined

  constructor(max: number | undefined) {
    this.max = max
  }

  /** Takes one slot; false when the budget is spent. */
  reserve(): boolean {
    if (this.max !== undefined && this.used >= this.max) return false
    this.used++
    return true
  }

  /** Slots not yet used (Infinity without a limit). */
  get remaining(): number {
    return this.max === undefined ? Number.POSITIVE_INFINITY : Math.max(0, this.max - this.used)
  }

  get count(): number {
    return this.used
  }
}
