import { assert, describe, it } from "@effect/vitest"
import { type AnyModule, evaluate, type LanguageModel, type Prediction } from "@preflight/core-signatures"
import { Effect } from "effect"
import { BootstrapFewShot } from "../src/bootstrap/bootstrap-few-shot.ts"
import { BootstrapFewShotWithRandomSearch } from "../src/bootstrap/random-search.ts"
import type { OptimizerError } from "../src/errors.ts"
import { GEPA } from "../src/gepa/gepa.ts"
import { LabeledFewShot } from "../src/labeled-few-shot.ts"
import { MIPROv2 } from "../src/mipro/mipro-v2.ts"
import { snapshotCandidate } from "../src/program-edit.ts"
import type { CompileOptions, CompileResult } from "../src/run/compile-options.ts"
import type { Trial } from "../src/run/trial.ts"
import { SIMBA } from "../src/simba/simba.ts"
import { toyLayer, zoneData, zoneMetric, zoneProgram } from "./support/toy-task.ts"

const { trainset, valset } = zoneData()
type ZoneProgram = ReturnType<typeof zoneProgram>
type Compile = (
  options: CompileOptions<Prediction>
) => Effect.Effect<CompileResult<ZoneProgram>, OptimizerError, LanguageModel>

interface OptimizerCase {
  readonly name: string
  readonly compile: Compile
  /**
   * Whether a full evaluation finishes within half the LM calls of an unlimited run. LabeledFewShot and
   * BootstrapFewShot have one, at the very end; SIMBA's come after all its steps. Those three return their
   * fallback instead (tested below).
   */
  readonly scoredAtHalfBudget: boolean
  /** What another seed must change: the trial log, or the program (LabeledFewShot's one trial keeps its score). */
  readonly seedChanges: "trials" | "program"
}

const labeled: Compile = (options) => new LabeledFewShot({ k: 4 }).compile(zoneProgram(), options)
const bootstrap: Compile = (options) => new BootstrapFewShot({ maxLabeledDemos: 4 }).compile(zoneProgram(), options)
const simba: Compile = (options) =>
  new SIMBA({ bsize: 12, numCandidates: 4, maxSteps: 4 }).compile(zoneProgram(), options)

const optimizers: ReadonlyArray<OptimizerCase> = [
  { name: "LabeledFewShot", compile: labeled, scoredAtHalfBudget: false, seedChanges: "program" },
  { name: "BootstrapFewShot", compile: bootstrap, scoredAtHalfBudget: false, seedChanges: "program" },
  {
    name: "BootstrapFewShotWithRandomSearch",
    compile: (options) =>
      new BootstrapFewShotWithRandomSearch({ maxLabeledDemos: 4, numCandidatePrograms: 6 }).compile(
        zoneProgram(),
        options
      ),
    scoredAtHalfBudget: true,
    seedChanges: "trials"
  },
  {
    name: "MIPROv2",
    compile: (options) => new MIPROv2({ auto: "light" }).compile(zoneProgram(), options),
    scoredAtHalfBudget: true,
    seedChanges: "trials"
  },
  { name: "SIMBA", compile: simba, scoredAtHalfBudget: false, seedChanges: "trials" },
  {
    name: "GEPA",
    compile: (options) => new GEPA({ maxMetricCalls: 300 }).compile(zoneProgram(), options),
    scoredAtHalfBudget: true,
    seedChanges: "trials"
  }
]

/** The program's mean score on the valset, measured afresh (no budget). */
const rescore = (program: AnyModule) => {
  const { layer } = toyLayer()
  return evaluate(program as ZoneProgram, {
    devset: valset,
    metric: (example, prediction: Prediction) => zoneMetric(example, prediction).score
  }).pipe(
    Effect.map((result) => result.meanScore),
    Effect.provide(layer)
  )
}

const concurrency = 4

/** Runs `compile` on the toy task with a fresh model; `model.calls()` counts what reached it. */
const compileToy = (compile: Compile, extra: Partial<CompileOptions<Prediction>> = {}) => {
  const { layer, model } = toyLayer()
  return compile({ trainset, valset, metric: zoneMetric, concurrency, ...extra }).pipe(
    Effect.map((result) => ({ result, calls: model.calls() })),
    Effect.provide(layer)
  )
}

/** LM calls spent up to and including each trial (trial costs add up to the run's). */
const cumulativeLmCalls = (trials: ReadonlyArray<Trial>): number[] => {
  let total = 0
  return trials.map((trial) => {
    total += trial.cost.lmCalls
    return total
  })
}

const demoKeys = (program: ZoneProgram) => program.demos.map((demo) => JSON.stringify(demo.toJSON()))

describe.each(optimizers)("$name under a budget", ({ compile, scoredAtHalfBudget, seedChanges }) => {
  it.effect("an LM-call budget of N makes at most N calls and returns the best fully evaluated program", () =>
    Effect.gen(function* () {
      const unlimited = yield* compileToy(compile)
      const limit = Math.max(5, Math.floor(unlimited.result.cost.lmCalls / 2))
      const { result, calls } = yield* compileToy(compile, { budget: { maxLmCalls: limit } })
      assert.isAtMost(calls, limit)
      assert.strictEqual(result.cost.lmCalls, calls)
      assert.strictEqual(result.status, "budget_exhausted")
      assert.strictEqual(result.stoppedBy, "lm_calls")
      const fullScores = result.trials
        .filter((trial) => trial.kind === "full" && trial.score !== null)
        .map((trial) => trial.score ?? 0)
      if (!scoredAtHalfBudget) {
        // Nothing was fully evaluated: no score; what is returned is checked per optimizer below.
        assert.deepStrictEqual(fullScores, [])
        assert.isNull(result.score)
        assert.isNull(result.bestTrial)
        return
      }
      assert.isAbove(fullScores.length, 0)
      assert.strictEqual(result.score, Math.max(...fullScores))
      assert.strictEqual(result.trials[result.bestTrial ?? -1]?.kind, "full")
      assert.strictEqual(result.trials[result.bestTrial ?? -1]?.score, result.score)
      // The returned program is the one that earned that score.
      assert.strictEqual(yield* rescore(result.program), result.score)
    })
  )

  it.effect("the same seed gives identical trial logs and programs; another seed changes them", () =>
    Effect.gen(function* () {
      const once = (seed: number) => Effect.map(compileToy(compile, { seed }), ({ result }) => result)
      const first = yield* once(7)
      const second = yield* once(7)
      const other = yield* once(8)
      assert.isAbove(first.trials.length, 0)
      assert.deepStrictEqual(JSON.stringify(first.trials), JSON.stringify(second.trials))
      assert.deepStrictEqual(first.program.dumpState(), second.program.dumpState())
      assert.deepStrictEqual(first.cost, second.cost)
      // A seed that is ignored would give the same run.
      assert.notDeepEqual(first.program.dumpState(), other.program.dumpState())
      if (seedChanges === "trials") assert.notStrictEqual(JSON.stringify(first.trials), JSON.stringify(other.trials))
    })
  )
})

describe("what a run stopped before any full evaluation returns", () => {
  it.effect("LabeledFewShot: the labeled program it was evaluating, unscored", () =>
    Effect.gen(function* () {
      const unlimited = yield* compileToy(labeled)
      // Half the calls: the budget runs out inside the only evaluation.
      const limit = Math.floor(unlimited.result.cost.lmCalls / 2)
      const { result } = yield* compileToy(labeled, { budget: { maxLmCalls: limit } })
      assert.strictEqual(result.status, "budget_exhausted")
      assert.deepStrictEqual(result.trials, [])
      assert.isNull(result.score)
      assert.strictEqual(result.program.demos.length, 4)
      assert.isTrue(result.program.demos.every((demo) => !demo.augmented))
      // The same seeded sample as the unlimited run, not the zero-shot input.
      assert.deepStrictEqual(result.program.dumpState(), unlimited.result.program.dumpState())
    })
  )

  it.effect("BootstrapFewShot: the demos bootstrapped so far, topped up with labeled examples", () =>
    Effect.gen(function* () {
      let bootstrapCalls = -1
      const unlimited = yield* compileToy(bootstrap, {
        onProgress: (progress) => {
          if (progress.phase === "final" && bootstrapCalls === -1) bootstrapCalls = progress.lmCalls
        }
      })
      const complete = demoKeys(unlimited.result.program)
      assert.strictEqual(complete.length, 4)
      assert.isTrue(unlimited.result.program.demos.every((demo) => demo.augmented))
      assert.isAbove(bootstrapCalls, concurrency)

      // Stopped in the final evaluation: every demo was bootstrapped; the program is the unlimited run's.
      const late = yield* compileToy(bootstrap, { budget: { maxLmCalls: bootstrapCalls + 1 } })
      assert.strictEqual(late.result.status, "budget_exhausted")
      assert.deepStrictEqual(late.result.trials, [])
      assert.isNull(late.result.score)
      assert.deepStrictEqual(late.result.program.dumpState(), unlimited.result.program.dumpState())

      // Stopped after the first wave of `concurrency` teacher runs: the successes of that wave (the unlimited
      // run's first demos, in trainset order), then labeled examples up to maxLabeledDemos.
      const early = yield* compileToy(bootstrap, { budget: { maxLmCalls: concurrency } })
      assert.strictEqual(early.result.status, "budget_exhausted")
      assert.deepStrictEqual(early.result.trials, [])
      const demos = early.result.program.demos
      const augmented = demos.filter((demo) => demo.augmented).map((demo) => JSON.stringify(demo.toJSON()))
      assert.isAbove(augmented.length, 0)
      assert.isBelow(augmented.length, complete.length)
      assert.deepStrictEqual(augmented, complete.slice(0, augmented.length))
      assert.strictEqual(demos.length, 4)
      const trainKeys = new Set(trainset.map((example) => JSON.stringify(example.toJSON())))
      for (const demo of demos.filter((candidate) => !candidate.augmented)) {
        assert.isTrue(trainKeys.has(JSON.stringify(demo.toJSON())))
      }
    })
  )

  it.effect("SIMBA: the pool's best-averaging program (by minibatch score) when stopped mid-steps", () =>
    Effect.gen(function* () {
      const unlimited = yield* compileToy(simba)
      const { result } = yield* compileToy(simba, {
        budget: { maxLmCalls: Math.floor(unlimited.result.cost.lmCalls / 2) }
      })
      assert.strictEqual(result.status, "budget_exhausted")
      assert.isNull(result.score)
      const scoredSteps = result.trials.filter((trial) => trial.kind === "minibatch")
      assert.strictEqual(scoredSteps.length, result.trials.length)
      assert.isAbove(scoredSteps.length, 0)
      // Pool: the baseline (no batch scores, mean 0) and each candidate with its batch mean; first best wins.
      let best: Trial | undefined
      for (const trial of scoredSteps) if ((trial.score ?? 0) > (best?.score ?? 0)) best = trial
      assert.isDefined(best)
      const looks = (snapshot: { readonly instructions: unknown; readonly demos: unknown }) =>
        JSON.stringify([snapshot.instructions, snapshot.demos])
      const returned = looks(snapshotCandidate(result.program))
      assert.strictEqual(returned, looks(best?.candidate ?? snapshotCandidate(zoneProgram())))
      // That candidate is identifiable: neither the input program nor any lower-scoring candidate looks like it.
      assert.notStrictEqual(returned, looks(snapshotCandidate(zoneProgram())))
      for (const trial of scoredSteps.filter((candidate) => (candidate.score ?? 0) < (best?.score ?? 0))) {
        assert.notStrictEqual(looks(trial.candidate), returned)
      }
    })
  )

  it.effect("SIMBA stopped inside its final evaluations returns the best finished one, re-scored alike", () =>
    Effect.gen(function* () {
      const unlimited = yield* compileToy(simba)
      const trials = unlimited.result.trials
      const finals = trials.flatMap((trial, index) => (trial.label === "final" ? [index] : []))
      assert.isAtLeast(finals.length, 3)
      // One call into the last final evaluation.
      const lastFinal = finals[finals.length - 1] ?? 0
      const limit = (cumulativeLmCalls(trials)[lastFinal - 1] ?? 0) + 1
      const { result } = yield* compileToy(simba, { budget: { maxLmCalls: limit } })
      assert.strictEqual(result.status, "budget_exhausted")
      assert.deepStrictEqual(
        JSON.stringify(result.trials),
        JSON.stringify(trials.slice(0, lastFinal)),
        "the budgeted run matches the unlimited one up to the stop"
      )
      const finished = result.trials.filter((trial) => trial.kind === "full")
      assert.strictEqual(finished.length, finals.length - 1)
      const bestScore = Math.max(...finished.map((trial) => trial.score ?? 0))
      assert.strictEqual(result.score, bestScore)
      const bestTrial = result.trials[result.bestTrial ?? -1]
      assert.strictEqual(bestTrial?.label, "final")
      assert.strictEqual(bestTrial?.score, bestScore)
      // It is the first final trial with that score, its program is the one returned, and it re-scores alike.
      assert.strictEqual(
        result.bestTrial,
        result.trials.findIndex((trial) => trial.kind === "full" && trial.score === bestScore)
      )
      const returned = snapshotCandidate(result.program)
      assert.deepStrictEqual(returned.instructions, bestTrial?.candidate.instructions)
      assert.deepStrictEqual(returned.demos, bestTrial?.candidate.demos)
      assert.strictEqual(yield* rescore(result.program), result.score)
    })
  )
})

describe("other budget limits", () => {
  it.effect("a metric-call budget is never exceeded", () =>
    Effect.gen(function* () {
      const result = yield* new BootstrapFewShotWithRandomSearch({ numCandidatePrograms: 6 })
        .compile(zoneProgram(), { trainset, valset, metric: zoneMetric, budget: { maxMetricCalls: 70 } })
        .pipe(Effect.provide(toyLayer().layer))
      assert.strictEqual(result.status, "budget_exhausted")
      assert.strictEqual(result.stoppedBy, "metric_calls")
      assert.strictEqual(result.cost.metricCalls, 70)
    })
  )

  it.effect("token and USD budgets stop the run (in-flight calls may pass them)", () =>
    Effect.gen(function* () {
      const tokens = yield* new MIPROv2({ auto: "light" })
        .compile(zoneProgram(), { trainset, valset, metric: zoneMetric, concurrency: 1, budget: { maxTokens: 20_000 } })
        .pipe(Effect.provide(toyLayer().layer))
      assert.strictEqual(tokens.stoppedBy, "tokens")
      assert.isAtLeast(tokens.cost.totalTokens, 20_000)
      assert.isBelow(tokens.cost.totalTokens, 20_000 + 2_000)
      const usd = yield* new MIPROv2({ auto: "light" })
        .compile(zoneProgram(), {
          trainset,
          valset,
          metric: zoneMetric,
          concurrency: 1,
          budget: { maxUsd: 0.01 },
          prices: { scripted: { inputUsdPerMillion: 1, outputUsdPerMillion: 2 } }
        })
        .pipe(Effect.provide(toyLayer().layer))
      assert.strictEqual(usd.stoppedBy, "usd")
      assert.isAtLeast(usd.cost.usd, 0.01)
      // At concurrency 1 only the call that crossed the limit passes it: at most one call, ≤ 2,000 tokens at
      // ≤ $2 per million, as for the token budget above (which call crosses it depends on the seed's draws).
      assert.isBelow(usd.cost.usd, 0.01 + (2_000 * 2) / 1_000_000)
    })
  )
})
