import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import { BudgetExceeded } from "../../src/errors.ts"
import { callLanguageModel } from "../../src/lm/call-language-model.ts"
import type { LmRequest } from "../../src/lm/types.ts"
import { priceOf, UsageLedger } from "../../src/lm/usage-ledger.ts"
import { scriptedRun } from "../support/fixtures.ts"

const request = (content: string, model = "gpt-4o-mini"): LmRequest => ({
  model,
  messages: [{ role: "user", content }],
  temperature: undefined,
  maxTokens: undefined,
  n: 1,
  seed: undefined,
  responseFormat: undefined,
  rolloutId: undefined
})

const usage = { promptTokens: 1_000, completionTokens: 500, totalTokens: 1_500 }

describe("priceOf", () => {
  const prices = { "gpt-4o-mini": { inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6 } }
  it("prices by exact name or by the longest prefix", () => {
    assert.closeTo(priceOf(prices, "gpt-4o-mini", usage) ?? Number.NaN, (1_000 * 0.15 + 500 * 0.6) / 1e6, 1e-15)
    assert.strictEqual(priceOf(prices, "gpt-4o-mini-2024-07-18", usage), priceOf(prices, "gpt-4o-mini", usage))
    assert.isUndefined(priceOf(prices, "claude", usage))
  })
})

describe("UsageLedger", () => {
  it("totals per run, per module and per model; cache hits are free", () => {
    const ledger = new UsageLedger({ prices: { m: { inputUsdPerMillion: 1, outputUsdPerMillion: 2 } } })
    assert.isTrue(Result.isSuccess(ledger.reserve()))
    ledger.settle("judge", "m", usage)
    assert.isTrue(Result.isSuccess(ledger.reserve()))
    ledger.settle("assess", "other", usage)
    ledger.cacheHit("judge", "m")
    const totals = ledger.totals()
    assert.deepInclude(totals, { calls: 2, cacheHits: 1, totalTokens: 3_000, unpricedCalls: 1 })
    assert.closeTo(totals.costUsd, 0.002, 1e-12)
    assert.deepInclude(ledger.byModule().get("judge") ?? {}, { calls: 1, cacheHits: 1 })
    assert.strictEqual(ledger.byModel().get("other")?.costUsd, 0)
  })

  it("refuses new calls once the call budget is claimed, counting calls in flight", () => {
    const ledger = new UsageLedger({ budget: { maxCalls: 2 } })
    assert.isTrue(Result.isSuccess(ledger.reserve()))
    assert.isTrue(Result.isSuccess(ledger.reserve()))
    const third = ledger.reserve()
    assert.isTrue(Result.isFailure(third))
    if (Result.isFailure(third)) assert.deepInclude(third.failure, { limit: "calls", max: 2, used: 2, inFlight: 2 })
  })

  it.live("under concurrency the call budget is never exceeded", () => {
    const run = scriptedRun({ respond: () => "ok", latencyMs: 5 }, { budget: { maxCalls: 7 } }, false)
    return Effect.gen(function* () {
      const results = yield* Effect.forEach(
        Array.from({ length: 30 }, (_, index) => index),
        (index) => Effect.result(callLanguageModel(request(`q${index}`), "m")),
        { concurrency: 16 }
      )
      const ok = results.filter(Result.isSuccess).length
      const refused = results.filter((result) => Result.isFailure(result) && result.failure instanceof BudgetExceeded)
      assert.strictEqual(ok, 7)
      assert.strictEqual(refused.length, 23)
      assert.strictEqual(run.model.requests().length, 7)
    }).pipe(run.provide)
  })

  it.live("token budget: overshoot is bounded by the calls in flight when the limit was reached", () => {
    // Each call costs (prompt 100 + completion 100) tokens; at most 4 run at once.
    const perCall = 200
    const concurrency = 4
    const run = scriptedRun(
      {
        respond: () => "answer",
        latencyMs: 2,
        usage: () => ({ promptTokens: 100, completionTokens: 100, totalTokens: perCall })
      },
      { budget: { maxTokens: 1_000 } },
      false
    )
    return Effect.gen(function* () {
      yield* Effect.forEach(
        Array.from({ length: 40 }, (_, index) => index),
        (index) => Effect.result(callLanguageModel(request(`t${index}`), "m")),
        { concurrency }
      )
      const spent = run.ledger.totals().totalTokens
      assert.isAtLeast(spent, 1_000)
      assert.isAtMost(spent, 1_000 + (concurrency - 1) * perCall)
    }).pipe(run.provide)
  })

  it.effect("records history entries with module path, usage, cost and cache hits", () => {
    const run = scriptedRun(
      { respond: () => "hello back" },
      { prices: { scripted: { inputUsdPerMillion: 1_000_000, outputUsdPerMillion: 0 } } }
    )
    return Effect.gen(function* () {
      yield* callLanguageModel(request("hello", "scripted"), "persona.judge")
      yield* callLanguageModel(request("hello", "scripted"), "persona.judge")
      const [first, second] = run.ledger.history()
      assert.deepInclude(first ?? {}, {
        modulePath: "persona.judge",
        cacheHit: false,
        model: "scripted",
        provider: "scripted"
      })
      assert.deepStrictEqual(first?.outputs, ["hello back"])
      assert.strictEqual(first?.costUsd, first?.usage.promptTokens)
      assert.deepInclude(second ?? {}, { cacheHit: true, costUsd: 0 })
      assert.include(run.ledger.inspectHistory(1), "cache hit")
    }).pipe(run.provide)
  })
})
