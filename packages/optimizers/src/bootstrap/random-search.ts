// BootstrapFewShotWithRandomSearch (dspy/teleprompt/random_search.py, alias BootstrapRS): evaluate DSPy's
// candidate programs (zero-shot, labeled only, unshuffled bootstrap, then shuffled bootstraps with random demo
// counts) on the validation set and keep the best; stop early at `stopAtScore`.
import type { AnyModule, LanguageModel } from "@preflight/core-signatures"
import { Effect } from "effect"
import { InvalidOptimizerInput, type OptimizerError } from "../errors.ts"
import { BudgetStop } from "../run/budget.ts"
import type { CompileResult, OutputOf, TeacherCompileOptions } from "../run/compile-options.ts"
import { runOptimization } from "../run/optimization-run.ts"
import {
  type BootstrapFewShotOptions,
  bootstrapConfig,
  bootstrapSettings,
  validateBootstrapSettings
} from "./bootstrap-few-shot.ts"
import { demoCandidateForSeed } from "./demo-candidates.ts"

/** Options of {@link BootstrapFewShotWithRandomSearch} (DSPy's names and defaults). */
export interface RandomSearchOptions extends BootstrapFewShotOptions {
  /** Shuffled candidates after the three fixed ones (default 16). */
  readonly numCandidatePrograms?: number
  /** Stop as soon as a candidate scores at least this (mean metric, 0..1). */
  readonly stopAtScore?: number | undefined
  /** Sample the labeled-only candidate's demos (default true). */
  readonly labeledSample?: boolean
}

/**
 * Random search over bootstrapped demo sets.
 * @example const { program, trials } = yield* new BootstrapFewShotWithRandomSearch({ numCandidatePrograms: 8 }).compile(qa, { trainset, valset, metric })
 */
export class BootstrapFewShotWithRandomSearch {
  readonly name = "BootstrapFewShotWithRandomSearch"
  readonly options: RandomSearchOptions

  constructor(options: RandomSearchOptions = {}) {
    this.options = options
  }

  /** Compiles `program`; candidates are scored on `valset` (default: the trainset, as DSPy). Seed default 0. */
  compile<M extends AnyModule>(
    program: M,
    options: TeacherCompileOptions<OutputOf<M>>
  ): Effect.Effect<CompileResult<M>, OptimizerError, LanguageModel> {
    const name = this.name
    const settings = bootstrapSettings(this.options)
    const numCandidates = this.options.numCandidatePrograms ?? 16
    const stopAtScore = this.options.stopAtScore
    const labeledSample = this.options.labeledSample ?? true
    const valset = options.valset ?? options.trainset
    return runOptimization({
      optimizer: name,
      config: {
        ...bootstrapConfig(settings),
        numCandidatePrograms: numCandidates,
        stopAtScore: stopAtScore ?? null,
        labeledSample
      },
      program,
      options: options as TeacherCompileOptions<never>,
      seed: options.seed ?? 0,
      totalSteps: numCandidates + 3,
      validate: () =>
        Effect.gen(function* () {
          yield* validateBootstrapSettings(name, settings)
          if (!Number.isInteger(numCandidates) || numCandidates < 0) {
            return yield* new InvalidOptimizerInput({
              optimizer: name,
              field: "numCandidatePrograms",
              reason: "must be an integer ≥ 0"
            })
          }
        }),
      search: (run) =>
        Effect.gen(function* () {
          run.enterPhase("search")
          for (let seed = -3; seed < numCandidates; seed++) {
            const candidate = yield* demoCandidateForSeed(run, {
              seed,
              student: program,
              teacher: options.teacher,
              trainset: options.trainset,
              settings,
              labeledSample,
              random: run.random,
              // DSPy seeds each shuffled candidate with `random.Random(seed)`; here a fork of the run seed.
              shuffleRandom: run.random.fork(`candidate-${seed}`)
            })
            if (candidate.stoppedBy !== null) return yield* new BudgetStop({ limit: candidate.stoppedBy })
            const evaluation = yield* run.evaluate(candidate.program, valset)
            const trial = yield* run.recordTrial({
              kind: "full",
              label: candidate.label,
              program: candidate.program,
              params: candidate.params,
              score: evaluation.score,
              examples: valset.length
            })
            run.offer(candidate.program, evaluation.score, trial)
            if (stopAtScore !== undefined && evaluation.score >= stopAtScore) return
          }
        })
    })
  }
}
