import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import { BudgetExceeded, UnpricedModel } from "../../src/errors.ts"
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
    assert.isTrue(Result.isSuccess(ledger.reserve("m")))
    ledger.settle("judge", "m", usage)
    assert.isTrue(Result.isSuccess(ledger.reserve("other")))
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
    assert.isTrue(Result.isSuccess(ledger.reserve("m")))
    assert.isTrue(Result.isSuccess(ledger.reserve("m")))
    const third = ledger.reserve("m")
    assert.isTrue(Result.isFailure(third))
    if (Result.isFailure(third)) assert.deepInclude(third.failure, { limit: "calls", max: 2, used: 2, inFlight: 2 })
  })

  it("a USD budget refuses a model without a price instead of counting it as $0", () => {
    const ledger = new UsageLedger({
      prices: { "gpt-4o-mini": { inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6 } },
      budget: { maxUsd: 4 }
    })
    const refused = ledger.reserve("claude-sonnet")
    assert.isTrue(Result.isFailure(refused))
    if (Result.isFailure(refused)) {
      assert.instanceOf(refused.failure, UnpricedModel)
      assert.deepInclude(refused.failure, { _tag: "UnpricedModel", model: "claude-sonnet", maxUsd: 4 })
      assert.include(refused.failure.message, "claude-sonnet")
    }
    assert.strictEqual(ledger.inFlight, 0)
    assert.isTrue(Result.isSuccess(ledger.reserve("gpt-4o-mini-2024-07-18")))
  })

  it("without a USD limit, unpriced models run under call and token limits and count as unpriced", () => {
    const ledger = new UsageLedger({ budget: { maxCalls: 5, maxTokens: 10_000 } })
    assert.isTrue(Result.isSuccess(ledger.reserve("local-llama")))
    assert.strictEqual(ledger.settle("", "local-llama", usage), 0)
    assert.deepInclude(ledger.totals(), { calls: 1, totalTokens: 1_500, costUsd: 0, unpricedCalls: 1 })
  })

  it("prices a call by the requested model when the answering model has no price", () => {
    const ledger = new UsageLedger({
      prices: { "prod-mini": { inputUsdPerMillion: 1, outputUsdPerMillion: 2 } },
      budget: { maxUsd: 1 }
    })
    assert.isTrue(Result.isSuccess(ledger.reserve("prod-mini")))
    const cost = ledger.settle("", "gpt-4o-mini-2024-07-18", usage, "prod-mini")
    assert.closeTo(cost, 0.002, 1e-12)
    assert.deepInclude(ledger.totals(), { unpricedCalls: 0 })
    assert.closeTo(ledger.totals().costUsd, 0.002, 1e-12)
  })

  it.effect("callLanguageModel: an unpriced model under maxUsd fails before reaching the provider", () => {
    const run = scriptedRun({ respond: () => "ok" }, { budget: { maxUsd: 4 } })
    return Effect.gen(function* () {
      const error = yield* Effect.flip(callLanguageModel(request("hello", "scripted"), "judge"))
      assert.instanceOf(error, UnpricedModel)
      assert.deepInclude(error, { model: "scripted", maxUsd: 4 })
      assert.strictEqual(run.model.requests().length, 0)
      assert.deepInclude(run.ledger.totals(), { calls: 0, failures: 0 })
    }).pipe(run.provide)
  })

  it.effect("callLanguageModel: unpriced models still run without a USD limit", () => {
    const run = scriptedRun({ respond: () => "ok" }, { budget: { maxCalls: 3, maxTokens: 1_000 } })
    return Effect.gen(function* () {
      const result = yield* callLanguageModel(request("hello", "scripted"), "judge")
      assert.deepStrictEqual(result.completion.outputs, ["ok"])
      assert.deepInclude(run.ledger.totals(), { calls: 1, unpricedCalls: 1, costUsd: 0 })
    }).pipe(run.provide)
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
