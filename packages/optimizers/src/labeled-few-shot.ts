// LabeledFewShot (dspy/teleprompt/vanilla.py): every predictor gets k labeled training examples as demos,
// sampled (default) or the first k. No language-model calls; the result is scored once on the validation set.
import type { AnyModule, Example, LanguageModel } from "@preflight/core-signatures"
import type { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { markCompiled } from "./compiled-programs.ts"
import { InvalidOptimizerInput, type OptimizerError } from "./errors.ts"
import { clearedCopy } from "./program-edit.ts"
import type { CompileOptions, CompileResult, OutputOf } from "./run/compile-options.ts"
import { runOptimization } from "./run/optimization-run.ts"

/** Options of {@link LabeledFewShot}. */
export interface LabeledFewShotOptions {
  /** Demos per predictor (DSPy default 16). */
  readonly k?: number
  /** Sample k examples at random (default) or take the first k. */
  readonly sample?: boolean
}

/**
 * A copy of `program` whose predictors each get `k` examples of `trainset` as demos. Like DSPy, one generator
 * draws the samples of all predictors in turn.
 */
export const withLabeledDemos = <M extends AnyModule>(
  program: M,
  trainset: ReadonlyArray<Example>,
  k: number,
  sample: boolean,
  random: SeededRandom
): M => {
  const copy = clearedCopy(program)
  if (trainset.length === 0) return copy
  const count = Math.min(k, trainset.length)
  for (const predictor of copy.predictors()) {
    predictor.demos = sample ? random.sample(trainset, count) : trainset.slice(0, count)
  }
  return copy
}

/**
 * LabeledFewShot: labeled examples as demos.
 * @example const { program, score } = yield* new LabeledFewShot({ k: 8 }).compile(qa, { trainset, valset, metric })
 */
export class LabeledFewShot {
  readonly name = "LabeledFewShot"
  readonly k: number
  readonly sample: boolean

  constructor(options: LabeledFewShotOptions = {}) {
    this.k = options.k ?? 16
    this.sample = options.sample ?? true
  }

  /** Compiles `program`; the score is measured on `valset` (default: the trainset). Seed default 0 (DSPy's `Random(0)`). */
  compile<M extends AnyModule>(
    program: M,
    options: CompileOptions<OutputOf<M>>
  ): Effect.Effect<CompileResult<M>, OptimizerError, LanguageModel> {
    const { k, sample, name } = this
    const evaluationSet = options.valset ?? options.trainset
    return runOptimization({
      optimizer: name,
      config: { k, sample },
      program,
      options: options as CompileOptions<never>,
      seed: options.seed ?? 0,
      totalSteps: 1,
      validate: () =>
        Number.isInteger(k) && k >= 0
          ? Effect.void
          : Effect.fail(new InvalidOptimizerInput({ optimizer: name, field: "k", reason: "must be an integer ≥ 0" })),
      search: (run) =>
        Effect.gen(function* () {
          const compiled = markCompiled(
            withLabeledDemos(program, options.trainset, k, sample, run.random.fork("labeled"))
          )
          run.setFallback(compiled)
          run.enterPhase("final")
          const evaluation = yield* run.evaluate(compiled, evaluationSet)
          const trial = yield* run.recordTrial({
            kind: "full",
            label: "labeled",
            program: compiled,
            score: evaluation.score,
            examples: evaluationSet.length
          })
          run.offer(compiled, evaluation.score, trial)
        })
    })
  }
}
