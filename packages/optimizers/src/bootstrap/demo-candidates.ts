// DSPy's candidate scheme for few-shot programs (random_search.py and utils.create_n_fewshot_demo_sets):
// seed −3 is zero-shot, −2 labeled demos only, −1 an unshuffled bootstrap, and every seed ≥ 0 a bootstrap over
// a shuffled trainset with a random number of bootstrapped demos in [1, maxBootstrappedDemos].
import type { AnyModule, ConfigurationError, Example, LanguageModel, TooManyErrors } from "@preflight/core-signatures"
import type { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { markCompiled } from "../compiled-programs.ts"
import { withLabeledDemos } from "../labeled-few-shot.ts"
import { clearedCopy } from "../program-edit.ts"
import type { BudgetLimit } from "../run/budget.ts"
import type { OptimizationRun } from "../run/optimization-run.ts"
import type { JsonValue } from "../run/trial.ts"
import { type BootstrapSettings, bootstrapDemos } from "./bootstrap-demos.ts"

/** One candidate program of the scheme. */
export interface DemoCandidate<M> {
  readonly seed: number
  readonly label: string
  readonly program: M
  readonly params: Readonly<Record<string, JsonValue>>
  readonly stoppedBy: BudgetLimit | null
}

/**
 * Builds the candidate for `seed` (−3, −2, −1 or ≥ 0). `random` is the scheme's generator: the labeled
 * and unshuffled candidates use fixed forks of it, so the unshuffled candidate equals a plain BootstrapFewShot
 * compiled with the same run seed.
 */
export const demoCandidateForSeed = <M extends AnyModule>(
  run: OptimizationRun,
  params: {
    readonly seed: number
    readonly student: M
    readonly teacher: AnyModule | undefined
    readonly trainset: ReadonlyArray<Example>
    readonly settings: BootstrapSettings
    readonly labeledSample: boolean
    readonly random: SeededRandom
    /** Generator for the shuffles and sizes of seeds ≥ 0 (shared across seeds in MIPROv2, per seed in random search). */
    readonly shuffleRandom: SeededRandom
  }
): Effect.Effect<DemoCandidate<M>, TooManyErrors | ConfigurationError, LanguageModel> =>
  Effect.gen(function* () {
    const { seed, student, settings, random } = params
    if (seed === -3) {
      return {
        seed,
        label: "zero-shot",
        program: markCompiled(clearedCopy(student)),
        params: { seed },
        stoppedBy: null
      }
    }
    if (seed === -2) {
      const program = markCompiled(
        withLabeledDemos(
          student,
          params.trainset,
          settings.maxLabeledDemos,
          params.labeledSample,
          random.fork("labeled")
        )
      )
      return { seed, label: "labeled", program, params: { seed }, stoppedBy: null }
    }
    if (seed === -1) {
      const bootstrapped = yield* bootstrapDemos(run, {
        student,
        teacher: params.teacher,
        trainset: params.trainset,
        settings,
        random: random.fork("bootstrap")
      })
      return {
        seed,
        label: "bootstrap",
        program: bootstrapped.program,
        params: { seed, bootstrappedExamples: bootstrapped.bootstrappedExamples },
        stoppedBy: bootstrapped.stoppedBy
      }
    }
    const shuffled = params.shuffleRandom.shuffle(params.trainset)
    const size =
      settings.maxBootstrappedDemos === 0 ? 0 : params.shuffleRandom.intBetween(1, settings.maxBootstrappedDemos)
    const bootstrapped = yield* bootstrapDemos(run, {
      student,
      teacher: params.teacher,
      trainset: shuffled,
      settings: { ...settings, maxBootstrappedDemos: size },
      random: random.fork(`bootstrap-${seed}`)
    })
    return {
      seed,
      label: "bootstrap-shuffled",
      program: bootstrapped.program,
      params: { seed, maxBootstrappedDemos: size, bootstrappedExamples: bootstrapped.bootstrappedExamples },
      stoppedBy: bootstrapped.stoppedBy
    }
  })
