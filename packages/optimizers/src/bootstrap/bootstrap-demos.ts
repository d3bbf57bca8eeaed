// The core of BootstrapFewShot (dspy/teleprompt/bootstrap.py): run a teacher on training examples (each
// example removed from the teacher's own demos), keep the traces of runs the metric accepts as `augmented`
// demos, then fill each predictor up to `maxLabeledDemos` with labeled examples that were not bootstrapped.
// Examples run in waves of `concurrency`; the first `maxBootstrappedDemos` successes in trainset order are kept,
// so the result does not depend on the concurrency.
import type {
  AnyModule,
  ConfigurationError,
  Example,
  LanguageModel,
  LmSettings,
  TooManyErrors
} from "@preflight/core-signatures"
import { fnv1a32, SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { isCompiled, markCompiled } from "../compiled-programs.ts"
import { withLabeledDemos } from "../labeled-few-shot.ts"
import { clearedCopy, demosFromTrace, namesByPredictor, sameExample } from "../program-edit.ts"
import { type BudgetLimit, BudgetStop } from "../run/budget.ts"
import type { OptimizationRun } from "../run/optimization-run.ts"

/** Settings of one bootstrap pass (DSPy BootstrapFewShot's parameters). */
export interface BootstrapSettings {
  /** Bootstrapped (augmented) demos per predictor; DSPy default 4. */
  readonly maxBootstrappedDemos: number
  /** Total demos per predictor, labeled ones filling the rest; DSPy default 16. */
  readonly maxLabeledDemos: number
  /** Attempts per example; round r > 0 runs at temperature 1 with rollout id r (DSPy default 1). */
  readonly maxRounds: number
  /** A run is kept when its score is ≥ this; without it, when the score is > 0 (DSPy's truthiness). */
  readonly metricThreshold?: number | undefined
  /** Model settings for the teacher's runs (DSPy `teacher_settings`). */
  readonly teacherSettings?: LmSettings | undefined
}

/** A bootstrapped program, and the limit that cut bootstrapping short if the budget ran out. */
export interface Bootstrapped<M> {
  readonly program: M
  readonly bootstrappedExamples: number
  readonly stoppedBy: BudgetLimit | null
}

interface Attempt {
  readonly success: boolean
  readonly demos: ReadonlyMap<string, ReadonlyArray<Example>>
  readonly stoppedBy: BudgetLimit | null
}

/** The teacher: a given one (labeled first unless an optimizer produced it) or a cleared copy of the student. */
export const prepareTeacher = (
  student: AnyModule,
  teacher: AnyModule | undefined,
  trainset: ReadonlyArray<Example>,
  maxLabeledDemos: number,
  random: SeededRandom
): AnyModule => {
  const base = teacher === undefined ? clearedCopy(student) : teacher.deepCopy()
  if (maxLabeledDemos > 0 && (teacher === undefined || !isCompiled(teacher))) {
    return withLabeledDemos(base, trainset, maxLabeledDemos, true, random)
  }
  return base
}

/** DSPy keeps one demo per predictor and example: a 50/50 choice between an earlier step and the last one. */
const oneDemoPerPredictor = (demos: ReadonlyArray<Example>): ReadonlyArray<Example> => {
  if (demos.length <= 1) return demos
  const random = new SeededRandom(fnv1a32(JSON.stringify(demos.map((demo) => demo.toJSON()))))
  const last = demos[demos.length - 1] as Example
  return [random.next() < 0.5 ? random.choice(demos.slice(0, -1)) : last]
}

/**
 * Bootstraps demos for `student` from `teacher` runs over `trainset`. A spent budget does not fail: the demos
 * found so far are assembled and `stoppedBy` says which limit stopped it.
 */
export const bootstrapDemos = <M extends AnyModule>(
  run: OptimizationRun,
  params: {
    readonly student: M
    readonly teacher: AnyModule | undefined
    readonly trainset: ReadonlyArray<Example>
    readonly settings: BootstrapSettings
    readonly random: SeededRandom
  }
): Effect.Effect<Bootstrapped<M>, TooManyErrors | ConfigurationError, LanguageModel> =>
  Effect.gen(function* () {
    const { student, trainset, settings, random } = params
    const teacher = prepareTeacher(student, params.teacher, trainset, settings.maxLabeledDemos, random.fork("teacher"))

    const attemptExample = (
      example: Example
    ): Effect.Effect<Attempt, TooManyErrors | ConfigurationError, LanguageModel> =>
      Effect.gen(function* () {
        for (let round = 0; round < settings.maxRounds; round++) {
          const copy = teacher.deepCopy()
          for (const predictor of copy.predictors()) {
            predictor.demos = predictor.demos.filter((demo) => !sameExample(demo, example))
          }
          const outcome = yield* Effect.result(
            run.runExample(copy, example, {
              passTraceToMetric: true,
              overrides: round > 0 ? { rolloutId: round, temperature: 1 } : undefined,
              settings: settings.teacherSettings
            })
          )
          if (outcome._tag === "Failure") {
            if (outcome.failure instanceof BudgetStop) {
              return { success: false, demos: new Map(), stoppedBy: outcome.failure.limit }
            }
            return yield* Effect.fail(outcome.failure)
          }
          const result = outcome.success
          const passed =
            result.error === undefined &&
            (settings.metricThreshold === undefined ? result.score > 0 : result.score >= settings.metricThreshold)
          if (passed) {
            return { success: true, demos: demosFromTrace(result.trace, namesByPredictor(copy)), stoppedBy: null }
          }
        }
        return { success: false, demos: new Map(), stoppedBy: null }
      })

    // Waves of `concurrency` examples; stop once enough successes are known (DSPy checks before each example).
    const successes: Array<{ readonly index: number; readonly demos: ReadonlyMap<string, ReadonlyArray<Example>> }> = []
    let stoppedBy: BudgetLimit | null = null
    const wave = Math.max(1, run.concurrency)
    for (let start = 0; start < trainset.length && successes.length < settings.maxBootstrappedDemos; start += wave) {
      const batch = trainset.slice(start, start + wave)
      const attempts = yield* Effect.forEach(batch, attemptExample, { concurrency: wave })
      for (const [offset, attempt] of attempts.entries()) {
        if (attempt.success) successes.push({ index: start + offset, demos: attempt.demos })
        stoppedBy ??= attempt.stoppedBy
      }
      if (stoppedBy !== null) break
    }
    const kept = successes.slice(0, settings.maxBootstrappedDemos)
    const bootstrappedIndices = new Set(kept.map((success) => success.index))

    const traces = new Map<string, Example[]>()
    for (const success of kept) {
      for (const [name, demos] of success.demos) {
        const list = traces.get(name) ?? []
        list.push(...oneDemoPerPredictor(demos))
        traces.set(name, list)
      }
    }

    // DSPy `_train`: bootstrapped demos first, then labeled examples that were not bootstrapped.
    const labeledRandom = random.fork("labeled-fill")
    let raw = labeledRandom.shuffle(trainset.filter((_, index) => !bootstrappedIndices.has(index)))
    const compiled = clearedCopy(student)
    for (const [name, predictor] of compiled.namedPredictors()) {
      const augmented = (traces.get(name) ?? []).slice(0, settings.maxBootstrappedDemos)
      const sampleSize = Math.max(0, Math.min(settings.maxLabeledDemos - augmented.length, raw.length))
      raw = labeledRandom.sample(raw, sampleSize)
      predictor.demos = [...augmented, ...raw]
    }
    return { program: markCompiled(compiled), bootstrappedExamples: kept.length, stoppedBy }
  })
