// What every optimizer's `compile` takes and returns: data, metric, seed, budget, progress callback and
// trial log in; the optimized program, its score, the trial history and the cost out.
import type { AnyModule, Example, LanguageModel, PriceTable } from "@preflight/core-signatures"
import type { Effect } from "effect"
import type { OptimizerError } from "../errors.ts"
import type { OptimizerMetric } from "../metric.ts"
import type { BudgetLimit, OptimizationBudget } from "./budget.ts"
import type { OptimizationLog } from "./optimization-log.ts"
import type { Trial, TrialCost } from "./trial.ts"

/** A progress report, emitted at each phase and after each trial; `fraction` never decreases. */
export type OptimizationProgress = {
  readonly optimizer: string
  /** "bootstrap", "propose", "search", "final", "done", ... */
  readonly phase: string
  /** Trials recorded so far. */
  readonly step: number
  /** Trials planned (an estimate for adaptive optimizers). */
  readonly totalSteps: number
  /** Share of the work done, in [0, 1]: the larger of planned trials done and budget spent. */
  readonly fraction: number
  readonly bestScore: number | null
  readonly metricCalls: number
  readonly lmCalls: number
  readonly costUsd: number
}

/** One example's outcome as an `aggregate` sees it (prediction undefined when the run failed). */
export interface ScoredExample<P = unknown> {
  readonly example: Example
  readonly prediction: P | undefined
  readonly score: number
  readonly error: unknown
}

/** Options every optimizer's `compile` accepts. */
export interface CompileOptions<P = unknown> {
  readonly trainset: ReadonlyArray<Example>
  /** Examples candidates are scored on; each optimizer documents its default (usually the trainset). */
  readonly valset?: ReadonlyArray<Example> | undefined
  readonly metric: OptimizerMetric<P>
  /**
   * A set-level score of a candidate from its per-example outcomes, for metrics that only make sense over a
   * set (the seeds' ranking, moment-matching and calibration composite). Default: the mean metric score. It
   * scores every candidate evaluation; bootstrapping, GEPA's frontier and minibatch acceptance and SIMBA's
   * buckets stay per example.
   */
  readonly aggregate?: ((outcomes: ReadonlyArray<ScoredExample<P>>) => number) | undefined
  /** Every random choice derives from it (each optimizer documents DSPy's default it uses). */
  readonly seed?: number | undefined
  readonly budget?: OptimizationBudget | undefined
  readonly onProgress?: ((progress: OptimizationProgress) => void) | undefined
  /** Examples run at once (default 8, DSPy's `num_threads`). */
  readonly concurrency?: number | undefined
  /** Where the run and each trial are recorded as they happen. */
  readonly log?: OptimizationLog | undefined
  /** Passed to the log's `startRun`. */
  readonly programId?: string | undefined
  /** Prices for USD accounting and `budget.maxUsd` (model name → USD per million tokens). */
  readonly prices?: PriceTable | undefined
  /** Score of an example whose run or metric failed (default 0, as DSPy). */
  readonly failureScore?: number | undefined
  /**
   * Fail the run with `TooManyErrors` once more than this many calls failed (default 10, DSPy's
   * `max_errors`; `Infinity` never stops): examples whose program or metric failed, and proposer, reflection
   * or advice calls. Configuration errors (`UnpricedModel`, `LmRequestRejected` 401/403/404) stop the run at
   * the first one, whatever this is.
   */
  readonly maxErrors?: number | undefined
}

/** Options of the optimizers that bootstrap demos from a teacher. */
export interface TeacherCompileOptions<P = unknown> extends CompileOptions<P> {
  /** The program whose successful runs become demos (default: a copy of the student with labeled demos). */
  readonly teacher?: AnyModule | undefined
}

/** A run's total cost. */
export type RunCost = TrialCost & {
  readonly cacheHits: number
  readonly failedLmCalls: number
  readonly promptTokens: number
  readonly completionTokens: number
}

/** What `compile` returns. */
export interface CompileResult<M> {
  /** The optimized program (a new copy; the input program is not modified). */
  readonly program: M
  /** Its mean metric score on the full validation set, or null if the budget ran out before it was scored. */
  readonly score: number | null
  /** The trial that scored the returned program, if any. */
  readonly bestTrial: number | null
  readonly trials: ReadonlyArray<Trial>
  readonly cost: RunCost
  readonly status: "completed" | "budget_exhausted"
  /** The limit that stopped the run, when it was stopped by the budget. */
  readonly stoppedBy: BudgetLimit | null
  /** The id the log gave the run (null without a log). */
  readonly runId: string | null
}

/** The output type of a module's `run` (what the metric receives as `prediction`). */
export type OutputOf<M> = M extends { run(...args: ReadonlyArray<never>): Effect.Effect<infer O, unknown, unknown> }
  ? O
  : unknown

/** An optimizer: compiles a program into an optimized copy. */
export interface Optimizer<Options extends CompileOptions<never> = CompileOptions<never>> {
  readonly name: string
  compile<M extends AnyModule>(
    program: M,
    options: Options & CompileOptions<OutputOf<M>>
  ): Effect.Effect<CompileResult<M>, OptimizerError, LanguageModel>
}
