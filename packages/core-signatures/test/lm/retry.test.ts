import { assert, describe, it } from "@effect/vitest"
import { fnv1a32 as hashString32 } from "@preflight/numeric"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { type LmError, LmRateLimited, LmRequestRejected, LmServerError } from "../../src/errors.ts"
import {
  backoffDelayMs,
  defaultRetryPolicy,
  jitterStreamOf,
  type RetryPolicy,
  retryTransient
} from "../../src/lm/retry.ts"
import type { LmRequest } from "../../src/lm/types.ts"

const policy: RetryPolicy = { ...defaultRetryPolicy, maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1_000 }

const scripted = (errors: ReadonlyArray<LmError>) => {
  let calls = 0
  const effect = Effect.suspend(() => {
    const error = errors[calls++]
    return error === undefined ? Effect.succeed("ok") : Effect.fail(error)
  })
  return { effect, calls: () => calls }
}

describe("backoffDelayMs", () => {
  it("doubles, caps and jitters within [half, full] deterministically", () => {
    for (let retry = 1; retry <= 6; retry++) {
      const full = Math.min(1_000, 100 * 2 ** (retry - 1))
      const delay = backoffDelayMs(policy, retry, 7)
      assert.isAtLeast(delay, full / 2)
      assert.isAtMost(delay, full)
      assert.strictEqual(backoffDelayMs(policy, retry, 7), delay)
    }
    assert.notStrictEqual(backoffDelayMs(policy, 3, 7), backoffDelayMs({ ...policy, jitterSeed: 1 }, 3, 7))
  })
})

// A persona batch: same model, same system message, one user message each, so the same message count.
const system = { role: "system", content: "Evaluate how a persona responds to marketing creative." } as const
const personaRequest = (persona: number): LmRequest => ({
  model: "gpt-4o-mini",
  messages: [system, { role: "user", content: `[[ ## persona_profile ## ]]\n{"id": ${persona}}` }],
  temperature: 0,
  maxTokens: undefined,
  n: 1,
  seed: undefined,
  responseFormat: undefined,
  rolloutId: undefined
})

describe("jitterStreamOf", () => {
  it("spreads a batch of similar requests that the old model/message-count seed kept in lockstep", () => {
    const batch = Array.from({ length: 64 }, (_, persona) => personaRequest(persona))
    const firstDelays = new Set(batch.map((request) => backoffDelayMs(policy, 1, jitterStreamOf(request))))
    const oldSeed = (request: LmRequest) => hashString32(request.model) ^ request.messages.length
    const oldDelays = new Set(batch.map((request) => backoffDelayMs(policy, 1, oldSeed(request))))
    assert.strictEqual(oldDelays.size, 1)
    assert.isAtLeast(firstDelays.size, 60)
  })

  it("depends on the request's content and settings only, not on the object", () => {
    const stream = jitterStreamOf(personaRequest(1))
    assert.strictEqual(jitterStreamOf(personaRequest(1)), stream)
    assert.notStrictEqual(jitterStreamOf(personaRequest(2)), stream)
    assert.notStrictEqual(jitterStreamOf({ ...personaRequest(1), rolloutId: 1 }), stream)
    assert.notStrictEqual(jitterStreamOf({ ...personaRequest(1), responseFormat: { type: "json_object" } }), stream)
  })

  it.effect("two different requests retry after different delays, the same request after the same", () =>
    Effect.gen(function* () {
      const retryAt = (request: LmRequest) =>
        Effect.gen(function* () {
          const attempt = scripted([new LmServerError({ status: 503, attempts: 1, detail: "busy" })])
          const fiber = yield* Effect.forkChild(retryTransient(attempt.effect, policy, jitterStreamOf(request)))
          let waitedMs = 0
          while (attempt.calls() < 2) {
            yield* TestClock.adjust(1)
            waitedMs++
          }
          assert.strictEqual(yield* Fiber.join(fiber), "ok")
          return waitedMs
        })
      const first = yield* retryAt(personaRequest(1))
      const again = yield* retryAt(personaRequest(1))
      const other = yield* retryAt(personaRequest(2))
      assert.strictEqual(again, first)
      assert.notStrictEqual(other, first)
      assert.strictEqual(first, Math.ceil(backoffDelayMs(policy, 1, jitterStreamOf(personaRequest(1)))))
    })
  )
})

describe("retryTransient", () => {
  it.effect("retries 5xx with backoff and succeeds", () =>
    Effect.gen(function* () {
      const attempt = scripted([
        new LmServerError({ status: 500, attempts: 1, detail: "boom" }),
        new LmServerError({ status: 503, attempts: 1, detail: "boom" })
      ])
      const fiber = yield* Effect.forkChild(retryTransient(attempt.effect, policy, 1))
      yield* TestClock.adjust(backoffDelayMs(policy, 1, 1) - 1)
      assert.strictEqual(attempt.calls(), 1)
      yield* TestClock.adjust(1)
      assert.strictEqual(attempt.calls(), 2)
      yield* TestClock.adjust(backoffDelayMs(policy, 2, 1))
      assert.strictEqual(yield* Fiber.join(fiber), "ok")
      assert.strictEqual(attempt.calls(), 3)
    })
  )

  it.effect("honours Retry-After on 429 exactly", () =>
    Effect.gen(function* () {
      const attempt = scripted([new LmRateLimited({ status: 429, retryAfterMs: 5_000, attempts: 1, detail: "slow" })])
      const fiber = yield* Effect.forkChild(retryTransient(attempt.effect, policy, 1))
      yield* TestClock.adjust(4_999)
      assert.strictEqual(attempt.calls(), 1)
      yield* TestClock.adjust(1)
      assert.strictEqual(yield* Fiber.join(fiber), "ok")
    })
  )

  it.effect("gives up after maxRetries with the attempts counted", () =>
    Effect.gen(function* () {
      const attempt = scripted(
        Array.from({ length: 10 }, () => new LmServerError({ status: 500, attempts: 1, detail: "x" }))
      )
      const fiber = yield* Effect.forkChild(Effect.flip(retryTransient(attempt.effect, policy, 1)))
      yield* TestClock.adjust(60_000)
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "LmServerError")
      if (error._tag === "LmServerError") assert.strictEqual(error.attempts, 4)
      assert.strictEqual(attempt.calls(), 4)
    })
  )

  it.effect("never retries a 4xx that will not change", () =>
    Effect.gen(function* () {
      const attempt = scripted([new LmRequestRejected({ status: 401, code: undefined, detail: "bad key" })])
      const error = yield* Effect.flip(retryTransient(attempt.effect, policy, 1))
      assert.strictEqual(error._tag, "LmRequestRejected")
      assert.strictEqual(attempt.calls(), 1)
    })
  )

  it.effect("stops when Retry-After exceeds the policy's limit", () =>
    Effect.gen(function* () {
      const attempt = scripted([new LmRateLimited({ status: 429, retryAfterMs: 10_000_000, attempts: 1, detail: "" })])
      const error = yield* Effect.flip(retryTransient(attempt.effect, policy, 1))
      assert.strictEqual(error._tag, "LmRateLimited")
      assert.strictEqual(attempt.calls(), 1)
    })
  )
})
