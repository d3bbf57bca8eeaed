// One optimization run: its seed, its usage ledger (LM calls, tokens, USD and their limits), the metric-call
// counter, the evaluation of candidates over examples (with traces, concurrency and the failure score), the
// trial log and its persistence, the best candidate so far, and progress events. `runOptimization` wraps an
// optimizer's search so that a spent budget ends it cleanly with the best program found.
import {
  type AnyModule,
  BudgetExceeded,
  type ConfigurationError,
  DEFAULT_MAX_ERRORS,
  type Example,
  isConfigurationError,
  type LanguageModel,
  type LmSettings,
  TooManyErrors,
  type TraceStep,
  UsageLedger,
  withLmOverrides,
  withLmSettings,
  withTrace
} from "@preflight/core-signatures"
import { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { InvalidOptimizerInput, OptimizationLogFailed, type OptimizerError } from "../errors.ts"
import {
  type MetricValue,
  normalizeMetricValue,
  type OptimizerMetric,
  type PredictorFeedbackRequest,
  type ScoreWithFeedback
} from "../metric.ts"
import { snapshotCandidate } from "../program-edit.ts"
import { type BudgetLimit, BudgetStop, MetricCallCounter, type OptimizationBudget } from "./budget.ts"
import type { CompileOptions, CompileResult, OptimizationProgress, RunCost, ScoredExample } from "./compile-options.ts"
import type { OptimizationLog } from "./optimization-log.ts"
import type { CandidateSnapshot, JsonValue, Trial, TrialCost } from "./trial.ts"

/** What ends a search early: a spent budget (a clean stop), a configuration error, too many failures. */
export type RunStop = BudgetStop | ConfigurationError | TooManyErrors

/** One example's outcome inside an evaluation. */
export interface ExampleOutcome {
  readonly example: Example
  /** The program's output; undefined when the run failed. */
  readonly prediction: unknown
  readonly trace: ReadonlyArray<TraceStep>
  readonly score: number
  readonly feedback: string | undefined
  readonly error: unknown
}

/** The outcome of running a candidate over a list of examples, in the list's order. */
export interface Evaluation {
  readonly outcomes: ReadonlyArray<ExampleOutcome>
  /** The candidate's score on these examples: the mean metric score, or the run's `aggregate` of the outcomes. */
  readonly score: number
}

/** How to run a candidate over examples. */
export interface EvaluateOptions {
  /** Give the metric the trace (DSPy does while bootstrapping demos). */
  readonly passTraceToMetric?: boolean
  /** Settings that override module and call settings (rollout ids, temperature). */
  readonly overrides?: LmSettings | undefined
  /** Context settings (e.g. the teacher's model). */
  readonly settings?: LmSettings | undefined
}

/** What a trial records besides what the run computes. */
export interface TrialInput {
  readonly kind: "full" | "minibatch"
  readonly label: string
  readonly program: AnyModule
  readonly params?: Readonly<Record<string, JsonValue>>
  readonly score: number | null
  readonly examples: number
  readonly parentTrial?: number | null
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** A failed run's reason as the log records it: the error's tag and message ("LmRequestRejected: ..."). */
const failureReason = (error: unknown): string => {
  const tag = typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : undefined
  return tag === undefined ? errorText(error) : `${tag}: ${errorText(error)}`
}

const budgetLimitOf = (error: BudgetExceeded): BudgetLimit =>
  error.limit === "calls" ? "lm_calls" : error.limit === "tokens" ? "tokens" : "usd"

/** The state of one optimization run. Optimizers receive it from {@link runOptimization}. */
export class OptimizationRun {
  readonly optimizer: string
  readonly seed: number
  readonly random: SeededRandom
  readonly ledger: UsageLedger
  readonly metricCalls: MetricCallCounter
  readonly concurrency: number
  readonly failureScore: number
  readonly budget: OptimizationBudget
  readonly metric: OptimizerMetric<never>
  readonly aggregate: ((outcomes: ReadonlyArray<ScoredExample>) => number) | undefined
  readonly trials: Trial[] = []
  runId: string | null = null
  /** Planned trials, for progress; optimizers may refine it. */
  totalSteps: number
  private readonly maxErrors: number
  private readonly log: OptimizationLog | undefined
  private readonly onProgress: ((progress: OptimizationProgress) => void) | undefined
  private errors = 0
  private lastMark: TrialCost
  private lastFraction = 0
  private phase = "start"
  private best: { program: AnyModule; score: number; trial: number | null } | undefined
  private fallback: AnyModule | undefined

  constructor(params: {
    readonly optimizer: string
    readonly seed: number
    readonly options: CompileOptions<never>
    readonly totalSteps: number
    readonly metricCallLimit?: number | undefined
  }) {
    const { options } = params
    this.optimizer = params.optimizer
    this.seed = params.seed
    this.random = new SeededRandom(params.seed)
    this.budget = options.budget ?? {}
    this.ledger = new UsageLedger({
      prices: options.prices ?? {},
      budget: { maxCalls: this.budget.maxLmCalls, maxTokens: this.budget.maxTokens, maxUsd: this.budget.maxUsd }
    })
    const limits = [this.budget.maxMetricCalls, params.metricCallLimit].filter((limit) => limit !== undefined)
    this.metricCalls = new MetricCallCounter(limits.length === 0 ? undefined : Math.min(...limits))
    this.concurrency = options.concurrency ?? 8
    this.failureScore = options.failureScore ?? 0
    this.maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS
    this.metric = options.metric
    // The program's output type is erased inside the run; the caller's types checked it at `compile`.
    this.aggregate = options.aggregate as ((outcomes: ReadonlyArray<ScoredExample>) => number) | undefined
    this.log = options.log
    this.onProgress = options.onProgress
    this.totalSteps = Math.max(1, params.totalSteps)
    this.lastMark = this.costMark()
  }

  /** Cost so far in trial units. */
  costMark(): TrialCost {
    const totals = this.ledger.totals()
    return {
      lmCalls: totals.calls + totals.failures,
      metricCalls: this.metricCalls.count,
      totalTokens: totals.totalTokens,
      usd: totals.costUsd
    }
  }

  /** The run's total cost. */
  cost(): RunCost {
    const totals = this.ledger.totals()
    return {
      ...this.costMark(),
      cacheHits: totals.cacheHits,
      failedLmCalls: totals.failures,
      promptTokens: totals.promptTokens,
      completionTokens: totals.completionTokens
    }
  }

  /** Best full-evaluation score so far. */
  get bestScore(): number | null {
    return this.best?.score ?? null
  }

  /** Offers a fully evaluated candidate; it becomes the result if its score is strictly the best so far. */
  offer(program: AnyModule, score: number, trial: number | null): void {
    if (this.best === undefined || score > this.best.score) this.best = { program, score, trial }
  }

  /** The program to return when no candidate was fully evaluated (e.g. the budget ran out first). */
  setFallback(program: AnyModule): void {
    this.fallback = program
  }

  /** The program, score and trial the run returns. */
  result(original: AnyModule): { program: AnyModule; score: number | null; trial: number | null } {
    if (this.best !== undefined) return { program: this.best.program, score: this.best.score, trial: this.best.trial }
    return { program: this.fallback ?? original.deepCopy(), score: null, trial: null }
  }

  /** Runs `effect` inside this run's ledger (budget, usage, cost); usable point-free (`pipe(run.provide)`). */
  readonly provide = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => this.ledger.provide(effect)

  /**
   * Sorts a failure: a spent budget stops the run cleanly (BudgetStop), a configuration error stops it with
   * that error, anything else is one more error against `maxErrors` (TooManyErrors past it).
   */
  private sortFailure(error: unknown): Effect.Effect<void, RunStop> {
    if (error instanceof BudgetExceeded) return Effect.fail(new BudgetStop({ limit: budgetLimitOf(error) }))
    if (isConfigurationError(error)) return Effect.fail(error)
    this.errors++
    if (this.errors > this.maxErrors) {
      return Effect.fail(new TooManyErrors({ errors: this.errors, maxErrors: this.maxErrors, lastError: error }))
    }
    return Effect.void
  }

  /**
   * Runs a call the search can do without (a proposal, a reflection, a piece of advice): its result, or
   * undefined when it failed for a reason that counts against `maxErrors`. A spent budget and configuration
   * errors end the run as everywhere else, so a proposer that cannot reach its model never goes unnoticed.
   */
  optionalCall<A, E, R>(call: Effect.Effect<A, E, R>): Effect.Effect<A | undefined, RunStop, R> {
    const run = this
    return Effect.gen(function* () {
      const answered = yield* Effect.result(call)
      if (answered._tag === "Success") return answered.success
      yield* run.sortFailure(answered.failure)
      return undefined
    })
  }

  /** Runs `program` on one example and scores it (one metric call of the budget). */
  runExample(
    program: AnyModule,
    example: Example,
    options: EvaluateOptions = {}
  ): Effect.Effect<ExampleOutcome, RunStop, LanguageModel> {
    const run = this
    return Effect.gen(function* () {
      if (!run.metricCalls.reserve()) return yield* Effect.fail(new BudgetStop({ limit: "metric_calls" }))
      let execution = withTrace(
        program.run(example.inputs() as never) as Effect.Effect<unknown, unknown, LanguageModel>
      )
      if (options.overrides !== undefined) execution = execution.pipe(withLmOverrides(options.overrides))
      if (options.settings !== undefined) execution = execution.pipe(withLmSettings(options.settings))
      const ran = yield* Effect.result(execution)
      if (ran._tag === "Failure") {
        const error = ran.failure
        yield* run.sortFailure(error)
        return {
          example,
          prediction: undefined,
          trace: [],
          score: run.failureScore,
          feedback: `The program failed on this input: ${errorText(error)}`,
          error
        }
      }
      const { value: prediction, trace } = ran.success
      const scored = yield* Effect.result(
        Effect.gen(function* () {
          const raw = yield* Effect.try({
            try: () => run.metric(example, prediction as never, options.passTraceToMetric === true ? trace : undefined),
            catch: (error) => error
          })
          const value: MetricValue = Effect.isEffect(raw) ? yield* raw : raw
          return normalizeMetricValue(value)
        })
      )
      if (scored._tag === "Failure") {
        // A metric that throws fails its example exactly as in core's `evaluate`.
        const error = scored.failure
        yield* run.sortFailure(error)
        return {
          example,
          prediction,
          trace,
          score: run.failureScore,
          feedback: `The metric failed: ${errorText(error)}`,
          error
        }
      }
      return {
        example,
        prediction,
        trace,
        score: scored.success.score,
        feedback: scored.success.feedback,
        error: undefined
      }
    })
  }

  /**
   * Asks the metric again about an evaluated outcome, for one predictor (DSPy GEPA's `feedback_fn`: the metric
   * gets the whole trace, `pred_name` and `pred_trace`). GEPA's budget counts rollouts, so this is not a metric
   * call of the budget; LM calls of a judge metric are counted as usual. Undefined when the metric fails (it
   * counts towards `maxErrors`); the caller then keeps the evaluation's feedback.
   */
  predictorFeedback(
    outcome: ExampleOutcome,
    predictor: PredictorFeedbackRequest
  ): Effect.Effect<ScoreWithFeedback | undefined, RunStop, LanguageModel> {
    const run = this
    return this.optionalCall(
      Effect.gen(function* () {
        const raw = yield* Effect.try({
          try: () => run.metric(outcome.example, outcome.prediction as never, outcome.trace, predictor),
          catch: (error) => error
        })
        const value: MetricValue = Effect.isEffect(raw) ? yield* raw : raw
        return normalizeMetricValue(value)
      })
    )
  }

  /** Runs `program` over `examples` (at most `concurrency` at once); outcomes keep the examples' order. */
  evaluate(
    program: AnyModule,
    examples: ReadonlyArray<Example>,
    options: EvaluateOptions = {}
  ): Effect.Effect<Evaluation, RunStop, LanguageModel> {
    return Effect.map(
      Effect.forEach(examples, (example) => this.runExample(program, example, options), {
        concurrency: this.concurrency
      }),
      (outcomes) => {
        if (this.aggregate !== undefined) return { outcomes, score: this.aggregate(outcomes) }
        let sum = 0
        for (const outcome of outcomes) sum += outcome.score
        return { outcomes, score: outcomes.length === 0 ? 0 : sum / outcomes.length }
      }
    )
  }

  /**
   * Appends a trial (its cost is everything spent since the previous trial), sends it to the log and reports
   * progress. Returns the trial's index.
   */
  recordTrial(input: TrialInput): Effect.Effect<number, OptimizationLogFailed> {
    const run = this
    return Effect.gen(function* () {
      const mark = run.costMark()
      const last = run.lastMark
      run.lastMark = mark
      const candidate: CandidateSnapshot = snapshotCandidate(input.program, input.params ?? {})
      const trial: Trial = {
        index: run.trials.length,
        kind: input.kind,
        label: input.label,
        candidate,
        score: input.score,
        examples: input.examples,
        cost: {
          lmCalls: mark.lmCalls - last.lmCalls,
          metricCalls: mark.metricCalls - last.metricCalls,
          totalTokens: mark.totalTokens - last.totalTokens,
          usd: mark.usd - last.usd
        },
        parentTrial: input.parentTrial ?? null
      }
      run.trials.push(trial)
      if (run.log !== undefined && run.runId !== null) {
        yield* run.log
          .recordTrial(run.runId, trial)
          .pipe(Effect.mapError((cause) => new OptimizationLogFailed({ operation: "recordTrial", cause })))
      }
      run.report()
      return trial.index
    })
  }

  /** Starts a new phase (reported to the progress callback). */
  enterPhase(phase: string): void {
    this.phase = phase
    this.report()
  }

  /** Emits a progress event. */
  report(): void {
    if (this.onProgress === undefined) return
    const mark = this.costMark()
    const shares = [this.trials.length / this.totalSteps]
    if (this.metricCalls.max !== undefined) shares.push(mark.metricCalls / this.metricCalls.max)
    if (this.budget.maxLmCalls !== undefined) shares.push(mark.lmCalls / this.budget.maxLmCalls)
    if (this.budget.maxTokens !== undefined) shares.push(mark.totalTokens / this.budget.maxTokens)
    if (this.budget.maxUsd !== undefined) shares.push(mark.usd / this.budget.maxUsd)
    const fraction = this.phase === "done" ? 1 : Math.min(0.999, Math.max(this.lastFraction, ...shares))
    this.lastFraction = fraction
    this.onProgress({
      optimizer: this.optimizer,
      phase: this.phase,
      step: this.trials.length,
      totalSteps: Math.max(this.totalSteps, this.trials.length),
      fraction,
      bestScore: this.bestScore,
      metricCalls: mark.metricCalls,
      lmCalls: mark.lmCalls,
      costUsd: mark.usd
    })
  }
}

const isNonNegativeInteger = (value: number): boolean => Number.isInteger(value) && value >= 0

/** Checks the options every optimizer shares; the error names the field. */
export const validateCommonOptions = (
  optimizer: string,
  options: CompileOptions<never>,
  requirements: { readonly minTrainset: number }
): Effect.Effect<void, InvalidOptimizerInput> => {
  const fail = (field: string, reason: string) => Effect.fail(new InvalidOptimizerInput({ optimizer, field, reason }))
  if (options.trainset.length < requirements.minTrainset) {
    return fail("trainset", `needs at least ${requirements.minTrainset} example(s), got ${options.trainset.length}`)
  }
  for (const [name, examples] of [
    ["trainset", options.trainset],
    ["valset", options.valset ?? []]
  ] as const) {
    const missing = examples.findIndex((example) => !example.hasInputs)
    if (missing !== -1) return fail(`${name}[${missing}]`, "no inputs declared; call example.withInputs(...)")
  }
  if (options.valset !== undefined && options.valset.length === 0) return fail("valset", "is empty")
  if (options.seed !== undefined && !Number.isInteger(options.seed)) return fail("seed", "must be an integer")
  if (options.concurrency !== undefined && !(Number.isInteger(options.concurrency) && options.concurrency >= 1)) {
    return fail("concurrency", "must be an integer ≥ 1")
  }
  if (
    options.maxErrors !== undefined &&
    !isNonNegativeInteger(options.maxErrors) &&
    options.maxErrors !== Number.POSITIVE_INFINITY
  ) {
    return fail("maxErrors", "must be an integer ≥ 0 or Infinity")
  }
  if (options.failureScore !== undefined && !Number.isFinite(options.failureScore)) {
    return fail("failureScore", "must be a finite number")
  }
  const budget = options.budget ?? {}
  for (const key of ["maxMetricCalls", "maxLmCalls", "maxTokens"] as const) {
    const value = budget[key]
    if (value !== undefined && !isNonNegativeInteger(value)) return fail(`budget.${key}`, "must be an integer ≥ 0")
  }
  if (budget.maxUsd !== undefined && !(Number.isFinite(budget.maxUsd) && budget.maxUsd >= 0)) {
    return fail("budget.maxUsd", "must be a number ≥ 0")
  }
  return Effect.void
}

/** What an optimizer hands to {@link runOptimization}. */
export interface RunSpec<M extends AnyModule> {
  readonly optimizer: string
  /** The optimizer's settings, recorded with the run. */
  readonly config: Readonly<Record<string, JsonValue>>
  readonly program: M
  readonly options: CompileOptions<never>
  readonly seed: number
  readonly totalSteps: number
  /** Extra metric-call limit the optimizer imposes (GEPA's `auto` / `maxFullEvals`). */
  readonly metricCallLimit?: number | undefined
  readonly minTrainset?: number
  /** Extra checks (e.g. SIMBA's trainset ≥ bsize), run before anything is spent. */
  readonly validate?: () => Effect.Effect<void, InvalidOptimizerInput>
  /** The search: offers fully evaluated candidates to the run; may end with BudgetStop at any point. */
  readonly search: (run: OptimizationRun) => Effect.Effect<void, BudgetStop | OptimizerError, LanguageModel>
}

/**
 * Runs an optimizer's search inside a fresh run: validates the shared options, records the run in the log,
 * provides the budgeted ledger, and turns a spent budget into a clean stop returning the best program found.
 */
export const runOptimization = <M extends AnyModule>(
  spec: RunSpec<M>
): Effect.Effect<CompileResult<M>, OptimizerError, LanguageModel> =>
  Effect.gen(function* () {
    const { options } = spec
    yield* validateCommonOptions(spec.optimizer, options, { minTrainset: spec.minTrainset ?? 1 })
    if (spec.validate !== undefined) yield* spec.validate()
    const run = new OptimizationRun({
      optimizer: spec.optimizer,
      seed: spec.seed,
      options,
      totalSteps: spec.totalSteps,
      metricCallLimit: spec.metricCallLimit
    })
    const log = options.log
    if (log !== undefined) {
      const started = yield* log
        .startRun({
          optimizer: spec.optimizer,
          config: spec.config,
          seed: spec.seed,
          budget: run.budget,
          programId: options.programId
        })
        .pipe(Effect.mapError((cause) => new OptimizationLogFailed({ operation: "startRun", cause })))
      run.runId = started.runId
    }
    const searched = yield* Effect.result(run.provide(spec.search(run)))
    if (searched._tag === "Failure" && !(searched.failure instanceof BudgetStop)) {
      const failure = searched.failure
      if (log !== undefined && run.runId !== null) {
        // Best effort: the run's own failure is what the caller needs to see.
        yield* Effect.ignore(
          log.finishRun(run.runId, {
            status: "failed",
            bestScore: run.bestScore,
            cost: run.costMark(),
            reason: failureReason(failure)
          })
        )
      }
      return yield* Effect.fail(failure)
    }
    const stoppedBy =
      searched._tag === "Failure" && searched.failure instanceof BudgetStop ? searched.failure.limit : null
    const chosen = run.result(spec.program)
    const status = stoppedBy === null ? "completed" : "budget_exhausted"
    if (log !== undefined && run.runId !== null) {
      yield* log
        .finishRun(run.runId, {
          status,
          bestScore: chosen.score,
          cost: run.costMark(),
          bestState: chosen.program.dumpState()
        })
        .pipe(Effect.mapError((cause) => new OptimizationLogFailed({ operation: "finishRun", cause })))
    }
    run.enterPhase("done")
    return {
      program: chosen.program as M,
      score: chosen.score,
      bestTrial: chosen.trial,
      trials: run.trials,
      cost: run.cost(),
      status,
      stoppedBy,
      runId: run.runId
    } satisfies CompileResult<M>
  }).pipe(Effect.withSpan("optimizer.compile", { attributes: { "optimizer.name": spec.optimizer } }))
