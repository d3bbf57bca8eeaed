// A scripted LanguageModel for tests and benchmarks (DSPy's DummyLM, three modes and more): queued answers,
// answers keyed by prompt content, follow-the-demos, or a function of the request; answers given as output
// values are rendered in whatever format the request asks for (Chat markers or JSON). Optional latency.
import { Effect, Layer } from "effect"
import { type LmError, LmInvalidResponse } from "../errors.ts"
import { pythonJsonDumps, pythonStr } from "../internal/python-json.ts"
import type { FieldValues } from "../signature/signature.ts"
import { LanguageModel, type LanguageModelShape } from "./language-model.ts"
import type { ChatMessage, LmCompletion, LmRequest, TokenUsage } from "./types.ts"

/** One scripted answer: raw completion text, output values to render, or a failure. */
export type ScriptedAnswer = string | { readonly outputs: FieldValues } | { readonly error: LmError }

/** A rule answering requests whose last user message contains `match` (substring or RegExp). */
export interface ScriptedRule {
  readonly match: string | RegExp
  readonly answer: ScriptedAnswer | ((request: LmRequest) => ScriptedAnswer)
}

/** How the scripted model answers. Tried in order: rules, follow-the-demos, `respond`, the queue. */
export interface ScriptedOptions {
  readonly answers?: ReadonlyArray<ScriptedAnswer>
  readonly rules?: ReadonlyArray<ScriptedRule>
  /** Answer with the assistant turn of a demo whose inputs equal the request's (DSPy `follow_examples`). */
  readonly followDemos?: boolean
  readonly respond?: (request: LmRequest) => ScriptedAnswer | undefined
  /** Simulated provider latency per call. */
  readonly latencyMs?: number
  readonly model?: string
  /** Keep every request for `requests()` (default true; benchmarks turn it off). */
  readonly recordRequests?: boolean
  /** Token usage per call; default ≈ characters / 4 of prompt and answer. */
  readonly usage?: (request: LmRequest, outputs: ReadonlyArray<string>) => TokenUsage
}

const lastUserMessage = (messages: ReadonlyArray<ChatMessage>): string => {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]
    if (message !== undefined && message.role === "user") return message.content
  }
  return ""
}

/** Renders output values as the answer a model would give for this request's format. */
export const renderScriptedOutputs = (request: LmRequest, outputs: FieldValues): string => {
  if (request.responseFormat !== undefined && request.responseFormat.type !== "text") return JSON.stringify(outputs)
  const sections = Object.entries(outputs).map(
    ([name, value]) =>
      `[[ ## ${name} ## ]]\n${value !== null && typeof value === "object" ? pythonJsonDumps(value) : pythonStr(value)}`
  )
  return `${sections.join("\n\n")}\n\n[[ ## completed ## ]]\n`
}

// The inputs part of a user turn: everything before the "Respond with ..." reminder of the final request.
const inputsPart = (content: string): string => {
  const cut = content.lastIndexOf("\n\nRespond with ")
  return cut === -1 ? content : content.slice(0, cut)
}

const followDemos = (request: LmRequest): string | undefined => {
  const messages = request.messages
  const target = inputsPart(lastUserMessage(messages)).trim()
  for (let index = messages.length - 3; index >= 1; index--) {
    const user = messages[index]
    const assistant = messages[index + 1]
    if (user?.role === "user" && assistant?.role === "assistant" && user.content.trim() === target) {
      return assistant.content
    }
  }
  return undefined
}

const estimateUsage = (request: LmRequest, outputs: ReadonlyArray<string>): TokenUsage => {
  let promptChars = 0
  for (const message of request.messages) promptChars += message.content.length
  let completionChars = 0
  for (const output of outputs) completionChars += output.length
  const promptTokens = Math.ceil(promptChars / 4)
  const completionTokens = Math.ceil(completionChars / 4)
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens }
}

/** A scripted model plus the requests it has seen. */
export interface ScriptedLanguageModel {
  readonly service: LanguageModelShape
  readonly layer: Layer.Layer<LanguageModel>
  /** Every request received, oldest first. */
  readonly requests: () => ReadonlyArray<LmRequest>
  /** Answers still queued. */
  readonly remaining: () => number
}

/** Builds a scripted model. */
export const makeScriptedLanguageModel = (options: ScriptedOptions = {}): ScriptedLanguageModel => {
  const queue = [...(options.answers ?? [])]
  const seen: LmRequest[] = []
  const model = options.model ?? "scripted"
  const usageOf = options.usage ?? estimateUsage

  const answerFor = (request: LmRequest): ScriptedAnswer | undefined => {
    const last = lastUserMessage(request.messages)
    for (const rule of options.rules ?? []) {
      const hit = typeof rule.match === "string" ? last.includes(rule.match) : rule.match.test(last)
      if (hit) return typeof rule.answer === "function" ? rule.answer(request) : rule.answer
    }
    if (options.followDemos === true) {
      const demo = followDemos(request)
      if (demo !== undefined) return demo
    }
    const responded = options.respond?.(request)
    if (responded !== undefined) return responded
    return queue.shift()
  }

  const answer = (request: LmRequest): Effect.Effect<LmCompletion, LmError> =>
    Effect.suspend(() => {
      const outputs: string[] = []
      for (let choice = 0; choice < request.n; choice++) {
        const answer = answerFor(request)
        if (answer === undefined) {
          return Effect.fail(
            new LmInvalidResponse({
              detail: `the scripted model has no answer for: ${lastUserMessage(request.messages).slice(0, 200)}`
            })
          )
        }
        if (typeof answer === "string") outputs.push(answer)
        else if ("error" in answer) return Effect.fail(answer.error)
        else outputs.push(renderScriptedOutputs(request, answer.outputs))
      }
      return Effect.succeed({ outputs, usage: usageOf(request, outputs), model: request.model })
    })

  // Latency comes before the answer or the scripted error, as a provider takes time to refuse too.
  const latencyMs = options.latencyMs ?? 0
  const complete = (request: LmRequest): Effect.Effect<LmCompletion, LmError> =>
    Effect.suspend(() => {
      if (options.recordRequests !== false) seen.push(request)
      return latencyMs > 0 ? Effect.andThen(Effect.sleep(latencyMs), answer(request)) : answer(request)
    })

  const service: LanguageModelShape = { provider: "scripted", defaults: { model }, complete }
  return {
    service,
    layer: Layer.succeed(LanguageModel, service),
    requests: () => [...seen],
    remaining: () => queue.length
  }
}

/** Scripted language models for tests and benchmarks. */
export const ScriptedLanguageModel = {
  make: makeScriptedLanguageModel,
  /** A layer answering from `options`. */
  layer: (options: ScriptedOptions = {}): Layer.Layer<LanguageModel> => makeScriptedLanguageModel(options).layer
}
