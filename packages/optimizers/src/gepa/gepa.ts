// GEPA (Agrawal et al. 2025, arXiv 2507.19457; gepa-ai/gepa and dspy/teleprompt/gepa): evolve each predictor's
// instruction by reflection. Each iteration picks a candidate from the per-example Pareto frontier of the
// validation set, runs it on a reflection minibatch of the trainset with traces, shows the reflection model
// the inputs, outputs and metric feedback of one predictor, and tries the new instruction on the same
// minibatch; a strict improvement earns a full validation evaluation and a place in the pool. Merges combine
// lineages that improved different predictors. The budget is counted in metric calls.
import type { AnyModule, Example, LanguageModel, LmSettings, TraceStep } from "@preflight/core-signatures"
import type { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { markCompiled } from "../compiled-programs.ts"
import { InvalidOptimizerInput, type OptimizerError } from "../errors.ts"
import { instructionsOf, namesByPredictor } from "../program-edit.ts"
import type { CompileOptions, CompileResult, OutputOf } from "../run/compile-options.ts"
import { type ExampleOutcome, type OptimizationRun, runOptimization } from "../run/optimization-run.ts"
import { type Components, MergeSchedule, mergeSubsample, planMerge } from "./merge.ts"
import {
  emptyFrontier,
  type Frontier,
  frontierDominators,
  selectFromFrontier,
  updateFrontier
} from "./pareto-frontier.ts"
import { proposeByReflection, type ReflectiveRecord } from "./reflection.ts"

/** DSPy GEPA's `auto` presets (number of candidates n). */
export const GEPA_AUTO_CANDIDATES = { light: 6, medium: 12, heavy: 18 } as const

/**
 * DSPy 3.3.1 `GEPA.auto_budget` (metric calls): N = int(max(4P·log2 n, 1.5n)) trials and
 * V + 5n + 35N + (⌊(N+1)/5⌋ + 1 [+1 if N < 5])·V calls, V the validation size and P the predictors.
 * dspy#10245 notes the formula is stale against the engine; it is kept for comparable budgets.
 */
export const gepaAutoBudget = (predictors: number, candidates: number, valsetSize: number): number => {
  const trials = Math.trunc(Math.max(2 * (predictors * 2) * Math.log2(candidates), 1.5 * candidates))
  let total = valsetSize + candidates * 5 + trials * 35
  if (trials === 0) return total
  const periodicFulls = Math.floor((trials + 1) / 5) + 1
  const extraFinal = trials < 5 ? 1 : 0
  total += (periodicFulls + extraFinal) * valsetSize
  return total
}

/** Options of {@link GEPA} (DSPy's names and defaults). Exactly one budget source is needed: `auto`, `maxFullEvals`, `maxMetricCalls` or `budget.maxMetricCalls`. */
export interface GepaOptions {
  readonly auto?: keyof typeof GEPA_AUTO_CANDIDATES | undefined
  /** Budget as full passes over train + validation sets. */
  readonly maxFullEvals?: number | undefined
  /** Budget in metric calls. */
  readonly maxMetricCalls?: number | undefined
  /** Default 3. */
  readonly reflectionMinibatchSize?: number
  /** "pareto" (default) or "current_best". */
  readonly candidateSelectionStrategy?: "pareto" | "current_best"
  /** Model settings of the reflection calls (DSPy `reflection_lm`; default: the context's model). */
  readonly reflectionModel?: LmSettings | undefined
  /** Skip a minibatch on which the candidate is already perfect (default true). */
  readonly skipPerfectScore?: boolean
  /** Default 1. */
  readonly perfectScore?: number
  /** "round_robin" (default): one predictor per iteration; "all": every predictor at once. */
  readonly componentSelector?: "round_robin" | "all"
  /** Default true. */
  readonly useMerge?: boolean
  /** Merges scheduled while fewer than this many were accepted (default 5; GEPA counts accepted merges only). */
  readonly maxMergeInvocations?: number
}

interface Candidate {
  readonly components: Components
  readonly parents: ReadonlyArray<number>
  readonly program: AnyModule
  readonly scores: Float64Array
  readonly aggregate: number
  readonly trial: number
}

/**
 * GEPA: reflective instruction evolution.
 * @example const { program } = yield* new GEPA({ auto: "light", reflectionModel: { model: "gpt-4o" } }).compile(qa, { trainset, valset, metric })
 */
export class GEPA {
  readonly name = "GEPA"
  readonly options: GepaOptions

  constructor(options: GepaOptions = {}) {
    this.options = options
  }

  /**
   * Compiles `program`. The metric's `feedback` text is what the reflection model reads (without it, DSPy's
   * "This trajectory got a score of …"); while reflecting on one predictor, GEPA calls the metric with a 4th
   * argument naming that predictor and its step, so the feedback can be specific to it. `valset` defaults to
   * the trainset (DSPy warns that this overfits). Seed default 0.
   */
  compile<M extends AnyModule>(
    program: M,
    options: CompileOptions<OutputOf<M>>
  ): Effect.Effect<CompileResult<M>, OptimizerError, LanguageModel> {
    const name = this.name
    const settings = {
      reflectionMinibatchSize: this.options.reflectionMinibatchSize ?? 3,
      candidateSelectionStrategy: this.options.candidateSelectionStrategy ?? "pareto",
      skipPerfectScore: this.options.skipPerfectScore ?? true,
      perfectScore: this.options.perfectScore ?? 1,
      componentSelector: this.options.componentSelector ?? "round_robin",
      useMerge: this.options.useMerge ?? true,
      maxMergeInvocations: this.options.maxMergeInvocations ?? 5
    }
    const valset = options.valset ?? options.trainset
    const predictors = program.namedPredictors().length
    const sources = [
      this.options.auto === undefined
        ? undefined
        : gepaAutoBudget(predictors, GEPA_AUTO_CANDIDATES[this.options.auto], valset.length),
      this.options.maxFullEvals === undefined
        ? undefined
        : this.options.maxFullEvals * (options.trainset.length + valset.length),
      this.options.maxMetricCalls
    ].filter((value) => value !== undefined)
    const metricCallLimit = sources.length === 0 ? undefined : Math.min(...sources)
    const optionSources = [this.options.auto, this.options.maxFullEvals, this.options.maxMetricCalls].filter(
      (value) => value !== undefined
    ).length
    const reflectionModel = this.options.reflectionModel
    return runOptimization({
      optimizer: name,
      config: {
        ...settings,
        auto: this.options.auto ?? null,
        maxFullEvals: this.options.maxFullEvals ?? null,
        maxMetricCalls: metricCallLimit ?? options.budget?.maxMetricCalls ?? null
      },
      program,
      options: options as CompileOptions<never>,
      seed: options.seed ?? 0,
      totalSteps: Math.max(
        1,
        Math.round((metricCallLimit ?? options.budget?.maxMetricCalls ?? valset.length) / Math.max(1, valset.length))
      ),
      metricCallLimit,
      validate: () => {
        const fail = (field: string, reason: string) =>
          Effect.fail(new InvalidOptimizerInput({ optimizer: name, field, reason }))
        if (optionSources > 1)
          return fail("auto", "set only one of auto, maxFullEvals and maxMetricCalls (DSPy's rule)")
        if (metricCallLimit === undefined && options.budget?.maxMetricCalls === undefined) {
          return fail(
            "budget",
            "GEPA needs a metric-call budget: auto, maxFullEvals, maxMetricCalls or budget.maxMetricCalls"
          )
        }
        if (!(Number.isInteger(settings.reflectionMinibatchSize) && settings.reflectionMinibatchSize >= 1)) {
          return fail("reflectionMinibatchSize", "must be an integer ≥ 1")
        }
        if (!(Number.isInteger(settings.maxMergeInvocations) && settings.maxMergeInvocations >= 0)) {
          return fail("maxMergeInvocations", "must be an integer ≥ 0")
        }
        return Effect.void
      },
      search: (run) => searchGepa(run, { program, trainset: options.trainset, valset, reflectionModel, ...settings })
    })
  }
}

/** Epoch-shuffled minibatches of the trainset (GEPA's EpochShuffledBatchSampler). */
const minibatches = (size: number, count: number, random: SeededRandom) => {
  let order: number[] = []
  let cursor = 0
  return (): number[] => {
    const batch: number[] = []
    while (batch.length < Math.min(size, count)) {
      if (cursor >= order.length) {
        order = random.shuffle(Array.from({ length: count }, (_, index) => index))
        cursor = 0
      }
      batch.push(order[cursor] ?? 0)
      cursor++
    }
    return batch
  }
}

/**
 * DSPy `make_reflective_dataset`: one record per example whose trace has a step of `component`. The record's
 * feedback is the metric's answer for that predictor and step (DSPy calls the metric with `pred_name` and
 * `pred_trace`); without feedback it is DSPy's "This trajectory got a score of …".
 */
const reflectiveRecords = (
  run: OptimizationRun,
  component: string,
  program: AnyModule,
  outcomes: ReadonlyArray<ExampleOutcome>,
  random: SeededRandom
) =>
  Effect.gen(function* () {
    const names = namesByPredictor(program)
    // The steps are drawn first, in example order, so the draws do not depend on when the metric answers.
    const picked: Array<{ readonly outcome: ExampleOutcome; readonly step: TraceStep }> = []
    for (const outcome of outcomes) {
      if (outcome.error !== undefined) continue
      const steps = outcome.trace.filter((step) => names.get(step.predictor) === component)
      if (steps.length === 0) continue
      const step = steps.length === 1 ? steps[0] : random.choice(steps)
      if (step !== undefined) picked.push({ outcome, step })
    }
    const render = (values: Readonly<Record<string, unknown>>) =>
      Object.fromEntries(
        Object.entries(values).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)])
      )
    return yield* Effect.forEach(
      picked,
      ({ outcome, step }) =>
        Effect.map(
          run.predictorFeedback(outcome, { predictorName: component, predictorTrace: [step] }),
          (answer): ReflectiveRecord => ({
            Inputs: render(step.inputs),
            "Generated Outputs": render(step.outputs),
            Feedback:
              answer === undefined
                ? (outcome.feedback ?? `This trajectory got a score of ${outcome.score}.`)
                : (answer.feedback ?? `This trajectory got a score of ${answer.score}.`)
          })
        ),
      { concurrency: run.concurrency }
    )
  })

const searchGepa = (
  run: OptimizationRun,
  params: {
    readonly program: AnyModule
    readonly trainset: ReadonlyArray<Example>
    readonly valset: ReadonlyArray<Example>
    readonly reflectionModel: LmSettings | undefined
    readonly reflectionMinibatchSize: number
    readonly candidateSelectionStrategy: "pareto" | "current_best"
    readonly skipPerfectScore: boolean
    readonly perfectScore: number
    readonly componentSelector: "round_robin" | "all"
    readonly useMerge: boolean
    readonly maxMergeInvocations: number
  }
) =>
  Effect.gen(function* () {
    const { valset, trainset } = params
    const componentNames = params.program.namedPredictors().map(([name]) => name)
    const selectRandom = run.random.fork("select")
    const recordRandom = run.random.fork("records")
    const mergeRandom = run.random.fork("merge")
    const nextBatch = minibatches(params.reflectionMinibatchSize, trainset.length, run.random.fork("minibatches"))

    const candidates: Candidate[] = []
    const frontier: Frontier = emptyFrontier(valset.length)
    const nextComponent: number[] = []
    const aggregates = () => candidates.map((candidate) => candidate.aggregate)
    const tried = new Set<string>()

    const build = (components: Components): AnyModule => {
      const copy = params.program.deepCopy()
      for (const [name, predictor] of copy.namedPredictors()) {
        const instruction = components[name]
        if (instruction !== undefined) predictor.setInstructions(instruction)
      }
      return markCompiled(copy)
    }

    /** Full validation evaluation; the candidate joins the pool and the frontier. */
    const addCandidate = (
      components: Components,
      parents: ReadonlyArray<number>,
      label: string,
      program: AnyModule,
      parentTrial: number | null
    ) =>
      Effect.gen(function* () {
        const evaluation = yield* run.evaluate(program, valset)
        const scores = Float64Array.from(evaluation.outcomes.map((outcome) => outcome.score))
        const index = candidates.length
        const trial = yield* run.recordTrial({
          kind: "full",
          label,
          program,
          params: { candidate: index, parents: [...parents] },
          score: evaluation.score,
          examples: valset.length,
          parentTrial
        })
        candidates.push({ components, parents, program, scores, aggregate: evaluation.score, trial })
        nextComponent.push(0)
        updateFrontier(frontier, index, scores)
        run.offer(program, evaluation.score, trial)
        return index
      })

    run.enterPhase("seed")
    yield* addCandidate(instructionsOf(params.program), [], "seed", build(instructionsOf(params.program)), null)

    run.enterPhase("evolve")
    const mergeSchedule = new MergeSchedule(params.maxMergeInvocations)
    for (;;) {
      if (params.useMerge && mergeSchedule.takeTurn()) {
        const plan = planMerge({
          mergeCandidates: frontierDominators(frontier, aggregates()),
          candidates: candidates.map((candidate) => candidate.components),
          parents: candidates.map((candidate) => candidate.parents),
          aggregates: aggregates(),
          tried,
          random: mergeRandom
        })
        const duplicate =
          plan !== undefined &&
          candidates.some((candidate) =>
            componentNames.every((name) => candidate.components[name] === plan.components[name])
          )
        if (plan !== undefined && !duplicate) {
          const first = candidates[plan.first]
          const second = candidates[plan.second]
          if (first !== undefined && second !== undefined) {
            const subsample = mergeSubsample(first.scores, second.scores, mergeRandom)
            const merged = build(plan.components)
            const evaluation = yield* run.evaluate(
              merged,
              subsample.map((index) => valset[index] as Example)
            )
            const sumFirst = subsample.reduce((sum, index) => sum + (first.scores[index] ?? 0), 0)
            const sumSecond = subsample.reduce((sum, index) => sum + (second.scores[index] ?? 0), 0)
            const sumMerged = evaluation.outcomes.reduce((sum, outcome) => sum + outcome.score, 0)
            const mergeTrial = yield* run.recordTrial({
              kind: "minibatch",
              label: "merge",
              program: merged,
              params: {
                parents: [plan.first, plan.second],
                ancestor: plan.ancestor,
                accepted: sumMerged >= Math.max(sumFirst, sumSecond)
              },
              score: evaluation.score,
              examples: subsample.length,
              parentTrial: first.trial
            })
            if (sumMerged >= Math.max(sumFirst, sumSecond)) {
              yield* addCandidate(plan.components, [plan.first, plan.second], "merge-full", merged, mergeTrial)
              mergeSchedule.mergeAccepted()
              continue
            }
          }
        }
      }

      // Reflective mutation.
      const parentIndex =
        params.candidateSelectionStrategy === "pareto"
          ? selectFromFrontier(frontier, aggregates(), selectRandom)
          : aggregates().reduce((best, score, index, all) => (score > (all[best] ?? 0) ? index : best), 0)
      const parent = candidates[parentIndex]
      if (parent === undefined) return
      const batch = nextBatch().map((index) => trainset[index] as Example)
      const parentProgram = parent.program.deepCopy()
      const before = yield* run.evaluate(parentProgram, batch)
      if (params.skipPerfectScore && before.outcomes.every((outcome) => outcome.score >= params.perfectScore)) continue
      const components =
        params.componentSelector === "all"
          ? componentNames
          : [componentNames[(nextComponent[parentIndex] ?? 0) % componentNames.length] ?? ""]
      nextComponent[parentIndex] = (nextComponent[parentIndex] ?? 0) + 1
      const updated: Record<string, string> = { ...parent.components }
      let changed = false
      for (const component of components) {
        const records = yield* reflectiveRecords(run, component, parentProgram, before.outcomes, recordRandom)
        if (records.length === 0) continue
        const proposal = yield* proposeByReflection(
          run,
          parent.components[component] ?? "",
          records,
          params.reflectionModel
        )
        if (proposal !== undefined && proposal !== parent.components[component]) {
          updated[component] = proposal
          changed = true
        }
      }
      // A child identical to a candidate already in the pool would only repeat its evaluation.
      const known = candidates.some((candidate) =>
        componentNames.every((name) => candidate.components[name] === updated[name])
      )
      if (!changed || known) continue
      const child = build(updated)
      const after = yield* run.evaluate(child, batch)
      const sumBefore = before.outcomes.reduce((sum, outcome) => sum + outcome.score, 0)
      const sumAfter = after.outcomes.reduce((sum, outcome) => sum + outcome.score, 0)
      const accepted = sumAfter > sumBefore
      const childTrial = yield* run.recordTrial({
        kind: "minibatch",
        label: "mutation",
        program: child,
        params: { parent: parentIndex, components, parentBatchScore: before.score, accepted },
        score: after.score,
        examples: batch.length,
        parentTrial: parent.trial
      })
      if (!accepted) continue
      yield* addCandidate(updated, [parentIndex], "mutation-full", child, childTrial)
      mergeSchedule.foundNewProgram()
    }
  })
