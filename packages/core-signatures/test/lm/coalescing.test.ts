// Identical requests made while the first is still at the provider share its answer: one provider call,
// the others billed as cache hits. A leader that fails or is interrupted shares nothing: each follower
// then makes its own call.
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { LmRequestRejected } from "../../src/errors.ts"
import { Predict } from "../../src/modules/predict.ts"
import { EvaluateCreative, scriptedRun } from "../support/fixtures.ts"

const persona = {
  persona_profile: '{"age": 34, "segment": "bargain hunter"}',
  creative_content: "50% off all shoes this weekend",
  context: "email, Saturday morning"
}
const reaction = { outputs: { intent_delta: 0.4, emotional_response: "interested", rationale: "Likes deals." } }

describe("coalescing identical in-flight requests", () => {
  it.live("eight concurrent identical calls make one provider call; the rest are free hits", () => {
    const run = scriptedRun({ respond: () => reaction, latencyMs: 40 })
    const judge = new Predict(EvaluateCreative)
    return Effect.gen(function* () {
      const predictions = yield* Effect.forEach(Array.from({ length: 8 }), () => judge.run(persona), {
        concurrency: "unbounded"
      })
      assert.strictEqual(run.model.requests().length, 1)
      for (const prediction of predictions) assert.strictEqual(prediction.outputs.intent_delta, 0.4)
      assert.deepInclude(run.ledger.totals(), { calls: 1, cacheHits: 7 })
      const coalesced = run.ledger.history().filter((entry) => entry.cacheHit)
      assert.strictEqual(coalesced.length, 7)
      // A different request is not coalesced with them.
      yield* judge.run({ ...persona, context: "sms, Monday" })
      assert.strictEqual(run.model.requests().length, 2)
    }).pipe(run.provide)
  })

  it.live("a leader that fails shares nothing: each follower calls the provider itself", () => {
    let calls = 0
    const run = scriptedRun({
      respond: () => {
        calls++
        return calls === 1
          ? { error: new LmRequestRejected({ status: 400, code: undefined, detail: "first call refused" }) }
          : reaction
      },
      latencyMs: 40
    })
    const judge = new Predict(EvaluateCreative)
    return Effect.gen(function* () {
      const outcomes = yield* Effect.forEach(Array.from({ length: 4 }), () => Effect.result(judge.run(persona)), {
        concurrency: "unbounded"
      })
      assert.strictEqual(outcomes.filter((outcome) => outcome._tag === "Failure").length, 1)
      assert.strictEqual(outcomes.filter((outcome) => outcome._tag === "Success").length, 3)
      // The failed leader plus the three followers, each on its own (they arrived while the leader ran).
      assert.strictEqual(run.model.requests().length, 4)
    }).pipe(run.provide)
  })

  it.live("an interrupted leader releases its followers to make their own call", () => {
    const run = scriptedRun({ respond: () => reaction, latencyMs: 60 })
    const judge = new Predict(EvaluateCreative)
    return Effect.gen(function* () {
      const leader = yield* Effect.forkChild(judge.run(persona))
      yield* Effect.sleep("10 millis")
      const follower = yield* Effect.forkChild(judge.run(persona))
      yield* Effect.sleep("10 millis")
      yield* Fiber.interrupt(leader)
      const prediction = yield* Fiber.join(follower)
      assert.strictEqual(prediction.outputs.intent_delta, 0.4)
      assert.strictEqual(run.model.requests().length, 2)
    }).pipe(run.provide)
  })

  it.live("without a cache nothing is coalesced", () => {
    const run = scriptedRun({ respond: () => reaction, latencyMs: 20 }, {}, false)
    const judge = new Predict(EvaluateCreative)
    return Effect.gen(function* () {
      yield* Effect.forEach(Array.from({ length: 3 }), () => judge.run(persona), { concurrency: "unbounded" })
      assert.strictEqual(run.model.requests().length, 3)
    }).pipe(run.provide)
  })
})
