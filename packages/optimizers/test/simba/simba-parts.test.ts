import { assert, describe, expect, it } from "@effect/vitest"
import { Example, type LmRequest } from "@preflight/core-signatures"
import { Effect } from "effect"
import type { ExampleOutcome } from "../../src/run/optimization-run.ts"
import { OptimizationRun } from "../../src/run/optimization-run.ts"
import { appendADemo, appendARule, type Rollout } from "../../src/simba/offer-feedback.ts"
import { finalCandidateIndices, percentile, rolloutBuckets, roundHalfEven, SIMBA } from "../../src/simba/simba.ts"
import { chatAnswer, finalInputs, firstOutputField } from "../support/chat-fields.ts"
import { respondToy, toyLayer, ZoneAndLabel, zoneData, zoneMetric, zoneProgram } from "../support/toy-task.ts"

describe("SIMBA helpers", () => {
  it("numpy's linear percentile", () => {
    expect(percentile([1, 2, 3, 4], 10)).toBeCloseTo(1.3, 12)
    expect(percentile([4, 1, 3, 2], 90)).toBeCloseTo(3.7, 12)
    expect(percentile([0, 0, 1], 50)).toBe(0)
    expect(percentile([], 50)).toBe(0)
  })

  it("Python's round (half to even) and the evenly spaced final candidates", () => {
    expect([0.5, 1.5, 2.5, 2.4, 2.6, 3.5].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3, 4])
    expect(finalCandidateIndices(9, 7)).toEqual([0, 1, 3, 4, 5, 7, 8])
    expect(finalCandidateIndices(4, 7)).toEqual([0, 1, 2, 3])
    expect(finalCandidateIndices(1, 7)).toEqual([0])
  })
})

const reading = Example.of({ reading: 37, zone: "east" }, { inputs: ["reading"] })

/** A score-only rollout, tagged (in `feedback`) by its model and example. */
const tagged = (model: number, example: number, score: number): Rollout => ({
  program: zoneProgram(),
  outcome: {
    example: reading,
    prediction: undefined,
    trace: [],
    score,
    feedback: `m${model}e${example}`,
    error: undefined
  }
})

describe("SIMBA buckets", () => {
  // Scores per example (rows) and model (columns); rollouts are model-major, as SIMBA runs them.
  const scores = [
    [1, 1, 0], // (1, 1, 1/3)
    [0.5, 0.5, 0.5], // (0, 0.5, 0)
    [0.5, 0, 0.5], // (0.5, 0.5, 1/6)
    [0, 1, 0], // (1, 1, 2/3)
    [1, 0.5, 0.5], // (0.5, 1, 1/3)
    [1, 1, 0] // the same key as example 0
  ]
  const rollouts = [0, 1, 2].flatMap((model) => scores.map((row, example) => tagged(model, example, row[model] ?? 0)))

  it("orders buckets by (max − min, max, max − mean), keeping example order on equal keys", () => {
    const buckets = rolloutBuckets(rollouts, scores.length)
    const exampleOf = (tag: string | undefined) => Number(tag?.split("e")[1])
    expect(buckets.map((bucket) => exampleOf(bucket.bucket[0]?.outcome.feedback))).toEqual([3, 0, 5, 4, 2, 1])
    expect(buckets[0]?.key[0]).toBe(1)
    expect(buckets[0]?.key[1]).toBe(1)
    expect(buckets[0]?.key[2]).toBeCloseTo(2 / 3, 12)
    expect(buckets[2]?.key).toEqual(buckets[1]?.key)
  })

  it("sorts each bucket best first, equal scores in model order", () => {
    const buckets = rolloutBuckets(rollouts, scores.length)
    const tags = (example: number) =>
      buckets
        .find((bucket) => bucket.bucket.some((rollout) => rollout.outcome.feedback === `m0e${example}`))
        ?.bucket.map((rollout) => rollout.outcome.feedback)
    expect(tags(0)).toEqual(["m0e0", "m1e0", "m2e0"])
    expect(tags(3)).toEqual(["m1e3", "m0e3", "m2e3"])
    expect(tags(4)).toEqual(["m0e4", "m1e4", "m2e4"])
    expect(tags(2)).toEqual(["m0e2", "m2e2", "m1e2"])
  })
})

/** A traced run of `program` on the example (the toy model answers "north"/"NORTH" zero-shot), rescored. */
const tracedRollout = (program: ZoneAndLabel, score: number) =>
  Effect.gen(function* () {
    const run = testRun()
    const outcome: ExampleOutcome = yield* run.runExample(program, reading)
    return { program, outcome: { ...outcome, score } } satisfies Rollout
  }).pipe(Effect.provide(toyLayer().layer))

const testRun = () =>
  new OptimizationRun({ optimizer: "SIMBA", seed: 0, options: { trainset: [], metric: () => 0 }, totalSteps: 1 })

describe("SIMBA append_a_demo", () => {
  it.effect("the best rollout's last step per predictor becomes an augmented demo of that predictor", () =>
    Effect.gen(function* () {
      const good = yield* tracedRollout(new ZoneAndLabel(), 1)
      const bad = yield* tracedRollout(new ZoneAndLabel(), 0)
      // A second classify step: the last step of a predictor is the one kept (DSPy overwrites by name).
      const [first] = good.outcome.trace
      if (first === undefined) return assert.fail("the traced run recorded no step")
      const lastClassify = { ...first, inputs: { reading: 91 }, outputs: { zone: "west" } }
      const bucket: Rollout[] = [
        { ...good, outcome: { ...good.outcome, trace: [...good.outcome.trace, lastClassify] } },
        bad
      ]
      const system = new ZoneAndLabel()
      const existing = Example.of({ reading: 5, zone: "north" }, { inputs: ["reading"] })
      system.classify.demos = [existing]
      const applied = appendADemo({ bucket, system, batch10thPercentile: 0.5, maxInputLength: 3 })
      assert.isTrue(applied)
      assert.strictEqual(system.classify.demos.length, 2)
      assert.strictEqual(system.classify.demos[0], existing)
      const classifyDemo = system.classify.demos[1]
      assert.deepStrictEqual(classifyDemo?.toJSON(), { reading: 91, zone: "west", augmented: true })
      assert.deepStrictEqual(classifyDemo?.inputs(), { reading: 91 })
      // String inputs longer than maxInputLength are truncated as DSPy does; numbers are kept.
      const labelDemo = system.label.demos[0]
      assert.strictEqual(system.label.demos.length, 1)
      assert.deepStrictEqual(labelDemo?.toJSON(), {
        zone: "nor\n\t\t... <TRUNCATED FOR BREVITY>",
        label: "NORTH",
        augmented: true
      })
      assert.deepStrictEqual(Object.keys(labelDemo?.inputs() ?? {}), ["zone"])
    })
  )

  it.effect("is skipped when the best score is at or below the batch's 10th percentile", () =>
    Effect.gen(function* () {
      const good = yield* tracedRollout(new ZoneAndLabel(), 0.25)
      for (const p10 of [0.25, 0.5]) {
        const system = new ZoneAndLabel()
        assert.isFalse(appendADemo({ bucket: [good], system, batch10thPercentile: p10, maxInputLength: 100 }))
        assert.strictEqual(system.classify.demos.length + system.label.demos.length, 0)
      }
      const system = new ZoneAndLabel()
      assert.isTrue(appendADemo({ bucket: [good], system, batch10thPercentile: 0.2, maxInputLength: 100 }))
      assert.isFalse(appendADemo({ bucket: [], system, batch10thPercentile: 0, maxInputLength: 100 }))
    })
  )
})

const ADVICE = "Readings from 20 to 44 are in zone east."

/** The toy model, except that OfferFeedback gets advice for `classify` and "N/A" for `label`. */
const adviceModel = (advice: Record<string, string> = { classify: ADVICE, label: "N/A" }) =>
  toyLayer({
    record: true,
    respond: (request: LmRequest) =>
      firstOutputField(request) === "discussion"
        ? chatAnswer({ discussion: "The worse run said north.", module_advice: JSON.stringify(advice) })
        : respondToy(request)
  })

const offerFeedbackRequests = (requests: ReadonlyArray<LmRequest>) =>
  requests.filter((request) => firstOutputField(request) === "discussion").map(finalInputs)

describe("SIMBA append_a_rule", () => {
  it.effect("asks OfferFeedback to compare the best and worst rollouts and appends each module's advice", () => {
    const { layer, model } = adviceModel()
    return Effect.gen(function* () {
      const good = yield* tracedRollout(new ZoneAndLabel(), 1)
      const bad = yield* tracedRollout(new ZoneAndLabel(), 0)
      const system = new ZoneAndLabel()
      const before = system.label.signature.instructions
      const run = testRun()
      const applied = yield* run.provide(
        appendARule(run, {
          bucket: [good, bad],
          system,
          batch10thPercentile: 0.2,
          batch90thPercentile: 0.8,
          promptModel: undefined
        })
      )
      assert.isTrue(applied)
      assert.strictEqual(
        system.classify.signature.instructions,
        `Classify the sensor reading into its zone.\n\n${ADVICE}`
      )
      // "N/A" advice is skipped (DSPy would append it).
      assert.strictEqual(system.label.signature.instructions, before)
      const [fields, ...others] = offerFeedbackRequests(model.requests())
      assert.strictEqual(others.length, 0)
      assert.include(fields?.program_inputs ?? "", '"reading": 37')
      assert.include(fields?.oracle_metadata ?? "", '"zone": "east"')
      assert.strictEqual(fields?.better_reward_value, "1")
      assert.strictEqual(fields?.worse_reward_value, "0")
      assert.include(fields?.better_program_trajectory ?? "", '"module_name": "classify"')
      assert.include(fields?.better_program_trajectory ?? "", '"module_name": "label"')
      assert.include(fields?.module_names ?? "", '"classify"')
      assert.include(fields?.module_names ?? "", '"label"')
    }).pipe(Effect.provide(layer))
  })

  it.effect("is skipped, with no model call, when the best is in the bottom 10% or the worst in the top 10%", () => {
    const { layer, model } = adviceModel()
    return Effect.gen(function* () {
      const run = testRun()
      const system = new ZoneAndLabel()
      for (const [goodScore, badScore] of [
        [0.2, 0], // best ≤ 10th percentile (0.2)
        [1, 0.8] // worst ≥ 90th percentile (0.8)
      ] as const) {
        const bucket = [
          yield* tracedRollout(new ZoneAndLabel(), goodScore),
          yield* tracedRollout(new ZoneAndLabel(), badScore)
        ]
        const applied = yield* run.provide(
          appendARule(run, {
            bucket,
            system,
            batch10thPercentile: 0.2,
            batch90thPercentile: 0.8,
            promptModel: undefined
          })
        )
        assert.isFalse(applied)
      }
      assert.strictEqual(offerFeedbackRequests(model.requests()).length, 0)
      assert.strictEqual(system.classify.signature.instructions, "Classify the sensor reading into its zone.")
    }).pipe(Effect.provide(layer))
  })

  it.effect("hides the better side when the best is no better than the worst (between the gates)", () => {
    const { layer, model } = adviceModel()
    return Effect.gen(function* () {
      const run = testRun()
      const bucket = [yield* tracedRollout(new ZoneAndLabel(), 0.5), yield* tracedRollout(new ZoneAndLabel(), 0.5)]
      yield* run.provide(
        appendARule(run, {
          bucket,
          system: new ZoneAndLabel(),
          batch10thPercentile: 0.2,
          batch90thPercentile: 0.8,
          promptModel: undefined
        })
      )
      const [fields] = offerFeedbackRequests(model.requests())
      assert.strictEqual(fields?.better_reward_value, "N/A")
      assert.include(fields?.better_program_outputs ?? "", "Prediction not available")
      assert.strictEqual(fields?.better_program_trajectory, "[]")
      assert.strictEqual(fields?.worse_reward_value, "0.5")
    }).pipe(Effect.provide(layer))
  })

  it.effect("returns false and changes nothing when every piece of advice is empty or N/A", () => {
    const { layer } = adviceModel({ classify: " ", label: "n/a" })
    return Effect.gen(function* () {
      const run = testRun()
      const system = new ZoneAndLabel()
      const bucket = [yield* tracedRollout(new ZoneAndLabel(), 1), yield* tracedRollout(new ZoneAndLabel(), 0)]
      const applied = yield* run.provide(
        appendARule(run, { bucket, system, batch10thPercentile: 0.2, batch90thPercentile: 0.8, promptModel: undefined })
      )
      assert.isFalse(applied)
      assert.strictEqual(system.classify.signature.instructions, "Classify the sensor reading into its zone.")
      assert.strictEqual(system.label.signature.instructions, "Name the zone in capitals.")
    }).pipe(Effect.provide(layer))
  })
})

describe("SIMBA demo dropping", () => {
  it.effect("with maxDemos 0 it still drops demos, as DSPy does with its fallback of 3", () => {
    const { trainset, valset } = zoneData()
    return Effect.gen(function* () {
      const program = zoneProgram()
      program.demos = trainset.slice(0, 4)
      const result = yield* new SIMBA({ bsize: 12, numCandidates: 4, maxSteps: 2, maxDemos: 0 }).compile(program, {
        trainset,
        valset,
        metric: zoneMetric
      })
      const candidates = result.trials.filter((trial) => trial.kind === "minibatch")
      assert.strictEqual(candidates.length, 8)
      for (const trial of candidates) {
        assert.strictEqual(trial.label, "append_a_rule")
        // Pool index 0 is the input program; pool index i > 0 is the candidate of trial i − 1.
        const source = Number(trial.candidate.params.sourceProgram)
        const sourceDemos = source === 0 ? 4 : (result.trials[source - 1]?.candidate.demos.self ?? -1)
        const demos = trial.candidate.demos.self ?? -1
        if (sourceDemos >= 3) assert.isBelow(demos, sourceDemos)
        else assert.isAtMost(demos, sourceDemos)
      }
      assert.strictEqual(program.demos.length, 4)
    }).pipe(Effect.provide(toyLayer().layer))
  })
})
