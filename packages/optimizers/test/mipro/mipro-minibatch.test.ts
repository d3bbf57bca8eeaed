// MIPROv2's minibatch path (DSPy `minibatch=True`): trials are scored on random minibatches of the valset,
// and every `minibatchFullEvalSteps` trials (and after the last) the best-averaging configuration not yet
// fully evaluated is scored on the whole valset; only full scores decide the returned program.
import { assert, describe, it } from "@effect/vitest"
import { evaluate, type Prediction } from "@preflight/core-signatures"
import { Effect } from "effect"
import { MIPROv2 } from "../../src/mipro/mipro-v2.ts"
import { snapshotCandidate } from "../../src/program-edit.ts"
import type { JsonValue, Trial } from "../../src/run/trial.ts"
import { toyLayer, zoneData, zoneMetric, zoneProgram } from "../support/toy-task.ts"

const { trainset, valset } = zoneData()
const MINIBATCH = 8
const FULL_EVAL_STEPS = 5
const TRIALS = 12

/** A trial's configuration (the TPE's parameter indices) as a key. */
const configKey = (params: Readonly<Record<string, JsonValue>>): string =>
  JSON.stringify(
    Object.entries(params)
      .filter(([name]) => name.endsWith("_predictor_instruction") || name.endsWith("_predictor_demos"))
      .sort(([left], [right]) => left.localeCompare(right))
  )

const mean = (values: ReadonlyArray<number>) => values.reduce((sum, value) => sum + value, 0) / values.length

describe("MIPROv2 with minibatches", () => {
  it.effect("scores trials on minibatches, fully evaluates the best-averaging configuration on schedule", () =>
    Effect.gen(function* () {
      const result = yield* new MIPROv2({
        auto: null,
        numCandidates: 4,
        numTrials: TRIALS,
        minibatch: true,
        minibatchSize: MINIBATCH,
        minibatchFullEvalSteps: FULL_EVAL_STEPS
      }).compile(zoneProgram(), { trainset, valset, metric: zoneMetric, seed: 6 })
      const trials = result.trials

      // Kinds and schedule: the default program in full, then tpe minibatch trials with a full evaluation after
      // the 5th, the 10th and the last (12th).
      const labels = trials.map((trial) => trial.label)
      const tpe = (count: number) => Array.from({ length: count }, () => "tpe")
      assert.deepStrictEqual(labels, [
        "default",
        ...tpe(5),
        "full-eval",
        ...tpe(5),
        "full-eval",
        ...tpe(2),
        "full-eval"
      ])
      for (const trial of trials) {
        if (trial.label === "tpe") {
          assert.strictEqual(trial.kind, "minibatch")
          assert.strictEqual(trial.examples, MINIBATCH)
        } else {
          assert.strictEqual(trial.kind, "full")
          assert.strictEqual(trial.examples, valset.length)
        }
      }

      // Each full evaluation re-scores the configuration of an earlier minibatch trial: the one with the best
      // mean minibatch score among configurations not yet fully evaluated (the first seen on ties).
      const minibatchScores = new Map<string, number[]>()
      const firstTrialOf = new Map<string, number>()
      const fullyEvaluated = new Set<string>([configKey(trials[0]?.candidate.params ?? {})])
      for (const [index, trial] of trials.entries()) {
        const key = configKey(trial.candidate.params)
        if (trial.label === "tpe") {
          minibatchScores.set(key, [...(minibatchScores.get(key) ?? []), trial.score ?? 0])
          if (!firstTrialOf.has(key)) firstTrialOf.set(key, index)
          continue
        }
        if (trial.label !== "full-eval") continue
        let expected: { key: string; mean: number } | undefined
        for (const [candidate, scores] of minibatchScores) {
          if (fullyEvaluated.has(candidate)) continue
          if (expected === undefined || mean(scores) > expected.mean) expected = { key: candidate, mean: mean(scores) }
        }
        assert.strictEqual(key, expected?.key)
        assert.strictEqual(trial.candidate.params.minibatchMean, expected?.mean)
        fullyEvaluated.add(key)
        const parent: Trial | undefined = trials[trial.parentTrial ?? -1]
        assert.strictEqual(trial.parentTrial, firstTrialOf.get(key))
        assert.strictEqual(parent?.label, "tpe")
        assert.strictEqual(configKey(parent?.candidate.params ?? {}), key)
        assert.deepStrictEqual(trial.candidate.instructions, parent?.candidate.instructions)
        assert.deepStrictEqual(trial.candidate.demos, parent?.candidate.demos)
      }

      // The result comes from a full trial: the best full score, which is the returned program's score on the
      // valset; minibatch scores (some higher) never decide it.
      const fullScores = trials.filter((trial) => trial.kind === "full").map((trial) => trial.score ?? 0)
      const best = trials[result.bestTrial ?? -1]
      assert.strictEqual(best?.kind, "full")
      assert.strictEqual(result.score, Math.max(...fullScores))
      assert.strictEqual(best?.score, result.score)
      const returned = snapshotCandidate(result.program)
      assert.deepStrictEqual(returned.instructions, best?.candidate.instructions)
      assert.deepStrictEqual(returned.demos, best?.candidate.demos)
      const bestMinibatch = Math.max(...trials.filter((trial) => trial.kind === "minibatch").map((t) => t.score ?? 0))
      assert.isAbove(bestMinibatch, result.score ?? 1)
      // With this seed the best full evaluation is not the last one.
      assert.isBelow(result.bestTrial ?? -1, trials.length - 1)
      const rescored = yield* evaluate(result.program, {
        devset: valset,
        metric: (example, prediction: Prediction) => zoneMetric(example, prediction).score
      }).pipe(Effect.provide(toyLayer().layer))
      assert.strictEqual(rescored.meanScore, result.score)
    }).pipe(Effect.provide(toyLayer().layer))
  )

  it.effect("a minibatch larger than the valset is rejected, naming the option", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        new MIPROv2({ auto: null, numCandidates: 2, numTrials: 2, minibatch: true, minibatchSize: 25 }).compile(
          zoneProgram(),
          { trainset, valset, metric: zoneMetric }
        )
      )
      assert.strictEqual(error._tag, "InvalidOptimizerInput")
      assert.strictEqual(error._tag === "InvalidOptimizerInput" ? error.field : "", "minibatchSize")
    }).pipe(Effect.provide(toyLayer().layer))
  )
})
