// BootstrapFewShot (dspy/teleprompt/bootstrap.py): demos from the teacher's successful runs plus labeled
// examples, then one score on the validation set.
import type { AnyModule, LanguageModel, LmSettings } from "@preflight/core-signatures"
import { Effect } from "effect"
import { InvalidOptimizerInput, type OptimizerError } from "../errors.ts"
import { BudgetStop } from "../run/budget.ts"
import type { CompileResult, OutputOf, TeacherCompileOptions } from "../run/compile-options.ts"
import { type OptimizationRun, runOptimization } from "../run/optimization-run.ts"
import type { JsonValue } from "../run/trial.ts"
import { type BootstrapSettings, bootstrapDemos } from "./bootstrap-demos.ts"

/** Options of {@link BootstrapFewShot} (DSPy's names and defaults). */
export interface BootstrapFewShotOptions {
  /** Default 4. */
  readonly maxBootstrappedDemos?: number
  /** Default 16. */
  readonly maxLabeledDemos?: number
  /** Default 1. */
  readonly maxRounds?: number
  readonly metricThreshold?: number | undefined
  readonly teacherSettings?: LmSettings | undefined
}

/** Resolves DSPy's defaults. */
export const bootstrapSettings = (options: BootstrapFewShotOptions): BootstrapSettings => ({
  maxBootstrappedDemos: options.maxBootstrappedDemos ?? 4,
  maxLabeledDemos: options.maxLabeledDemos ?? 16,
  maxRounds: options.maxRounds ?? 1,
  metricThreshold: options.metricThreshold,
  teacherSettings: options.teacherSettings
})

/** Checks bootstrap settings; the error names the option. */
export const validateBootstrapSettings = (
  optimizer: string,
  settings: BootstrapSettings
): Effect.Effect<void, InvalidOptimizerInput> => {
  for (const [field, value, minimum] of [
    ["maxBootstrappedDemos", settings.maxBootstrappedDemos, 0],
    ["maxLabeledDemos", settings.maxLabeledDemos, 0],
    ["maxRounds", settings.maxRounds, 1]
  ] as const) {
    if (!Number.isInteger(value) || value < minimum) {
      return Effect.fail(new InvalidOptimizerInput({ optimizer, field, reason: `must be an integer ≥ ${minimum}` }))
    }
  }
  if (settings.metricThreshold !== undefined && !Number.isFinite(settings.metricThreshold)) {
    return Effect.fail(new InvalidOptimizerInput({ optimizer, field: "metricThreshold", reason: "must be a number" }))
  }
  return Effect.void
}

/** The settings as JSON for the run record. */
export const bootstrapConfig = (settings: BootstrapSettings): Record<string, JsonValue> => ({
  maxBootstrappedDemos: settings.maxBootstrappedDemos,
  maxLabeledDemos: settings.maxLabeledDemos,
  maxRounds: settings.maxRounds,
  metricThreshold: settings.metricThreshold ?? null
})

/** Bootstraps one program inside a run; a spent budget keeps the partial program as the fallback result. */
export const bootstrapInRun = <M extends AnyModule>(
  run: OptimizationRun,
  program: M,
  options: TeacherCompileOptions<never>,
  settings: BootstrapSettings
) =>
  Effect.gen(function* () {
    const bootstrapped = yield* bootstrapDemos(run, {
      student: program,
      teacher: options.teacher,
      trainset: options.trainset,
      settings,
      random: run.random.fork("bootstrap")
    })
    if (bootstrapped.stoppedBy !== null) {
      run.setFallback(bootstrapped.program)
      return yield* Effect.fail(new BudgetStop({ limit: bootstrapped.stoppedBy }))
    }
    return bootstrapped
  })

/**
 * BootstrapFewShot: the teacher's successful traces become demos.
 * @example const { program } = yield* new BootstrapFewShot({ maxBootstrappedDemos: 4 }).compile(qa, { trainset, metric })
 */
export class BootstrapFewShot {
  readonly name = "BootstrapFewShot"
  readonly settings: BootstrapSettings

  constructor(options: BootstrapFewShotOptions = {}) {
    this.settings = bootstrapSettings(options)
  }

  /** Compiles `program`; scored on `valset` (default: the trainset). Seed default 0. */
  compile<M extends AnyModule>(
    program: M,
    options: TeacherCompileOptions<OutputOf<M>>
  ): Effect.Effect<CompileResult<M>, OptimizerError, LanguageModel> {
    const { settings, name } = this
    const evaluationSet = options.valset ?? options.trainset
    return runOptimization({
      optimizer: name,
      config: bootstrapConfig(settings),
      program,
      options: options as TeacherCompileOptions<never>,
      seed: options.seed ?? 0,
      totalSteps: 1,
      validate: () => validateBootstrapSettings(name, settings),
      search: (run) =>
        Effect.gen(function* () {
          run.enterPhase("bootstrap")
          const { program: compiled, bootstrappedExamples } = yield* bootstrapInRun(
            run,
            program,
            options as TeacherCompileOptions<never>,
            settings
          )
          run.setFallback(compiled)
          run.enterPhase("final")
          const evaluation = yield* run.evaluate(compiled, evaluationSet)
          const trial = yield* run.recordTrial({
            kind: "full",
            label: "bootstrap",
            program: compiled,
            params: { bootstrappedExamples },
            score: evaluation.score,
            examples: evaluationSet.length
          })
          run.offer(compiled, evaluation.score, trial)
        })
    })
  }
}
