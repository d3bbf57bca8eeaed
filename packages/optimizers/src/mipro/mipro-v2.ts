// MIPROv2 (dspy/teleprompt/mipro_optimizer_v2.py; Opsahl-Ong et al. 2024, arXiv 2406.11695): bootstrap
// candidate demo sets per predictor, propose grounded instruction candidates per predictor, then search
// instruction × demo-set per predictor with a seeded TPE, scoring each trial on a random minibatch of the
// validation set and fully evaluating the best-averaging configuration every `minibatchFullEvalSteps` trials
// (and at the end). The default program is evaluated first and seeds the search, as in DSPy.
import type { AnyModule, Example, LanguageModel, LmSettings } from "@preflight/core-signatures"
import { Effect } from "effect"
import type { BootstrapSettings } from "../bootstrap/bootstrap-demos.ts"
import { bootstrapConfig, validateBootstrapSettings } from "../bootstrap/bootstrap-few-shot.ts"
import { demoCandidateForSeed } from "../bootstrap/demo-candidates.ts"
import { markCompiled } from "../compiled-programs.ts"
import { InvalidOptimizerInput, type OptimizerError } from "../errors.ts"
import { BudgetStop } from "../run/budget.ts"
import type { CompileResult, OutputOf, TeacherCompileOptions } from "../run/compile-options.ts"
import { type OptimizationRun, runOptimization } from "../run/optimization-run.ts"
import type { JsonValue } from "../run/trial.ts"
import {
  MIN_MINIBATCH_VALSET,
  MIPRO_AUTO_SETTINGS,
  type MiproAuto,
  miproCandidateCounts,
  miproTrialCount
} from "./auto-settings.ts"
import { type ProposerSettings, proposeInstructions } from "./grounded-proposer.ts"
import { type CategoricalParameter, type TpeOptions, TpeSampler } from "./tpe.ts"

/** Options of {@link MIPROv2} (DSPy's names and defaults). */
export interface MiproV2Options {
  /** A preset ("light" default); null to set `numCandidates` and `numTrials` yourself. */
  readonly auto?: MiproAuto | null
  /** Instruction and demo-set candidates per predictor (required when `auto` is null). */
  readonly numCandidates?: number
  /** Search trials (required when `auto` is null). */
  readonly numTrials?: number
  /** Default 4; with `maxLabeledDemos` 0 too, only instructions are optimized (zero-shot). */
  readonly maxBootstrappedDemos?: number
  /** Default 4. */
  readonly maxLabeledDemos?: number
  readonly metricThreshold?: number | undefined
  readonly teacherSettings?: LmSettings | undefined
  /** Model settings of the proposal calls (DSPy `prompt_model`; default: the context's model). */
  readonly promptModel?: LmSettings | undefined
  /** Temperature of proposals (default 1). */
  readonly initTemperature?: number
  /** Score trials on minibatches (default true; off when the validation set is not larger than the minibatch). */
  readonly minibatch?: boolean
  /** Default 35. */
  readonly minibatchSize?: number
  /** Full evaluation of the best-averaging configuration every this many trials (default 5). */
  readonly minibatchFullEvalSteps?: number
  readonly programAwareProposer?: boolean
  readonly dataAwareProposer?: boolean
  readonly tipAwareProposer?: boolean
  readonly fewshotAwareProposer?: boolean
  /** Default 10. */
  readonly viewDataBatchSize?: number
  readonly tpe?: TpeOptions
}

interface ComboScores {
  readonly params: Record<string, number>
  readonly program: AnyModule
  readonly scores: number[]
  readonly trial: number
}

/** Demos bootstrapped (3) only to ground proposals in zero-shot mode (DSPy BOOTSTRAPPED_FEWSHOT_EXAMPLES_IN_CONTEXT). */
const ZERO_SHOT_BOOTSTRAPPED = 3

/**
 * MIPROv2: instruction and demo optimization with a Bayesian (TPE) search.
 * @example const { program, trials } = yield* new MIPROv2({ auto: "light" }).compile(qa, { trainset, valset, metric, seed: 9 })
 */
export class MIPROv2 {
  readonly name = "MIPROv2"
  readonly options: MiproV2Options

  constructor(options: MiproV2Options = {}) {
    this.options = options
  }

  /**
   * Compiles `program`. Without a valset, the last 80% of the trainset (at most 1000) becomes the valset, as
   * in DSPy. Seed default 9 (DSPy's).
   */
  compile<M extends AnyModule>(
    program: M,
    options: TeacherCompileOptions<OutputOf<M>>
  ): Effect.Effect<CompileResult<M>, OptimizerError, LanguageModel> {
    const name = this.name
    const settings = this.options
    const auto = settings.auto === undefined ? "light" : settings.auto
    const maxBootstrapped = settings.maxBootstrappedDemos ?? 4
    const maxLabeled = settings.maxLabeledDemos ?? 4
    const zeroShot = maxBootstrapped === 0 && maxLabeled === 0
    const predictorCount = program.namedPredictors().length

    // Datasets (DSPy `_set_and_validate_datasets`).
    let trainset: ReadonlyArray<Example> = options.trainset
    let valset: ReadonlyArray<Example> = options.valset ?? []
    if (options.valset === undefined) {
      const valSize = Math.min(1000, Math.max(1, Math.trunc(options.trainset.length * 0.8)))
      const cutoff = options.trainset.length - valSize
      valset = options.trainset.slice(cutoff)
      trainset = options.trainset.slice(0, cutoff)
    }

    const counts =
      auto === null
        ? { instructions: settings.numCandidates ?? 0, demoSets: settings.numCandidates ?? 0 }
        : miproCandidateCounts(auto, !zeroShot)
    const numTrials =
      auto === null
        ? (settings.numTrials ?? 0)
        : miproTrialCount(predictorCount, MIPRO_AUTO_SETTINGS[auto].n, !zeroShot)
    const minibatchSize = settings.minibatchSize ?? 35
    const fullEvalSteps = settings.minibatchFullEvalSteps ?? 5
    const bootstrap: BootstrapSettings = {
      maxBootstrappedDemos: zeroShot ? ZERO_SHOT_BOOTSTRAPPED : maxBootstrapped,
      maxLabeledDemos: zeroShot ? 0 : maxLabeled,
      maxRounds: 1,
      metricThreshold: settings.metricThreshold,
      teacherSettings: settings.teacherSettings
    }
    const proposer: ProposerSettings = {
      programAware: settings.programAwareProposer ?? true,
      dataAware: settings.dataAwareProposer ?? true,
      tipAware: settings.tipAwareProposer ?? true,
      fewshotAware: settings.fewshotAwareProposer ?? true,
      viewDataBatchSize: settings.viewDataBatchSize ?? 10,
      promptModel: settings.promptModel,
      initTemperature: settings.initTemperature ?? 1
    }
    const config: Record<string, JsonValue> = {
      ...bootstrapConfig(bootstrap),
      auto,
      zeroShot,
      instructionCandidates: counts.instructions,
      demoSetCandidates: counts.demoSets,
      numTrials,
      minibatchSize,
      minibatchFullEvalSteps: fullEvalSteps,
      programAware: proposer.programAware,
      dataAware: proposer.dataAware,
      tipAware: proposer.tipAware,
      fewshotAware: proposer.fewshotAware
    }
    const fail = (field: string, reason: string) =>
      Effect.fail(new InvalidOptimizerInput({ optimizer: name, field, reason }))

    return runOptimization({
      optimizer: name,
      config,
      program,
      options: options as TeacherCompileOptions<never>,
      seed: options.seed ?? 9,
      totalSteps: numTrials + Math.floor(numTrials / fullEvalSteps) + 2,
      minTrainset: options.valset === undefined ? 2 : 1,
      validate: () =>
        Effect.gen(function* () {
          yield* validateBootstrapSettings(name, bootstrap)
          if (auto === null) {
            if (
              settings.numCandidates === undefined ||
              !(Number.isInteger(settings.numCandidates) && settings.numCandidates >= 1)
            ) {
              return yield* fail("numCandidates", "is required (an integer ≥ 1) when auto is null")
            }
            if (
              settings.numTrials === undefined ||
              !(Number.isInteger(settings.numTrials) && settings.numTrials >= 1)
            ) {
              return yield* fail("numTrials", "is required (an integer ≥ 1) when auto is null")
            }
          } else if (settings.numCandidates !== undefined || settings.numTrials !== undefined) {
            return yield* fail("auto", "numCandidates and numTrials must be left unset when auto is used (DSPy's rule)")
          }
          if (!(Number.isInteger(minibatchSize) && minibatchSize >= 1))
            return yield* fail("minibatchSize", "must be an integer ≥ 1")
          if (!(Number.isInteger(fullEvalSteps) && fullEvalSteps >= 1)) {
            return yield* fail("minibatchFullEvalSteps", "must be an integer ≥ 1")
          }
          if (settings.minibatch === true && minibatchSize > valset.length) {
            return yield* fail(
              "minibatchSize",
              `${minibatchSize} exceeds the validation set (${valset.length} examples)`
            )
          }
        }),
      search: (run) =>
        Effect.gen(function* () {
          // Under `auto`, the valset is subsampled to the preset's size (DSPy `_set_hyperparams_from_run_mode`).
          const evalSet =
            auto !== null && valset.length > MIPRO_AUTO_SETTINGS[auto].valSize
              ? run.random.fork("valset").sample(valset, MIPRO_AUTO_SETTINGS[auto].valSize)
              : valset
          const useMinibatch =
            settings.minibatch === false
              ? false
              : auto !== null
                ? evalSet.length > MIN_MINIBATCH_VALSET && minibatchSize <= evalSet.length
                : minibatchSize < evalSet.length
          yield* searchMipro(run, {
            program,
            teacher: options.teacher,
            trainset,
            valset: evalSet,
            bootstrap,
            proposer,
            zeroShot,
            counts,
            numTrials,
            useMinibatch,
            minibatchSize,
            fullEvalSteps,
            tpe: settings.tpe ?? {}
          })
        })
    })
  }
}

/** The MIPROv2 search inside a run. */
const searchMipro = (
  run: OptimizationRun,
  params: {
    readonly program: AnyModule
    readonly teacher: AnyModule | undefined
    readonly trainset: ReadonlyArray<Example>
    readonly valset: ReadonlyArray<Example>
    readonly bootstrap: BootstrapSettings
    readonly proposer: ProposerSettings
    readonly zeroShot: boolean
    readonly counts: { readonly instructions: number; readonly demoSets: number }
    readonly numTrials: number
    readonly useMinibatch: boolean
    readonly minibatchSize: number
    readonly fullEvalSteps: number
    readonly tpe: TpeOptions
  }
) =>
  Effect.gen(function* () {
    const { program, valset } = params
    const names = program.namedPredictors().map(([name]) => name)

    // Step 1: demo-set candidates per predictor (DSPy `create_n_fewshot_demo_sets`, one shared generator).
    run.enterPhase("bootstrap")
    const demoSets = new Map<string, Example[][]>(names.map((name) => [name, []]))
    const shuffleRandom = run.random.fork("demo-sets")
    const includeLabeled = params.bootstrap.maxLabeledDemos > 0
    for (let seed = -3; seed < params.counts.demoSets - 3; seed++) {
      if (seed === -2 && !includeLabeled) continue
      const candidate = yield* demoCandidateForSeed(run, {
        seed,
        student: program,
        teacher: params.teacher,
        trainset: params.trainset,
        settings: params.bootstrap,
        labeledSample: true,
        random: run.random,
        shuffleRandom
      })
      if (candidate.stoppedBy !== null) return yield* new BudgetStop({ limit: candidate.stoppedBy })
      for (const [name, predictor] of candidate.program.namedPredictors())
        demoSets.get(name)?.push([...predictor.demos])
    }

    // Step 2: instruction candidates per predictor (index 0 = the current instruction).
    run.enterPhase("propose")
    const instructions = yield* proposeInstructions(run, {
      program,
      trainset: params.trainset,
      demoSets: params.proposer.fewshotAware ? demoSets : undefined,
      count: params.counts.instructions,
      settings: params.proposer,
      random: run.random.fork("proposer")
    })

    // Step 3: search. Zero-shot mode discards the demo sets after proposing (DSPy).
    run.enterPhase("search")
    const space: CategoricalParameter[] = []
    names.forEach((name, index) => {
      space.push({ name: `${index}_predictor_instruction`, choices: instructions.get(name)?.length ?? 1 })
      if (!params.zeroShot) space.push({ name: `${index}_predictor_demos`, choices: demoSets.get(name)?.length ?? 1 })
    })
    const build = (choice: Readonly<Record<string, number>>): AnyModule => {
      const candidate = program.deepCopy()
      candidate.namedPredictors().forEach(([name, predictor], index) => {
        const instruction = instructions.get(name)?.[choice[`${index}_predictor_instruction`] ?? 0]
        if (instruction !== undefined) predictor.setInstructions(instruction)
        predictor.demos = params.zeroShot
          ? []
          : [...(demoSets.get(name)?.[choice[`${index}_predictor_demos`] ?? 0] ?? [])]
      })
      return markCompiled(candidate)
    }
    const asJson = (choice: Readonly<Record<string, number>>): Record<string, JsonValue> => ({ ...choice })
    const keyOf = (choice: Readonly<Record<string, number>>) =>
      space.map((parameter) => choice[parameter.name] ?? 0).join(",")

    const defaults: Record<string, number> = {}
    for (const parameter of space) defaults[parameter.name] = 0
    const baseline = build(defaults)
    run.setFallback(baseline)
    const baselineEvaluation = yield* run.evaluate(baseline, valset)
    const baselineTrial = yield* run.recordTrial({
      kind: "full",
      label: "default",
      program: baseline,
      params: asJson(defaults),
      score: baselineEvaluation.score,
      examples: valset.length
    })
    run.offer(baseline, baselineEvaluation.score, baselineTrial)

    const sampler = new TpeSampler(space, run.random.fork("tpe"), params.tpe)
    sampler.observe(defaults, baselineEvaluation.score)
    const combos = new Map<string, ComboScores>()
    const fullyEvaluated = new Set<string>([keyOf(defaults)])
    const minibatchRandom = run.random.fork("minibatches")

    const fullEvaluation = Effect.gen(function* () {
      let chosen: { key: string; combo: ComboScores; mean: number } | undefined
      for (const [key, combo] of combos) {
        if (fullyEvaluated.has(key)) continue
        const mean = combo.scores.reduce((sum, score) => sum + score, 0) / combo.scores.length
        if (chosen === undefined || mean > chosen.mean) chosen = { key, combo, mean }
      }
      if (chosen === undefined) return
      fullyEvaluated.add(chosen.key)
      const evaluation = yield* run.evaluate(chosen.combo.program, valset)
      const trial = yield* run.recordTrial({
        kind: "full",
        label: "full-eval",
        program: chosen.combo.program,
        params: { ...asJson(chosen.combo.params), minibatchMean: chosen.mean },
        score: evaluation.score,
        examples: valset.length,
        parentTrial: chosen.combo.trial
      })
      // DSPy feeds full evaluations back to Optuna as trials.
      sampler.observe(chosen.combo.params, evaluation.score)
      run.offer(chosen.combo.program, evaluation.score, trial)
    })

    for (let trialNumber = 1; trialNumber <= params.numTrials; trialNumber++) {
      const choice = sampler.suggest()
      const candidate = build(choice)
      const batch = params.useMinibatch ? minibatchRandom.sample(valset, params.minibatchSize) : valset
      const evaluation = yield* run.evaluate(candidate, batch)
      const trial = yield* run.recordTrial({
        kind: params.useMinibatch ? "minibatch" : "full",
        label: "tpe",
        program: candidate,
        params: asJson(choice),
        score: evaluation.score,
        examples: batch.length
      })
      sampler.observe(choice, evaluation.score)
      if (!params.useMinibatch) {
        run.offer(candidate, evaluation.score, trial)
        continue
      }
      const key = keyOf(choice)
      const combo = combos.get(key) ?? { params: choice, program: candidate, scores: [], trial }
      combo.scores.push(evaluation.score)
      combos.set(key, combo)
      if (trialNumber % params.fullEvalSteps === 0 || trialNumber === params.numTrials) yield* fullEvaluation
    }
  })
