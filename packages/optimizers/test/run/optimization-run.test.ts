import { assert, describe, it } from "@effect/vitest"
import { Example, type LanguageModel, type Prediction, TooManyErrors } from "@preflight/core-signatures"
import { Effect } from "effect"
import { BootstrapFewShotWithRandomSearch } from "../../src/bootstrap/random-search.ts"
import { InvalidOptimizerInput, OptimizationLogFailed } from "../../src/errors.ts"
import { GEPA } from "../../src/gepa/gepa.ts"
import { LabeledFewShot } from "../../src/labeled-few-shot.ts"
import { MIPROv2 } from "../../src/mipro/mipro-v2.ts"
import type { OptimizationProgress, ScoredExample } from "../../src/run/compile-options.ts"
import { makeInMemoryOptimizationLog } from "../../src/run/optimization-log.ts"
import { SIMBA } from "../../src/simba/simba.ts"
import { toyLayer, zoneData, zoneMetric, zoneProgram } from "../support/toy-task.ts"

const { trainset, valset } = zoneData()

describe("progress, trial log and the input program", () => {
  it.effect("progress events suit a progress bar and the in-memory log holds the run", () => {
    const events: OptimizationProgress[] = []
    const log = makeInMemoryOptimizationLog()
    const program = zoneProgram()
    const before = JSON.stringify(program.dumpState())
    return Effect.gen(function* () {
      const result = yield* new BootstrapFewShotWithRandomSearch({ numCandidatePrograms: 4 }).compile(program, {
        trainset,
        valset,
        metric: zoneMetric,
        onProgress: (event) => events.push(event),
        log,
        programId: "zones"
      })
      assert.isAbove(events.length, result.trials.length)
      for (let index = 1; index < events.length; index++) {
        assert.isAtLeast(events[index]?.fraction ?? 0, events[index - 1]?.fraction ?? 0)
        assert.isAtLeast(events[index]?.step ?? 0, events[index - 1]?.step ?? 0)
        assert.isAtLeast(events[index]?.lmCalls ?? 0, events[index - 1]?.lmCalls ?? 0)
      }
      const last = events[events.length - 1]
      assert.strictEqual(last?.phase, "done")
      assert.strictEqual(last?.fraction, 1)
      assert.strictEqual(last?.step, 7)
      assert.strictEqual(last?.totalSteps, 7)
      assert.strictEqual(last?.bestScore, result.score)

      const [recorded] = log.runs()
      assert.strictEqual(recorded?.runId, result.runId)
      assert.strictEqual(recorded?.start.optimizer, "BootstrapFewShotWithRandomSearch")
      assert.strictEqual(recorded?.start.programId, "zones")
      assert.strictEqual(recorded?.start.config.numCandidatePrograms, 4)
      assert.deepStrictEqual(recorded?.trials, [...result.trials])
      assert.strictEqual(recorded?.outcome?.status, "completed")
      assert.strictEqual(recorded?.outcome?.bestScore, result.score)
      assert.deepStrictEqual(recorded?.outcome?.bestState, result.program.dumpState())
      // Each trial's cost covers what was spent since the previous one, so they add up to the run's cost.
      assert.strictEqual(
        result.trials.reduce((sum, trial) => sum + trial.cost.lmCalls, 0),
        result.cost.lmCalls
      )
      // The input program is untouched; the result is a new program.
      assert.strictEqual(JSON.stringify(program.dumpState()), before)
      assert.notStrictEqual(result.program, program)
    }).pipe(Effect.provide(toyLayer().layer))
  })

  it.effect("a failing log fails the run with OptimizationLogFailed", () =>
    Effect.gen(function* () {
      const log = makeInMemoryOptimizationLog()
      const failing = { ...log, recordTrial: () => Effect.fail("disk full") }
      const error = yield* Effect.flip(
        new LabeledFewShot({ k: 2 }).compile(zoneProgram(), { trainset, valset, metric: zoneMetric, log: failing })
      )
      assert.instanceOf(error, OptimizationLogFailed)
      assert.strictEqual(error.operation, "recordTrial")
    }).pipe(Effect.provide(toyLayer().layer))
  )
})

describe("failures", () => {
  it.effect("a throwing metric scores the failure score; past maxErrors the run fails with TooManyErrors", () =>
    Effect.gen(function* () {
      const flaky = (example: Example) => {
        if ((example.get("reading" as never) as number) % 2 === 0) throw new Error("metric bug")
        return 1
      }
      const tolerated = yield* new LabeledFewShot({ k: 2 }).compile(zoneProgram(), {
        trainset,
        valset,
        metric: flaky,
        failureScore: 0,
        maxErrors: Number.POSITIVE_INFINITY
      })
      const odd = valset.filter((example) => (example.get("reading" as never) as number) % 2 === 1).length
      assert.strictEqual(tolerated.score, odd / valset.length)
      const error = yield* Effect.flip(
        new LabeledFewShot({ k: 2 }).compile(zoneProgram(), { trainset, valset, metric: flaky, maxErrors: 2 })
      )
      assert.instanceOf(error, TooManyErrors)
    }).pipe(Effect.provide(toyLayer().layer))
  )

  it.effect("bad options and data are refused up front, naming the field", () =>
    Effect.gen(function* () {
      const field = (effect: Effect.Effect<unknown, unknown, never>) =>
        Effect.map(Effect.flip(effect), (error) => {
          assert.instanceOf(error, InvalidOptimizerInput)
          return (error as InvalidOptimizerInput).field
        })
      const noInputs = [...trainset.slice(0, 2), Example.of({ reading: 3, zone: "north" })]
      const withModel = <A, E>(effect: Effect.Effect<A, E, LanguageModel>) =>
        effect.pipe(Effect.provide(toyLayer().layer))
      assert.strictEqual(
        yield* field(
          withModel(new LabeledFewShot().compile(zoneProgram(), { trainset: noInputs, metric: zoneMetric }))
        ),
        "trainset[2]"
      )
      assert.strictEqual(
        yield* field(
          withModel(new LabeledFewShot().compile(zoneProgram(), { trainset, metric: zoneMetric, concurrency: 0 }))
        ),
        "concurrency"
      )
      assert.strictEqual(
        yield* field(
          withModel(
            new LabeledFewShot().compile(zoneProgram(), { trainset, metric: zoneMetric, budget: { maxLmCalls: -1 } })
          )
        ),
        "budget.maxLmCalls"
      )
      assert.strictEqual(
        yield* field(withModel(new GEPA().compile(zoneProgram(), { trainset, metric: zoneMetric }))),
        "budget"
      )
      assert.strictEqual(
        yield* field(
          withModel(new MIPROv2({ numTrials: 5 }).compile(zoneProgram(), { trainset, valset, metric: zoneMetric }))
        ),
        "auto"
      )
      assert.strictEqual(
        yield* field(
          withModel(new MIPROv2({ auto: null }).compile(zoneProgram(), { trainset, valset, metric: zoneMetric }))
        ),
        "numCandidates"
      )
      assert.strictEqual(
        yield* field(
          withModel(
            new MIPROv2({ auto: null, numCandidates: 3, numTrials: 3, minibatch: true, minibatchSize: 40 }).compile(
              zoneProgram(),
              {
                trainset,
                valset,
                metric: zoneMetric
              }
            )
          )
        ),
        "minibatchSize"
      )
      assert.strictEqual(
        yield* field(withModel(new SIMBA().compile(zoneProgram(), { trainset, metric: zoneMetric }))),
        "trainset"
      )
      assert.strictEqual(
        yield* field(
          withModel(
            new BootstrapFewShotWithRandomSearch({ maxRounds: 0 }).compile(zoneProgram(), {
              trainset,
              metric: zoneMetric
            })
          )
        ),
        "maxRounds"
      )
    })
  )
})

describe("set-level scores", () => {
  it.effect("an aggregate over the outcomes scores candidates instead of the mean", () =>
    Effect.gen(function* () {
      // Share of the zones present in the set that the candidate gets right at least once: a score that only
      // exists over a set, like the seeds' ranking and moment metrics.
      const zonesCovered = (outcomes: ReadonlyArray<ScoredExample<Prediction>>) => {
        const present = new Set(outcomes.map((outcome) => String(outcome.example.get("zone" as never))))
        const hit = new Set(
          outcomes
            .filter((outcome) => outcome.score === 1)
            .map((outcome) => String(outcome.example.get("zone" as never)))
        )
        return hit.size / present.size
      }
      const result = yield* new BootstrapFewShotWithRandomSearch({ numCandidatePrograms: 4 }).compile(zoneProgram(), {
        trainset,
        valset,
        metric: zoneMetric,
        aggregate: zonesCovered
      })
      // Zero-shot answers "north" only: one zone of the four present.
      assert.strictEqual(
        result.trials[0]?.score,
        1 / new Set(valset.map((example) => example.get("zone" as never))).size
      )
      for (const trial of result.trials) assert.include([0, 0.25, 0.5, 0.75, 1], trial.score ?? -1)
      assert.strictEqual(result.score, Math.max(...result.trials.map((trial) => trial.score ?? 0)))
    }).pipe(Effect.provide(toyLayer().layer))
  )
})
