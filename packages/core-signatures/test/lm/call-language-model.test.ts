import { createHash } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { LmServerError } from "../../src/errors.ts"
import { callLanguageModel, LmSpanText } from "../../src/lm/call-language-model.ts"
import type { ChatMessage, LmRequest } from "../../src/lm/types.ts"
import { scriptedRun } from "../support/fixtures.ts"
import { captureSpans } from "../support/spans.ts"

const messages: ReadonlyArray<ChatMessage> = [
  { role: "system", content: "Answer briefly." },
  { role: "user", content: "Anna, 34, lives at 5 Elm Street. Does she like 50% off?" }
]

const request: LmRequest = {
  model: "scripted",
  messages,
  temperature: 0,
  maxTokens: undefined,
  n: 1,
  seed: undefined,
  responseFormat: undefined,
  rolloutId: undefined
}

// Computed here from the documented definition, not with the package's own helpers.
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex")
const expectedMessagesDigest = sha256(
  JSON.stringify(messages.map((message) => sha256(JSON.stringify({ content: message.content, role: message.role }))))
)

describe("callLanguageModel spans", () => {
  it.effect("carry latency on Effect's clock, tokens, cost and digests of messages and outputs, no text", () => {
    const captured = captureSpans()
    const run = scriptedRun(
      { respond: () => "She likes it.", latencyMs: 250 },
      { prices: { scripted: { inputUsdPerMillion: 1_000_000, outputUsdPerMillion: 0 } } }
    )
    return Effect.gen(function* () {
      const fiber = yield* Effect.forkChild(callLanguageModel(request, "judge"))
      yield* TestClock.adjust(250)
      const result = yield* Fiber.join(fiber)
      assert.strictEqual(result.latencyMs, 250)
      const [span] = captured.named("LanguageModel.call")
      const [entry] = run.ledger.history()
      assert.isDefined(span)
      assert.isDefined(entry)
      assert.strictEqual(entry.latencyMs, 250)
      assert.strictEqual(entry.startedAtMs, 0)
      assert.deepInclude(Object.fromEntries(span.attributes), {
        "lm.model": "scripted",
        "lm.response_model": "scripted",
        "lm.module_path": "judge",
        "lm.cache_hit": false,
        "lm.latency_ms": 250,
        "lm.prompt_tokens": entry.usage.promptTokens,
        "lm.completion_tokens": entry.usage.completionTokens,
        "lm.total_tokens": entry.usage.totalTokens,
        "lm.cost_usd": entry.usage.promptTokens,
        "lm.message_count": 2,
        "lm.messages_sha256": expectedMessagesDigest,
        "lm.outputs_sha256": sha256(JSON.stringify(["She likes it."])),
        "lm.output_chars": "She likes it.".length
      })
      assert.isAbove(entry.usage.promptTokens, 0)
      assert.isFalse(span.attributes.has("lm.messages"))
      assert.isFalse(span.attributes.has("lm.outputs"))
      for (const value of span.attributes.values()) assert.notInclude(String(value), "Elm Street")
    }).pipe(run.provide, captured.provide)
  })

  it.effect("a cache hit's span has the same digests, zero tokens and cache_hit true", () => {
    const captured = captureSpans()
    const run = scriptedRun({ respond: () => "She likes it." })
    return Effect.gen(function* () {
      yield* callLanguageModel(request, "judge")
      const second = yield* callLanguageModel(
        { ...request, messages: messages.map((message) => ({ ...message })) },
        "judge"
      )
      assert.isTrue(second.cacheHit)
      const [miss, hit] = captured.named("LanguageModel.call")
      assert.isDefined(miss)
      assert.isDefined(hit)
      assert.deepInclude(Object.fromEntries(hit.attributes), {
        "lm.cache_hit": true,
        "lm.prompt_tokens": 0,
        "lm.completion_tokens": 0,
        "lm.cost_usd": 0,
        "lm.messages_sha256": miss.attributes.get("lm.messages_sha256"),
        "lm.outputs_sha256": miss.attributes.get("lm.outputs_sha256"),
        "lm.output_chars": miss.attributes.get("lm.output_chars")
      })
    }).pipe(run.provide, captured.provide)
  })

  it.effect("LmSpanText adds the full messages and outputs", () => {
    const captured = captureSpans()
    const run = scriptedRun({ respond: () => "She likes it." })
    return Effect.gen(function* () {
      yield* callLanguageModel(request, "judge").pipe(Effect.provideService(LmSpanText, true))
      const [span] = captured.named("LanguageModel.call")
      assert.isDefined(span)
      assert.strictEqual(span.attributes.get("lm.messages"), JSON.stringify(messages))
      assert.strictEqual(span.attributes.get("lm.outputs"), JSON.stringify(["She likes it."]))
    }).pipe(run.provide, captured.provide)
  })

  it.effect("a failed call's span records its latency and messages digest and ends with the failure", () => {
    const captured = captureSpans()
    const run = scriptedRun({ answers: [{ error: new LmServerError({ status: 503, attempts: 1, detail: "busy" }) }] })
    return Effect.gen(function* () {
      const error = yield* Effect.flip(callLanguageModel(request, "judge"))
      assert.strictEqual(error._tag, "LmServerError")
      const [span] = captured.named("LanguageModel.call")
      assert.isDefined(span)
      assert.deepInclude(Object.fromEntries(span.attributes), {
        "lm.cache_hit": false,
        "lm.latency_ms": 0,
        "lm.messages_sha256": expectedMessagesDigest
      })
      assert.isTrue(span.status._tag === "Ended" && Exit.isFailure(span.status.exit))
    }).pipe(run.provide, captured.provide)
  })
})
