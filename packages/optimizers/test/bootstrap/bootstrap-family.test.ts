import { assert, describe, it } from "@effect/vitest"
import type { Example, Prediction } from "@preflight/core-signatures"
import { Effect } from "effect"
import { BootstrapFewShot } from "../../src/bootstrap/bootstrap-few-shot.ts"
import { BootstrapFewShotWithRandomSearch } from "../../src/bootstrap/random-search.ts"
import { LabeledFewShot } from "../../src/labeled-few-shot.ts"
import { heldOutScore } from "../support/held-out.ts"
import { toyLayer, ZoneAndLabel, zoneData, zoneMetric, zoneProgram } from "../support/toy-task.ts"

const { trainset, valset, testset } = zoneData()

describe("LabeledFewShot", () => {
  it.effect("gives every predictor k sampled training examples and scores them", () => {
    const { layer, model } = toyLayer()
    return Effect.gen(function* () {
      const result = yield* new LabeledFewShot({ k: 6 }).compile(zoneProgram(), {
        trainset,
        valset,
        metric: zoneMetric
      })
      const demos = result.program.demos
      assert.strictEqual(demos.length, 6)
      for (const demo of demos) assert.isTrue(trainset.includes(demo))
      assert.strictEqual(result.trials.length, 1)
      // One call per validation example; repeated readings are cache hits.
      assert.strictEqual(result.cost.lmCalls + result.cost.cacheHits, valset.length)
      assert.strictEqual(model.calls(), result.cost.lmCalls)
      assert.isAbove(result.score ?? 0, 0.5)
    }).pipe(Effect.provide(layer))
  })
})

describe("BootstrapFewShot", () => {
  it.effect("keeps the teacher's successful traces as augmented demos, then labeled ones", () => {
    const { layer } = toyLayer()
    return Effect.gen(function* () {
      const result = yield* new BootstrapFewShot({ maxBootstrappedDemos: 3, maxLabeledDemos: 5 }).compile(
        zoneProgram(),
        {
          trainset,
          valset,
          metric: zoneMetric
        }
      )
      const demos = result.program.demos
      assert.strictEqual(demos.length, 5)
      assert.deepStrictEqual(
        demos.map((demo) => demo.augmented),
        [true, true, true, false, false]
      )
      // Augmented demos hold the teacher's inputs and outputs, which the metric accepted.
      for (const demo of demos.slice(0, 3)) {
        const original = trainset.find((example) => example.get("reading") === demo.get("reading"))
        assert.strictEqual(demo.get("zone"), original?.get("zone"))
        assert.deepStrictEqual(demo.inputKeys, ["reading"])
      }
    }).pipe(Effect.provide(layer))
  })

  it.effect("places each predictor's demos by name in a two-predictor program", () => {
    const { layer } = toyLayer()
    const metric = (example: Example, prediction: Prediction) =>
      prediction.outputs.label === String(example.get("zone" as never)).toUpperCase()
    return Effect.gen(function* () {
      const result = yield* new BootstrapFewShot({ maxBootstrappedDemos: 2, maxLabeledDemos: 2 }).compile(
        new ZoneAndLabel(),
        {
          trainset,
          metric
        }
      )
      const classifyDemos = result.program.classify.demos
      const labelDemos = result.program.label.demos
      assert.strictEqual(classifyDemos.length, 2)
      assert.strictEqual(labelDemos.length, 2)
      assert.deepStrictEqual(Object.keys(classifyDemos[0]?.values ?? {}).sort(), ["reading", "zone"])
      assert.deepStrictEqual(Object.keys(labelDemos[0]?.values ?? {}).sort(), ["label", "zone"])
      assert.strictEqual(labelDemos[0]?.get("label"), String(labelDemos[0]?.get("zone")).toUpperCase())
    }).pipe(Effect.provide(layer))
  })

  it.effect("uses distinct rollout ids at temperature 1 for rounds after the first", () => {
    const { layer, model } = toyLayer({ record: true })
    // A metric no run satisfies: every example gets all three rounds.
    const never = () => 0
    return Effect.gen(function* () {
      const result = yield* new BootstrapFewShot({ maxBootstrappedDemos: 2, maxLabeledDemos: 4, maxRounds: 3 }).compile(
        zoneProgram(),
        { trainset: trainset.slice(0, 4), metric: never, concurrency: 1 }
      )
      // 4 examples × 3 rounds, then the final evaluation on the 4 examples.
      assert.strictEqual(result.cost.metricCalls, 4 * 3 + 4)
      assert.strictEqual(result.program.demos.filter((demo) => demo.augmented).length, 0)
      const rounds = model
        .requests()
        .slice(0, 12)
        .map((request) => [request.rolloutId ?? null, request.temperature ?? null])
      assert.deepStrictEqual(rounds.slice(0, 3), [
        [null, null],
        [1, 1],
        [2, 1]
      ])
    }).pipe(Effect.provide(layer))
  })

  it.effect("keeps only runs at or above the metric threshold", () =>
    Effect.gen(function* () {
      const half = (example: Example, prediction: Prediction) => (zoneMetric(example, prediction).score === 1 ? 0.5 : 0)
      const compile = (metricThreshold: number) =>
        new BootstrapFewShot({ maxBootstrappedDemos: 3, maxLabeledDemos: 3, metricThreshold })
          .compile(zoneProgram(), { trainset, metric: half })
          .pipe(Effect.provide(toyLayer().layer))
      const strict = yield* compile(0.9)
      const lenient = yield* compile(0.5)
      assert.strictEqual(strict.program.demos.filter((demo) => demo.augmented).length, 0)
      assert.strictEqual(lenient.program.demos.filter((demo) => demo.augmented).length, 3)
    })
  )

  it.effect("bootstraps from a given teacher; without one, from the (labeled) student", () =>
    Effect.gen(function* () {
      // A teacher that knows every training reading through its instructions.
      const teacher = zoneProgram()
      teacher.setInstructions(
        trainset.map((example) => `reading ${example.get("reading")} is in zone ${example.get("zone")}`).join("; ")
      )
      const settings = { maxBootstrappedDemos: 4, maxLabeledDemos: 0 }
      const taught = yield* new BootstrapFewShot(settings)
        .compile(zoneProgram(), { trainset, metric: zoneMetric, teacher })
        .pipe(Effect.provide(toyLayer().layer))
      const alone = yield* new BootstrapFewShot(settings)
        .compile(zoneProgram(), { trainset, metric: zoneMetric })
        .pipe(Effect.provide(toyLayer().layer))
      // The taught demos are the first four training examples, all correct; alone, only "north" runs pass.
      assert.deepStrictEqual(
        taught.program.demos.map((demo) => demo.get("reading")),
        trainset.slice(0, 4).map((example) => example.get("reading"))
      )
      assert.deepStrictEqual([...new Set(alone.program.demos.map((demo) => demo.get("zone")))], ["north"])
      // The student keeps its own instructions.
      assert.strictEqual(taught.program.signature.instructions, zoneProgram().signature.instructions)
    })
  )

  it.effect("random search stops at stopAtScore", () =>
    Effect.gen(function* () {
      const result = yield* new BootstrapFewShotWithRandomSearch({ numCandidatePrograms: 16, stopAtScore: 0.3 })
        .compile(zoneProgram(), { trainset, valset, metric: zoneMetric })
        .pipe(Effect.provide(toyLayer().layer))
      const last = result.trials[result.trials.length - 1]
      assert.isAtLeast(last?.score ?? 0, 0.3)
      assert.isBelow(result.trials.length, 19)
      assert.isTrue(result.trials.slice(0, -1).every((trial) => (trial.score ?? 0) < 0.3))
    })
  )

  it.effect("gives the same demos at any concurrency", () =>
    Effect.gen(function* () {
      const demosAt = (concurrency: number) => {
        const { layer } = toyLayer()
        return new BootstrapFewShot({ maxBootstrappedDemos: 4, maxLabeledDemos: 8 })
          .compile(zoneProgram(), { trainset, valset, metric: zoneMetric, concurrency, seed: 5 })
          .pipe(
            Effect.map((result) => result.program.demos.map((demo) => JSON.stringify(demo.toJSON()))),
            Effect.provide(layer)
          )
      }
      assert.deepStrictEqual(yield* demosAt(1), yield* demosAt(8))
    })
  )
})

describe("toy task: bootstrap family against zero-shot", () => {
  it.effect("every optimizer beats zero-shot on the held-out set and random search ≥ bootstrap", () => {
    const { layer } = toyLayer()
    return Effect.gen(function* () {
      const zeroShot = yield* heldOutScore(zoneProgram(), testset)
      const labeled = yield* new LabeledFewShot({ k: 4 }).compile(zoneProgram(), {
        trainset,
        valset,
        metric: zoneMetric
      })
      const bootstrap = yield* new BootstrapFewShot({ maxBootstrappedDemos: 4, maxLabeledDemos: 4 }).compile(
        zoneProgram(),
        {
          trainset,
          valset,
          metric: zoneMetric
        }
      )
      const search = yield* new BootstrapFewShotWithRandomSearch({
        maxBootstrappedDemos: 4,
        maxLabeledDemos: 4,
        numCandidatePrograms: 8
      }).compile(zoneProgram(), { trainset, valset, metric: zoneMetric })
      const scores = {
        zeroShot,
        labeled: yield* heldOutScore(labeled.program, testset),
        bootstrap: yield* heldOutScore(bootstrap.program, testset),
        search: yield* heldOutScore(search.program, testset)
      }
      assert.isBelow(scores.zeroShot, 0.35)
      assert.isAbove(scores.labeled, scores.zeroShot + 0.2)
      assert.isAbove(scores.bootstrap, scores.zeroShot + 0.2)
      assert.isAtLeast(scores.search, scores.bootstrap)
      // Random search tried the three fixed candidates and 8 shuffled ones, and returned the best of them.
      assert.deepStrictEqual(
        search.trials.slice(0, 3).map((trial) => trial.label),
        ["zero-shot", "labeled", "bootstrap"]
      )
      assert.strictEqual(search.trials.length, 11)
      const best = Math.max(...search.trials.map((trial) => trial.score ?? 0))
      assert.strictEqual(search.score, best)
      // The unshuffled candidate is exactly plain BootstrapFewShot with the same seed.
      assert.strictEqual(search.trials[2]?.score, bootstrap.score)
      console.log("toy held-out scores (bootstrap family)", scores)
    }).pipe(Effect.provide(layer))
  })
})
