// SIMBA, Stochastic Introspective Mini-Batch Ascent (dspy/teleprompt/simba.py): each step samples a minibatch,
// runs `numCandidates` temperature-1 rollouts of programs softmax-sampled from the best of the pool, buckets
// the outcomes per example by spread (max − min, max, max − mean), and for the most informative buckets builds
// new candidates from a sampled program (dropping some demos) by appending a demo or a rule from the prompt
// model. Candidates are scored on the same batch and join the pool; at the end, evenly spaced step winners are
// evaluated on the full set and the best is returned.
import type { AnyModule, Example, LanguageModel, LmSettings } from "@preflight/core-signatures"
import type { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { markCompiled } from "../compiled-programs.ts"
import { InvalidOptimizerInput, type OptimizerError } from "../errors.ts"
import type { CompileOptions, CompileResult, OutputOf } from "../run/compile-options.ts"
import { type OptimizationRun, runOptimization } from "../run/optimization-run.ts"
import { appendADemo, appendARule, type Rollout } from "./offer-feedback.ts"

/** Options of {@link SIMBA} (DSPy's names and defaults). */
export interface SimbaOptions {
  /** Minibatch size (default 32); the trainset must hold at least this many examples. */
  readonly bsize?: number
  /** Rollouts per example and new candidates per step (default 6). */
  readonly numCandidates?: number
  /** Steps (default 8). */
  readonly maxSteps?: number
  /** Demos per predictor before SIMBA starts dropping them (default 4; 0 = rules only, demos dropped as with 3). */
  readonly maxDemos?: number
  /** Model settings of the advice calls (DSPy `prompt_model`). */
  readonly promptModel?: LmSettings | undefined
  /** Settings of the first rollout model (DSPy `teacher_settings`). */
  readonly teacherSettings?: LmSettings | undefined
  /** Longer demo inputs are truncated (default 100,000 characters). */
  readonly demoInputFieldMaxlen?: number
  /** Softmax temperature for picking programs to roll out (default 0.2). */
  readonly temperatureForSampling?: number
  /** Softmax temperature for picking programs to extend (default 0.2). */
  readonly temperatureForCandidates?: number
}

/** numpy's default (linear) percentile of `values` at `percent` ∈ [0, 100]. */
export const percentile = (values: ReadonlyArray<number>, percent: number): number => {
  if (values.length === 0) return 0
  const sorted = [...values].sort((left, right) => left - right)
  const position = ((sorted.length - 1) * percent) / 100
  const below = Math.floor(position)
  const above = Math.ceil(position)
  const low = sorted[below] ?? 0
  const high = sorted[above] ?? low
  return low + (high - low) * (position - below)
}

/** Python's `round` (half to even), which DSPy uses to space the final candidates. */
export const roundHalfEven = (value: number): number => {
  const floor = Math.floor(value)
  const fraction = value - floor
  if (Math.abs(fraction - 0.5) > 1e-12) return Math.round(value)
  return floor % 2 === 0 ? floor : floor + 1
}

/** Indices `round(i·M/(N−1))` of the winners evaluated at the end, without repeats (DSPy). */
export const finalCandidateIndices = (winners: number, slots: number): number[] => {
  const last = winners - 1
  const indices =
    last < 1
      ? Array.from({ length: slots }, () => 0)
      : Array.from({ length: slots }, (_, i) => roundHalfEven((i * last) / (slots - 1)))
  return [...new Set(indices)]
}

const mean = (scores: ReadonlyArray<number>): number =>
  scores.length === 0 ? 0 : scores.reduce((sum, score) => sum + score, 0) / scores.length

/** One example's rollouts, best first, with DSPy's sort key (max − min, max, max − mean). */
export interface RolloutBucket {
  readonly bucket: ReadonlyArray<Rollout>
  readonly key: readonly [number, number, number]
}

/**
 * DSPy SIMBA step 3: groups model-major rollouts (`rollouts[m · bsize + e]` is model m on example e) into one
 * bucket per example, each sorted best first, and orders the buckets by (max − min, max, max − mean),
 * largest first. Both sorts are stable, like Python's: equal scores keep model order, equal keys example order.
 */
export const rolloutBuckets = (rollouts: ReadonlyArray<Rollout>, bsize: number): RolloutBucket[] => {
  const buckets = Array.from({ length: bsize }, (_, exampleIndex): RolloutBucket => {
    const bucket = rollouts.filter((_, index) => index % bsize === exampleIndex)
    bucket.sort((left, right) => right.outcome.score - left.outcome.score)
    const scores = bucket.map((rollout) => rollout.outcome.score)
    const max = scores[0] ?? 0
    const min = scores[scores.length - 1] ?? 0
    return { bucket, key: [max - min, max, max - mean(scores)] }
  })
  return buckets.sort((left, right) => {
    for (let index = 0; index < 3; index++) {
      const difference = (right.key[index] ?? 0) - (left.key[index] ?? 0)
      if (difference !== 0) return difference
    }
    return 0
  })
}

interface PoolEntry {
  readonly program: AnyModule
  readonly scores: number[]
}

/**
 * SIMBA.
 * @example const { program } = yield* new SIMBA({ bsize: 16, maxSteps: 6 }).compile(qa, { trainset, metric, seed: 0 })
 */
export class SIMBA {
  readonly name = "SIMBA"
  readonly options: SimbaOptions

  constructor(options: SimbaOptions = {}) {
    this.options = options
  }

  /** Compiles `program`; the final choice is scored on `valset` (default: the trainset, as DSPy). Seed default 0. */
  compile<M extends AnyModule>(
    program: M,
    options: CompileOptions<OutputOf<M>>
  ): Effect.Effect<CompileResult<M>, OptimizerError, LanguageModel> {
    const name = this.name
    const settings = {
      bsize: this.options.bsize ?? 32,
      numCandidates: this.options.numCandidates ?? 6,
      maxSteps: this.options.maxSteps ?? 8,
      maxDemos: this.options.maxDemos ?? 4,
      demoInputFieldMaxlen: this.options.demoInputFieldMaxlen ?? 100_000,
      temperatureForSampling: this.options.temperatureForSampling ?? 0.2,
      temperatureForCandidates: this.options.temperatureForCandidates ?? 0.2
    }
    const finalSet = options.valset ?? options.trainset
    return runOptimization({
      optimizer: name,
      config: { ...settings },
      program,
      options: options as CompileOptions<never>,
      seed: options.seed ?? 0,
      totalSteps: settings.maxSteps * settings.numCandidates + settings.numCandidates + 1,
      validate: () => {
        for (const [field, value, minimum] of [
          ["bsize", settings.bsize, 1],
          ["numCandidates", settings.numCandidates, 1],
          ["maxSteps", settings.maxSteps, 0],
          ["maxDemos", settings.maxDemos, 0]
        ] as const) {
          if (!Number.isInteger(value) || value < minimum) {
            return Effect.fail(
              new InvalidOptimizerInput({ optimizer: name, field, reason: `must be an integer ≥ ${minimum}` })
            )
          }
        }
        if (options.trainset.length < settings.bsize) {
          return Effect.fail(
            new InvalidOptimizerInput({
              optimizer: name,
              field: "trainset",
              reason: `needs at least bsize (${settings.bsize}) examples, got ${options.trainset.length}`
            })
          )
        }
        return Effect.void
      },
      search: (run) =>
        searchSimba(run, {
          program,
          trainset: options.trainset,
          finalSet,
          ...settings,
          promptModel: this.options.promptModel,
          teacherSettings: this.options.teacherSettings
        })
    })
  }
}

const searchSimba = (
  run: OptimizationRun,
  params: {
    readonly program: AnyModule
    readonly trainset: ReadonlyArray<Example>
    readonly finalSet: ReadonlyArray<Example>
    readonly bsize: number
    readonly numCandidates: number
    readonly maxSteps: number
    readonly maxDemos: number
    readonly demoInputFieldMaxlen: number
    readonly temperatureForSampling: number
    readonly temperatureForCandidates: number
    readonly promptModel: LmSettings | undefined
    readonly teacherSettings: LmSettings | undefined
  }
) =>
  Effect.gen(function* () {
    const { trainset, bsize, numCandidates } = params
    const dataRandom = run.random.fork("data")
    const pickRandom = run.random.fork("pick")
    const dropRandom = run.random.fork("drop")
    const strategyRandom = run.random.fork("strategy")

    const pool: PoolEntry[] = [{ program: markCompiled(params.program.deepCopy()), scores: [] }]
    const winners: AnyModule[] = [pool[0]?.program ?? params.program]
    run.setFallback(params.program.deepCopy())

    // Best programs by mean batch score (stable on ties), always including the baseline (DSPy top_k_plus_baseline).
    const topKPlusBaseline = (k: number): number[] => {
      const ranked = pool
        .map((_, index) => index)
        .sort((left, right) => mean(pool[right]?.scores ?? []) - mean(pool[left]?.scores ?? []))
      const top = ranked.slice(0, k)
      if (!top.includes(0) && top.length > 0) top[top.length - 1] = 0
      return [...new Set(top)]
    }
    const softmaxPick = (random: SeededRandom, indices: ReadonlyArray<number>, temperature: number): number => {
      const scores = indices.map((index) => mean(pool[index]?.scores ?? []))
      const top = Math.max(...scores)
      const weights = scores.map((score) => Math.exp((score - top) / temperature))
      return indices[random.weightedIndex(weights)] ?? 0
    }
    // DSPy `prepare_models_for_resampling`: rollout ids 0..n−1 at temperature 1 (the first may be the teacher).
    const models: LmSettings[] = Array.from({ length: numCandidates }, (_, index) =>
      index === 0 && params.teacherSettings !== undefined
        ? { ...params.teacherSettings, rolloutId: 0 }
        : { rolloutId: index, temperature: 1 }
    )

    let order = dataRandom.shuffle(trainset.map((_, index) => index))
    let cursor = 0
    for (let step = 0; step < params.maxSteps; step++) {
      run.enterPhase(`step ${step + 1}/${params.maxSteps}`)
      if (cursor + bsize > trainset.length) {
        order = dataRandom.shuffle(order)
        cursor = 0
      }
      const batch = order.slice(cursor, cursor + bsize).map((index) => trainset[index] as Example)
      cursor += bsize

      // Step 2: rollouts, model-major like DSPy's exec pairs.
      const top = topKPlusBaseline(numCandidates)
      const plans = models.flatMap((model) =>
        batch.map((example) => ({
          model,
          example,
          source: softmaxPick(pickRandom, top, params.temperatureForSampling)
        }))
      )
      const rollouts: Rollout[] = yield* Effect.forEach(
        plans,
        (plan) => {
          const copy = (pool[plan.source]?.program ?? params.program).deepCopy()
          return Effect.map(run.runExample(copy, plan.example, { overrides: plan.model }), (outcome) => ({
            outcome,
            program: copy
          }))
        },
        { concurrency: run.concurrency }
      )
      const allScores = rollouts.map((rollout) => rollout.outcome.score)
      const p10 = percentile(allScores, 10)
      const p90 = percentile(allScores, 90)

      // Step 3: one bucket per example (its rollouts, best first), most informative buckets first.
      const buckets = rolloutBuckets(rollouts, batch.length)

      // Step 4: new candidates from sampled programs, with demos dropped and a demo or a rule appended. The
      // random draws are made in bucket order first; the rule calls then run concurrently.
      const candidatePlans: Array<{
        bucket: ReadonlyArray<Rollout>
        system: AnyModule
        source: number
        strategy: string
      }> = []
      for (const { bucket } of buckets) {
        if (candidatePlans.length >= numCandidates) break
        const source = softmaxPick(pickRandom, topKPlusBaseline(numCandidates), params.temperatureForCandidates)
        const system = (pool[source]?.program ?? params.program).deepCopy()
        const demoCounts = system.predictors().map((predictor) => predictor.demos.length)
        const demoCount = demoCounts.length === 0 ? 0 : Math.max(...demoCounts)
        // DSPy drops demos with max_demos = 3 when maxDemos is 0 (then only rules are appended, but the
        // program may have started with demos).
        const dropScale = params.maxDemos > 0 ? params.maxDemos : 3
        if (demoCount > 0) {
          const toDrop = Math.min(
            demoCount,
            Math.max(dropRandom.poisson(demoCount / dropScale), demoCount >= dropScale ? 1 : 0)
          )
          const dropped = new Set(Array.from({ length: toDrop }, () => dropRandom.int(demoCount)))
          for (const predictor of system.predictors()) {
            predictor.demos = predictor.demos.filter((_, index) => !dropped.has(index))
          }
        }
        const strategy =
          params.maxDemos > 0 ? strategyRandom.choice(["append_a_demo", "append_a_rule"]) : "append_a_rule"
        candidatePlans.push({ bucket, system, source, strategy })
      }
      const candidates = yield* Effect.forEach(
        candidatePlans,
        (plan) =>
          Effect.map(
            plan.strategy === "append_a_demo"
              ? Effect.sync(() =>
                  appendADemo({
                    bucket: plan.bucket,
                    system: plan.system,
                    batch10thPercentile: p10,
                    maxInputLength: params.demoInputFieldMaxlen
                  })
                )
              : appendARule(run, {
                  bucket: plan.bucket,
                  system: plan.system,
                  batch10thPercentile: p10,
                  batch90thPercentile: p90,
                  promptModel: params.promptModel
                }),
            (applied) => ({ program: markCompiled(plan.system), source: plan.source, strategy: plan.strategy, applied })
          ),
        { concurrency: run.concurrency }
      )

      // Step 5: score the candidates on the same batch.
      const pairs = candidates.flatMap((candidate) => batch.map((example) => ({ candidate, example })))
      const scored = yield* Effect.forEach(pairs, (pair) => run.runExample(pair.candidate.program, pair.example), {
        concurrency: run.concurrency
      })
      let bestCandidate: { program: AnyModule; score: number } | undefined
      for (const [index, candidate] of candidates.entries()) {
        const scores = scored.slice(index * bsize, (index + 1) * bsize).map((outcome) => outcome.score)
        const score = mean(scores)
        yield* run.recordTrial({
          kind: "minibatch",
          label: candidate.strategy,
          program: candidate.program,
          params: { step, sourceProgram: candidate.source, applied: candidate.applied },
          score,
          examples: batch.length
        })
        // Step 7: every candidate joins the pool with its batch scores.
        pool.push({ program: candidate.program, scores })
        if (bestCandidate === undefined || score > bestCandidate.score)
          bestCandidate = { program: candidate.program, score }
      }
      // Step 6: the step's winner.
      if (bestCandidate !== undefined) winners.push(bestCandidate.program.deepCopy())
      // If the budget ends the run before the final evaluation, the best-averaging program is returned.
      const bestAverage = pool.reduce(
        (best, entry, index) => (mean(entry.scores) > mean(pool[best]?.scores ?? []) ? index : best),
        0
      )
      run.setFallback((pool[bestAverage]?.program ?? params.program).deepCopy())
    }

    // Final: evenly spaced winners on the full set.
    run.enterPhase("final")
    for (const index of finalCandidateIndices(winners.length, numCandidates + 1)) {
      const candidate = winners[index] ?? params.program
      const evaluation = yield* run.evaluate(candidate, params.finalSet)
      const trial = yield* run.recordTrial({
        kind: "full",
        label: "final",
        program: candidate,
        params: { winner: index },
        score: evaluation.score,
        examples: params.finalSet.length
      })
      run.offer(candidate, evaluation.score, trial)
    }
  })
