// Contract test of the OpenAI layer: an OpenAI-compatible HTTP server on 127.0.0.1 (node:http) driven
// through the real `openai` SDK — success, structured outputs, 429 + Retry-After, 5xx until retries run
// out, timeouts, connection errors, non-retryable 4xx, and malformed content through Predict.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { assert, describe, it } from "@effect/vitest"
import { Clock, ConfigProvider, Duration, Effect, Layer } from "effect"
import { afterAll, beforeAll, beforeEach } from "vitest"
import { OutputParseError } from "../../src/errors.ts"
import { LanguageModel } from "../../src/lm/language-model.ts"
import { OpenAiLanguageModel, type OpenAiOptions } from "../../src/lm/openai-language-model.ts"
import { backoffDelayMs, defaultRetryPolicy, jitterStreamOf } from "../../src/lm/retry.ts"
import { resolveRequest } from "../../src/lm/settings.ts"
import type { LmRequest } from "../../src/lm/types.ts"
import { UsageLedger } from "../../src/lm/usage-ledger.ts"
import { Predict } from "../../src/modules/predict.ts"
import { EvaluateCreative } from "../support/fixtures.ts"

interface Received {
  readonly body: Record<string, unknown>
  readonly authorization: string | undefined
}

type Handler = (body: Record<string, unknown>, response: ServerResponse, count: number) => void

let server: Server
let baseUrl = ""
let handler: Handler = () => {}
let received: Received[] = []

const completion = (contents: ReadonlyArray<string>, model = "fake-model") => ({
  id: "chatcmpl-test",
  object: "chat.completion",
  created: 0,
  model,
  choices: contents.map((content, index) => ({
    index,
    finish_reason: "stop",
    logprobs: null,
    message: { role: "assistant", content, refusal: null }
  })),
  usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 }
})

const sendJson = (response: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) => {
  response.writeHead(status, { "content-type": "application/json", ...headers })
  response.end(JSON.stringify(payload))
}

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
  })

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const text = await readBody(request)
    const body = JSON.parse(text) as Record<string, unknown>
    received.push({ body, authorization: request.headers.authorization })
    if (request.url !== "/v1/chat/completions") return sendJson(response, 404, { error: { message: "not found" } })
    handler(body, response, received.length)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

beforeEach(() => {
  received = []
  handler = (_body, response) => sendJson(response, 200, completion(["hello"]))
})

const options = (overrides: Partial<OpenAiOptions> = {}): OpenAiOptions => ({
  apiKey: "sk-test-secret",
  baseUrl,
  model: "fake-model",
  timeoutMs: 2_000,
  retry: { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 40 },
  ...overrides
})

const request = (content: string, extra: Partial<LmRequest> = {}): LmRequest => ({
  model: "fake-model",
  messages: [{ role: "user", content }],
  temperature: 0,
  maxTokens: 64,
  n: 1,
  seed: 7,
  responseFormat: undefined,
  rolloutId: 3,
  ...extra
})

const complete = (lmRequest: LmRequest, overrides: Partial<OpenAiOptions> = {}) =>
  Effect.flatMap(LanguageModel, (lm) => lm.complete(lmRequest)).pipe(
    Effect.provide(OpenAiLanguageModel.layer(options(overrides)))
  )

const persona = {
  persona_profile: '{"segment": "bargain hunter"}',
  creative_content: "50% off",
  context: "email"
}

describe("OpenAI layer against an OpenAI-compatible server", () => {
  it.live("success: sends the request through the SDK and maps choices and usage", () =>
    Effect.gen(function* () {
      const result = yield* complete(request("hi"))
      assert.deepStrictEqual(result, {
        outputs: ["hello"],
        model: "fake-model",
        usage: { promptTokens: 11, completionTokens: 7, totalTokens: 18 }
      })
      assert.strictEqual(received.length, 1)
      const body = received[0]?.body ?? {}
      assert.deepInclude(body, { model: "fake-model", temperature: 0, max_tokens: 64, seed: 7 })
      assert.deepStrictEqual(body.messages, [{ role: "user", content: "hi" }])
      assert.isUndefined(body.rollout_id)
      assert.isUndefined(body.rolloutId)
      assert.strictEqual(received[0]?.authorization, "Bearer sk-test-secret")
    })
  )

  it.live("n > 1 returns every choice", () => {
    handler = (_body, response) => sendJson(response, 200, completion(["a", "b", "c"]))
    return Effect.gen(function* () {
      const result = yield* complete(request("hi", { n: 3 }))
      assert.deepStrictEqual(result.outputs, ["a", "b", "c"])
      assert.strictEqual(received[0]?.body.n, 3)
    })
  })

  it.live("structured output: Predict with the JSON adapter sends a strict json_schema and parses the object", () => {
    handler = (_body, response) =>
      sendJson(
        response,
        200,
        completion(['{"intent_delta": 0.6, "emotional_response": "excited", "rationale": "Big discount."}'])
      )
    return Effect.gen(function* () {
      const prediction = yield* new Predict(EvaluateCreative, { adapter: "json" }).run(persona)
      assert.deepStrictEqual(prediction.outputs, {
        intent_delta: 0.6,
        emotional_response: "excited",
        rationale: "Big discount."
      })
      const format = received[0]?.body.response_format as {
        type: string
        json_schema: {
          name: string
          strict: boolean
          schema: { required: string[]; properties: Record<string, unknown> }
        }
      }
      assert.strictEqual(format.type, "json_schema")
      assert.strictEqual(format.json_schema.strict, true)
      assert.deepStrictEqual(format.json_schema.schema.required, ["intent_delta", "emotional_response", "rationale"])
      assert.deepInclude(format.json_schema.schema.properties.intent_delta as object, {
        type: "number",
        minimum: -1,
        maximum: 1
      })
    }).pipe(Effect.provide(OpenAiLanguageModel.layer(options())))
  })

  it.live("a server that rejects json_schema gets one json_object retry", () => {
    handler = (body, response) => {
      const format = body.response_format as { type: string } | undefined
      if (format?.type === "json_schema")
        return sendJson(response, 400, { error: { message: "response_format json_schema is not supported" } })
      sendJson(
        response,
        200,
        completion(['{"intent_delta": -0.2, "emotional_response": "annoyed", "rationale": "Too many emails."}'])
      )
    }
    return Effect.gen(function* () {
      const prediction = yield* new Predict(EvaluateCreative, { adapter: "json" }).run(persona)
      assert.strictEqual(prediction.outputs.emotional_response, "annoyed")
      assert.deepStrictEqual(
        received.map((entry) => (entry.body.response_format as { type: string }).type),
        ["json_schema", "json_object"]
      )
    }).pipe(Effect.provide(OpenAiLanguageModel.layer(options())))
  })

  it.live("429 with Retry-After: waits the server's delay, then succeeds", () => {
    handler = (_body, response, count) =>
      count === 1
        ? sendJson(
            response,
            429,
            { error: { message: "Rate limit reached", type: "requests" } },
            { "retry-after": "1" }
          )
        : sendJson(response, 200, completion(["after the wait"]))
    return Effect.gen(function* () {
      const started = Date.now()
      const result = yield* complete(request("hi"))
      const elapsedMs = Date.now() - started
      assert.deepStrictEqual(result.outputs, ["after the wait"])
      assert.strictEqual(received.length, 2)
      assert.isAtLeast(elapsedMs, 990)
      assert.isBelow(elapsedMs, 3_000)
    })
  })

  it.live("each request retries on its own jitter: different requests wait different delays, the same the same", () => {
    // Every odd-numbered request for a given content is answered 500, the next one 200.
    const seen = new Map<string, number>()
    handler = (body, response) => {
      const content = JSON.stringify(body.messages)
      const count = (seen.get(content) ?? 0) + 1
      seen.set(content, count)
      if (count % 2 === 1) return sendJson(response, 500, { error: { message: "overloaded" } })
      sendJson(response, 200, completion(["ok"]))
    }
    const retry = { maxRetries: 1, baseDelayMs: 200, maxDelayMs: 200 }
    const timeoutMs = 2_000
    return Effect.gen(function* () {
      // A clock that records the retry sleeps and skips them (the per-attempt timeout still runs live).
      const live = yield* Clock.Clock
      const retryDelaysMs: number[] = []
      const recording: Clock.Clock = {
        currentTimeMillisUnsafe: () => live.currentTimeMillisUnsafe(),
        currentTimeMillis: live.currentTimeMillis,
        currentTimeNanosUnsafe: () => live.currentTimeNanosUnsafe(),
        currentTimeNanos: live.currentTimeNanos,
        monotonicTimeNanosUnsafe: () => live.monotonicTimeNanosUnsafe(),
        monotonicTimeNanos: live.monotonicTimeNanos,
        sleep: (duration) => {
          const millis = Duration.toMillis(duration)
          if (millis === timeoutMs) return live.sleep(duration)
          retryDelaysMs.push(millis)
          return Effect.void
        }
      }
      const delayOf = (lmRequest: LmRequest) =>
        Effect.gen(function* () {
          const before = retryDelaysMs.length
          yield* complete(lmRequest, { retry, timeoutMs }).pipe(Effect.provideService(Clock.Clock, recording))
          assert.strictEqual(retryDelaysMs.length, before + 1)
          return retryDelaysMs[before]
        })
      const persona = (id: number) => request(`[[ ## persona_profile ## ]]\n{"id": ${id}}`)
      const first = yield* delayOf(persona(1))
      const again = yield* delayOf(persona(1))
      const other = yield* delayOf(persona(2))
      assert.strictEqual(again, first)
      assert.notStrictEqual(other, first)
      const policy = { ...defaultRetryPolicy, ...retry }
      // Effect's Duration keeps whole nanoseconds.
      assert.closeTo(first ?? Number.NaN, backoffDelayMs(policy, 1, jitterStreamOf(persona(1))), 1e-6)
      assert.closeTo(other ?? Number.NaN, backoffDelayMs(policy, 1, jitterStreamOf(persona(2))), 1e-6)
      assert.strictEqual(received.length, 6)
    })
  })

  it.live("500s until the retries run out: a typed error with the attempts counted", () => {
    handler = (_body, response) => sendJson(response, 500, { error: { message: "internal error" } })
    return Effect.gen(function* () {
      const error = yield* Effect.flip(
        complete(request("hi"), { retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 } })
      )
      assert.strictEqual(error._tag, "LmServerError")
      if (error._tag === "LmServerError") {
        assert.strictEqual(error.status, 500)
        assert.strictEqual(error.attempts, 3)
        assert.isTrue(error.retryable)
      }
      assert.strictEqual(received.length, 3)
    })
  })

  it.live("a timeout: the call is abandoned after timeoutMs, retried, then reported", () => {
    handler = (_body, response) => {
      const timer = setTimeout(() => sendJson(response, 200, completion(["too late"])), 1_500)
      response.on("close", () => clearTimeout(timer))
    }
    return Effect.gen(function* () {
      const started = Date.now()
      const error = yield* Effect.flip(
        complete(request("hi"), { timeoutMs: 150, retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 10 } })
      )
      const elapsedMs = Date.now() - started
      assert.deepInclude(error, { _tag: "LmTimeout", timeoutMs: 150, attempts: 2 })
      assert.isBelow(elapsedMs, 1_400)
      assert.strictEqual(received.length, 2)
    })
  })

  it.live("a 4xx that will not change is not retried", () => {
    handler = (_body, response) =>
      sendJson(response, 401, { error: { message: "Incorrect API key", code: "invalid_api_key" } })
    return Effect.gen(function* () {
      const error = yield* Effect.flip(complete(request("hi")))
      assert.deepInclude(error, { _tag: "LmRequestRejected", status: 401, code: "invalid_api_key", retryable: false })
      assert.strictEqual(received.length, 1)
    })
  })

  it.live("context-length errors are typed for ReAct's truncation", () => {
    handler = (_body, response) =>
      sendJson(response, 400, {
        error: { message: "This model's maximum context length is 8192 tokens.", code: "context_length_exceeded" }
      })
    return Effect.gen(function* () {
      const error = yield* Effect.flip(complete(request("hi")))
      assert.strictEqual(error._tag, "LmContextWindowExceeded")
    })
  })

  it.live("connection errors are retried and typed", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        complete(request("hi"), {
          baseUrl: "http://127.0.0.1:9/v1",
          retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 10 }
        })
      )
      assert.deepInclude(error, { _tag: "LmConnectionError", attempts: 2 })
    })
  )

  describe("malformed content through Predict", () => {
    const chatGarbage = "I'd say they are fairly interested, around 0.5 or so."
    it.live("the Chat answer does not parse, the JSON fallback succeeds", () => {
      handler = (body, response) =>
        body.response_format === undefined
          ? sendJson(response, 200, completion([chatGarbage]))
          : sendJson(
              response,
              200,
              completion([
                '```json\n{"intent_delta": 0.5, "emotional_response": "interested", "rationale": "Fair."}\n```'
              ])
            )
      const ledger = new UsageLedger()
      return Effect.gen(function* () {
        const prediction = yield* new Predict(EvaluateCreative).run(persona)
        assert.deepStrictEqual(prediction.outputs, {
          intent_delta: 0.5,
          emotional_response: "interested",
          rationale: "Fair."
        })
        assert.strictEqual(received.length, 2)
        assert.strictEqual(ledger.totals().calls, 2)
        assert.strictEqual(ledger.totals().totalTokens, 36)
      }).pipe(ledger.provide, Effect.provide(OpenAiLanguageModel.layer(options())))
    })

    it.live("both failing: OutputParseError names the field and carries the raw text", () => {
      handler = (body, response) =>
        body.response_format === undefined
          ? sendJson(response, 200, completion([chatGarbage]))
          : sendJson(
              response,
              200,
              completion(['{"intent_delta": 0.5, "emotional_response": "curious", "rationale": "?"}'])
            )
      return Effect.gen(function* () {
        const error = yield* Effect.flip(new Predict(EvaluateCreative).run(persona))
        assert.instanceOf(error, OutputParseError)
        if (error instanceof OutputParseError) {
          assert.strictEqual(error.field, "emotional_response")
          assert.strictEqual(error.raw, '{"intent_delta": 0.5, "emotional_response": "curious", "rationale": "?"}')
          assert.include(error.reason, "intent_delta")
        }
        assert.strictEqual(received.length, 2)
      }).pipe(Effect.provide(OpenAiLanguageModel.layer(options())))
    })
  })

  it.live("layerConfig reads model, settings and the endpoint from Config", () => {
    handler = (body, response) =>
      sendJson(response, 200, completion([`model=${String(body.model)}`], String(body.model)))
    const provider = ConfigProvider.fromUnknown({
      STRONG_LM_API_KEY: "sk-config",
      STRONG_LM_BASE_URL: baseUrl,
      STRONG_LM_MODEL: "strong-model",
      STRONG_LM_TEMPERATURE: "0.3",
      STRONG_LM_MAX_TOKENS: "256",
      STRONG_LM_TIMEOUT: "5 seconds"
    })
    return Effect.gen(function* () {
      const lm = yield* LanguageModel
      assert.deepInclude(lm.defaults, { model: "strong-model", temperature: 0.3, maxTokens: 256 })
      const result = yield* lm.complete(request("hi", { model: lm.defaults.model }))
      assert.deepStrictEqual(result.outputs, ["model=strong-model"])
      assert.strictEqual(received[0]?.authorization, "Bearer sk-config")
    }).pipe(
      Effect.provide(OpenAiLanguageModel.layerConfig("STRONG_LM").pipe(Layer.provide(ConfigProvider.layer(provider))))
    )
  })

  it.live("layerConfig reads _N and _SEED into the defaults every resolved request is sent with", () => {
    handler = (body, response) =>
      sendJson(response, 200, completion(Array.from({ length: Number(body.n ?? 1) }, (_, index) => `c${index}`)))
    const provider = ConfigProvider.fromUnknown({
      OPENAI_API_KEY: "sk-config",
      OPENAI_BASE_URL: baseUrl,
      OPENAI_N: "3",
      OPENAI_SEED: "42"
    })
    return Effect.gen(function* () {
      const lm = yield* LanguageModel
      assert.deepInclude(lm.defaults, { model: "gpt-4o-mini", n: 3, seed: 42 })
      const result = yield* lm.complete(resolveRequest(lm.defaults, [], [{ role: "user", content: "hi" }], undefined))
      assert.deepStrictEqual(result.outputs, ["c0", "c1", "c2"])
      assert.deepInclude(received[0]?.body ?? {}, { n: 3, seed: 42, model: "gpt-4o-mini" })
    }).pipe(Effect.provide(OpenAiLanguageModel.layerConfig().pipe(Layer.provide(ConfigProvider.layer(provider)))))
  })

  it.effect("layerConfig rejects a non-integer _N or _SEED with a ConfigError naming the variable", () =>
    Effect.gen(function* () {
      for (const [name, value] of [
        ["OPENAI_N", "three"],
        ["OPENAI_SEED", "4.5"]
      ] as const) {
        const provider = ConfigProvider.fromUnknown({ OPENAI_API_KEY: "sk-config", [name]: value })
        const error = yield* Effect.flip(
          Effect.asVoid(LanguageModel).pipe(
            Effect.provide(OpenAiLanguageModel.layerConfig().pipe(Layer.provide(ConfigProvider.layer(provider))))
          )
        )
        assert.strictEqual(error._tag, "ConfigError")
        assert.include(String(error), name)
      }
    })
  )
})
