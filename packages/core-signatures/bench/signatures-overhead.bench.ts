// Framework overhead of a Predict call (format + cache lookup + parse, with the Effect runtime) against a
// zero-latency scripted model, for a 3-input / 3-output signature with 4 demos; the same task through
// @ax-llm/ax with its AxMockAIService in the same run; and 10,000 calls at concurrency 64 against a
// scripted model with 50 ms latency. Run: `pnpm bench signatures-overhead` from the repo root.

import { AxMockAIService, ax } from "@ax-llm/ax"
import { type Figures, median, reportBench } from "@preflight/bench-harness"
import { Effect, Layer, ManagedRuntime } from "effect"
import { z } from "zod"
import { ChatAdapter, parseChatCompletion } from "../src/adapters/chat-adapter.ts"
import { Example } from "../src/example.ts"
import { LanguageModelCache } from "../src/lm/cache.ts"
import { requestKey } from "../src/lm/request-key.ts"
import { ScriptedLanguageModel } from "../src/lm/scripted-language-model.ts"
import { resolveRequest } from "../src/lm/settings.ts"
import { Predict } from "../src/modules/predict.ts"
import { Signature } from "../src/signature/signature.ts"

const args = process.argv.slice(2)
const quick = args.includes("--quick")
const WARMUP = quick ? 500 : 3_000
const CALLS = quick ? 2_000 : 20_000
const AX_WARMUP = quick ? 100 : 500
const AX_CALLS = quick ? 500 : 3_000
const THROUGHPUT_CALLS = 10_000
const CONCURRENCY = 64
const LATENCY_MS = 50

// ---- the task: the seeds' EvaluateCreative persona signature -------------------------------------
const signature = Signature.make({
  instructions: "Evaluate how a persona responds to marketing creative.",
  inputs: {
    persona_profile: z.string().describe("Persona traits, preferences, and history as JSON"),
    creative_content: z.string().describe("Marketing message, visuals, offer details"),
    channel_context: z.string().describe("Time, channel, frequency, competitive landscape")
  },
  outputs: {
    intent_delta: z.number().min(-1).max(1).describe("Change in purchase intent (-1 to +1)"),
    emotional_response: z.enum(["excited", "interested", "neutral", "annoyed", "angry"]).describe("Emotional reaction"),
    rationale: z.string().describe("Why the persona responds this way (2-3 sentences)")
  }
})

const demoRows = [
  [
    '{"age": 34, "segment": "bargain hunter"}',
    "50% off all shoes this weekend",
    "email, Saturday 9am",
    0.6,
    "excited",
    "A deep discount on a category she buys often."
  ],
  [
    '{"age": 61, "segment": "loyal"}',
    "New autumn collection",
    "push, Tuesday 7pm",
    0.1,
    "interested",
    "Loyal but not in need of new clothes."
  ],
  [
    '{"age": 22, "segment": "student"}',
    "Premium membership at $99/year",
    "sms, Friday noon",
    -0.3,
    "annoyed",
    "Price is far above a student budget."
  ],
  [
    '{"age": 45, "segment": "lapsed"}',
    "We miss you: 20% back",
    "email, Sunday 10am",
    0.2,
    "neutral",
    "Lapsed customers respond mildly to win-back offers."
  ]
] as const

const demos = demoRows.map(([persona, creative, context, delta, emotion, rationale]) =>
  Example.of({
    persona_profile: persona,
    creative_content: creative,
    channel_context: context,
    intent_delta: delta,
    emotional_response: emotion,
    rationale
  })
)

const answer =
  "[[ ## intent_delta ## ]]\n0.4\n\n[[ ## emotional_response ## ]]\ninterested\n\n[[ ## rationale ## ]]\nThe offer matches recent browsing and the timing is convenient.\n\n[[ ## completed ## ]]\n"

const inputsAt = (index: number) => ({
  persona_profile: `{"age": ${20 + (index % 50)}, "segment": "s${index}"}`,
  creative_content: "Free shipping on orders over $20, today only",
  channel_context: "email, weekday 8am"
})

const microseconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1_000
const percentile = (values: ReadonlyArray<number>, fraction: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN
}
const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits

// ---- ours: Predict through the Effect runtime, memory cache on (every call a miss, then saved) --------
const predict = new Predict(signature, { demos })
const zeroLatency = ScriptedLanguageModel.make({ respond: () => answer, recordRequests: false })
const runtime = ManagedRuntime.make(
  Layer.mergeAll(zeroLatency.layer, LanguageModelCache.layerMemory({ maxEntries: 100_000 }))
)

for (let index = 0; index < WARMUP; index++) await runtime.runPromise(predict.run(inputsAt(-1 - index)))
const ours: number[] = []
for (let index = 0; index < CALLS; index++) {
  const start = process.hrtime.bigint()
  const prediction = await runtime.runPromise(predict.run(inputsAt(index)))
  ours.push(microseconds(start))
  if (prediction.outputs.emotional_response !== "interested") throw new Error("unexpected parse result")
}
const hits: number[] = []
for (let index = 0; index < Math.min(CALLS, 5_000); index++) {
  const start = process.hrtime.bigint()
  await runtime.runPromise(predict.run(inputsAt(index)))
  hits.push(microseconds(start))
}
await runtime.dispose()

// ---- phases in isolation: median over batches of 100 operations (robust to GC and a busy machine) ----
const adapter = new ChatAdapter()
const phase = (work: (index: number) => unknown, batches = 200, batchSize = 100): number => {
  for (let index = 0; index < 2_000; index++) work(index)
  const perOperation: number[] = []
  let counter = 0
  for (let batch = 0; batch < batches; batch++) {
    const start = process.hrtime.bigint()
    for (let index = 0; index < batchSize; index++) work(counter++)
    perOperation.push(microseconds(start) / batchSize)
  }
  return median(perOperation)
}
const formatUs = phase((index) => adapter.format(signature, demos, inputsAt(index)))
const formatted = Array.from({ length: 1_000 }, (_, index) =>
  resolveRequest({ model: "scripted" }, [], adapter.format(signature, demos, inputsAt(index)), undefined)
)
const keyUs = phase((index) => {
  const request = formatted[index % formatted.length]
  return request === undefined ? "" : requestKey(request)
})
const parseUs = phase(() => parseChatCompletion(signature, answer))

// ---- Ax: the same signature, demos and answer through AxGen + AxMockAIService ------------------------
const axAnswer =
  "Intent Delta: 0.4\nEmotional Response: interested\nRationale: The offer matches recent browsing and the timing is convenient."
const axService = new AxMockAIService<string>({
  features: { functions: false, streaming: false },
  chatResponse: {
    results: [{ index: 0, content: axAnswer, finishReason: "stop" }],
    modelUsage: { ai: "mock", model: "mock", tokens: { promptTokens: 0, completionTokens: 0, totalTokens: 0 } }
  }
})
const axGen = ax(
  '"Evaluate how a persona responds to marketing creative." personaProfile:string "Persona traits, preferences, and history as JSON", creativeContent:string "Marketing message, visuals, offer details", channelContext:string "Time, channel, frequency, competitive landscape" -> intentDelta:number "Change in purchase intent (-1 to +1)", emotionalResponse:class "excited, interested, neutral, annoyed, angry" "Emotional reaction", rationale:string "Why the persona responds this way (2-3 sentences)"'
)
axGen.setExamples(
  demoRows.map(([persona, creative, context, delta, emotion, rationale]) => ({
    personaProfile: persona,
    creativeContent: creative,
    channelContext: context,
    intentDelta: delta,
    emotionalResponse: emotion,
    rationale
  }))
)
const axInputs = (index: number) => {
  const inputs = inputsAt(index)
  return {
    personaProfile: inputs.persona_profile,
    creativeContent: inputs.creative_content,
    channelContext: inputs.channel_context
  }
}
for (let index = 0; index < AX_WARMUP; index++) await axGen.forward(axService, axInputs(-1 - index))
const axTimes: number[] = []
for (let index = 0; index < AX_CALLS; index++) {
  const start = process.hrtime.bigint()
  const output = await axGen.forward(axService, axInputs(index))
  axTimes.push(microseconds(start))
  if (output.emotionalResponse !== "interested") throw new Error("unexpected Ax parse result")
}

// ---- throughput: 10,000 calls, concurrency 64, 50 ms simulated latency -------------------------------
const slow = ScriptedLanguageModel.make({ respond: () => answer, latencyMs: LATENCY_MS, recordRequests: false })
const slowRuntime = ManagedRuntime.make(
  Layer.mergeAll(slow.layer, LanguageModelCache.layerMemory({ maxEntries: 20_000 }))
)
const throughputInputs = Array.from({ length: THROUGHPUT_CALLS }, (_, index) => inputsAt(1_000_000 + index))
const wallStart = process.hrtime.bigint()
const results = await slowRuntime.runPromise(
  Effect.forEach(throughputInputs, (inputs) => predict.run(inputs), { concurrency: CONCURRENCY })
)
const wallMs = microseconds(wallStart) / 1_000
await slowRuntime.dispose()
if (results.length !== THROUGHPUT_CALLS) throw new Error("missing throughput results")
const idealMs = (THROUGHPUT_CALLS / CONCURRENCY) * LATENCY_MS

const oursMedian = median(ours)
const axMedian = median(axTimes)
const figures: Figures = {
  predict_median_us: round(oursMedian),
  predict_p90_us: round(percentile(ours, 0.9)),
  predict_mean_us: round(ours.reduce((sum, value) => sum + value, 0) / ours.length),
  predict_cache_hit_median_us: round(median(hits)),
  format_median_us: round(formatUs),
  cache_key_median_us: round(keyUs),
  parse_median_us: round(parseUs),
  ax_forward_median_us: round(axMedian),
  ax_forward_p90_us: round(percentile(axTimes, 0.9)),
  overhead_ratio_vs_ax: round(oursMedian / axMedian, 4),
  ax_over_ours_speedup: round(axMedian / oursMedian, 2),
  calls_measured: CALLS,
  ax_calls_measured: AX_CALLS,
  throughput_calls: THROUGHPUT_CALLS,
  throughput_concurrency: CONCURRENCY,
  throughput_latency_ms: LATENCY_MS,
  throughput_wall_ms: round(wallMs, 1),
  throughput_ideal_ms: idealMs,
  throughput_wall_over_ideal: round(wallMs / idealMs, 4)
}

reportBench({
  id: "signatures-overhead",
  figures,
  goals: [
    { figure: "predict_median_us", target: 50, better: "lower" },
    { figure: "overhead_ratio_vs_ax", target: 1, better: "lower" },
    { figure: "throughput_wall_over_ideal", target: 1.1, better: "lower" }
  ],
  notes: [
    "Predict: 3 inputs / 3 outputs, 4 demos, Chat adapter, memory LRU cache on (each measured call misses, then saves), zod validation of outputs, one Effect runtime call per Predict.",
    "Ax: same signature, descriptions and 4 examples via setExamples; AxMockAIService returns a fixed answer; Ax has no response cache.",
    `Throughput: ${THROUGHPUT_CALLS} distinct calls via Effect.forEach concurrency ${CONCURRENCY}; ideal = ${THROUGHPUT_CALLS}/${CONCURRENCY} x ${LATENCY_MS} ms.`,
    quick ? "--quick: fewer measured calls (noisier)." : "Full run."
  ]
})
