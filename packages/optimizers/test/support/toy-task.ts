// The toy task with a known answer: a sensor reading (0–99) belongs to one of four zones by fixed intervals.
// The scripted task model cannot know the intervals; it learns in context, answering with the zone of the
// nearest reading it is shown (demos, or "reading N is in zone Z" rules in the instructions), and answers
// "north" when it has seen nothing. Scripted prompt models stand in for the proposal, summary, feedback and
// reflection calls, deriving their answers from what the prompt shows them.
import {
  Example,
  LanguageModel,
  LanguageModelCache,
  type LanguageModelShape,
  type LmRequest,
  Module,
  Predict,
  type Prediction,
  ScriptedLanguageModel,
  Signature
} from "@preflight/core-signatures"
import { fnv1a32, SeededRandom } from "@preflight/numeric"
import { Effect, Layer } from "effect"
import { z } from "zod"
import type { ScoreWithFeedback } from "../../src/metric.ts"
import { chatAnswer, chatFields, demoTurns, finalInputs, firstOutputField, instructionsOf } from "./chat-fields.ts"

export const ZONES = ["north", "east", "south", "west"] as const
export type Zone = (typeof ZONES)[number]

/** The known answer: fixed intervals of the reading. */
export const zoneOf = (reading: number): Zone =>
  reading < 20 ? "north" : reading < 45 ? "east" : reading < 70 ? "south" : "west"

export const ZoneTask = Signature.make({
  instructions: "Classify the sensor reading into its zone.",
  inputs: { reading: z.int().describe("A sensor reading between 0 and 99") },
  outputs: { zone: z.enum(ZONES) }
})

/** The zero-shot program: one predictor. */
export const zoneProgram = () => new Predict(ZoneTask)

/** `count` labeled examples drawn with `seed`. */
export const zoneExamples = (seed: number, count: number): Example[] => {
  const random = new SeededRandom(seed)
  return Array.from({ length: count }, () => {
    const reading = random.int(100)
    return Example.of({ reading, zone: zoneOf(reading) }, { inputs: ["reading"] })
  })
}

/** Train, validation and held-out test sets (disjoint draws). */
export const zoneData = () => ({
  trainset: zoneExamples(1, 24),
  valset: zoneExamples(2, 24),
  testset: zoneExamples(3, 80)
})

/** Exact-match metric with textual feedback naming the right zone. */
export const zoneMetric = (example: Example, prediction: Prediction): ScoreWithFeedback => {
  const gold = example.get("zone" as never) as string
  const reading = example.get("reading" as never) as number
  const answer = prediction.outputs.zone
  return answer === gold
    ? { score: 1, feedback: `Correct: reading ${reading} is in zone ${gold}.` }
    : { score: 0, feedback: `Wrong: answered ${String(answer)}, but reading ${reading} is in zone ${gold}.` }
}

const RULE = /reading (\d+) is in zone (north|east|south|west)/g

/** Every "reading N is in zone Z" statement in `text`. */
export const rulesIn = (text: string): Array<{ readonly reading: number; readonly zone: Zone }> =>
  [...text.matchAll(RULE)].map((match) => ({ reading: Number(match[1]), zone: match[2] as Zone }))

const zoneAnswer = (request: LmRequest): string => {
  const points = [
    ...rulesIn(instructionsOf(request)),
    ...demoTurns(request).flatMap((turn) => {
      const reading = Number(turn.inputs.reading)
      const zone = turn.outputs.zone
      return Number.isFinite(reading) && zone !== undefined ? [{ reading, zone: zone as Zone }] : []
    })
  ]
  const query = Number(finalInputs(request).reading)
  // At temperature 1 with a rollout id the model samples: it guesses when it has seen nothing, and 30% of its
  // other answers are guesses too.
  const sampling = (request.temperature ?? 0) >= 1 && request.rolloutId !== undefined
  const draw = fnv1a32(`${query}:${String(request.rolloutId)}`)
  const guess = ZONES[(draw >>> 4) % ZONES.length] ?? "north"
  if (points.length === 0) return chatAnswer({ zone: sampling ? guess : "north" })
  if (sampling && draw % 10 < 3) return chatAnswer({ zone: guess })
  const nearest = [...points].sort(
    (left, right) => Math.abs(left.reading - query) - Math.abs(right.reading - query) || left.reading - right.reading
  )[0]
  return chatAnswer({ zone: nearest?.zone ?? "north" })
}

const TIP_WORDS: Record<string, string> = {
  "Don't be afraid": "Be creative.",
  "clear and concise": "Be concise.",
  "informative and descriptive": "Be thorough.",
  "high stakes": "Lives depend on it.",
  persona: "You are a zoning expert."
}

/** The proposal model: turns the demos it is shown into rules, the way a model would generalise from them. */
const proposeInstruction = (request: LmRequest): string => {
  const fields = finalInputs(request)
  const demos = fields.task_demos ?? ""
  const pairs = [...demos.matchAll(/Reading: (\d+)\s*\nZone: (\w+)/g)].map(
    (match) => `reading ${match[1]} is in zone ${match[2]}`
  )
  const tip = Object.entries(TIP_WORDS).find(([key]) => (fields.tip ?? "").includes(key))?.[1]
  const parts = [
    fields.basic_instruction ?? "Classify the reading.",
    tip,
    pairs.length > 0 ? `Known: ${pairs.join("; ")}.` : undefined
  ]
  return chatAnswer({ proposed_instruction: parts.filter((part) => part !== undefined).join(" ") })
}

/** SIMBA's feedback model: advice naming the right zone of the example it compares. */
const offerFeedback = (request: LmRequest): string => {
  const fields = finalInputs(request)
  const reading = /"reading":\s*(\d+)/.exec(fields.program_inputs ?? "")?.[1]
  const zone = /"zone":\s*"(\w+)"/.exec(fields.oracle_metadata ?? "")?.[1]
  const names = [...(fields.module_names ?? "").matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? "")
  const advice: Record<string, string> = {}
  for (const name of names.length > 0 ? names : ["self"]) {
    advice[name] =
      reading !== undefined && zone !== undefined ? `Remember: reading ${reading} is in zone ${zone}.` : "N/A"
  }
  return chatAnswer({ discussion: "The worse run picked a far reading.", module_advice: JSON.stringify(advice) })
}

/** GEPA's reflection model: keeps the current instruction and adds the facts the feedback states. */
export const reflectZones = (request: LmRequest): string => {
  const prompt = request.messages[request.messages.length - 1]?.content ?? ""
  const current = /following instructions to perform a task for me:\n```\n([\s\S]*?)\n```/.exec(prompt)?.[1] ?? ""
  const known = new Set(rulesIn(current).map((rule) => `reading ${rule.reading} is in zone ${rule.zone}`))
  const learned = rulesIn(prompt.slice(prompt.indexOf("```", prompt.indexOf("```") + 3)))
    .map((rule) => `reading ${rule.reading} is in zone ${rule.zone}`)
    .filter((rule) => !known.has(rule))
  const unique = [...new Set(learned)]
  const next = unique.length === 0 ? current : `${current}\nFacts: ${unique.join("; ")}.`
  return `Here is the improved instruction.\n\`\`\`\n${next}\n\`\`\``
}

/** Answers every call an optimizer makes on the toy task, by what the prompt asks for. */
export const respondToy = (request: LmRequest): string => {
  const last = request.messages[request.messages.length - 1]?.content ?? ""
  if (last.startsWith("I provided an assistant with the following instructions")) return reflectZones(request)
  switch (firstOutputField(request)) {
    case "zone":
      return zoneAnswer(request)
    case "proposed_instruction":
      return proposeInstruction(request)
    case "observations":
      return chatAnswer({ observations: "Each example pairs an integer reading from 0 to 99 with one of four zones." })
    case "summary":
      return chatAnswer({ summary: "Integer readings labelled with compass zones." })
    case "program_description":
      return chatAnswer({ program_description: "The program classifies a sensor reading into a zone." })
    case "module_description":
      return chatAnswer({ module_description: "The module maps the reading to its zone." })
    case "discussion":
      return offerFeedback(request)
    case "label":
      return chatAnswer({ label: (finalInputs(request).zone ?? "").toUpperCase() })
    default:
      return chatAnswer({ error: `unexpected request: ${chatFields(last).toString()}` })
  }
}

/** A language model that times its own calls (the sum of latencies the benchmark compares wall time with). */
export interface TimedModel {
  readonly layer: Layer.Layer<LanguageModel>
  readonly calls: () => number
  readonly busyMs: () => number
  /** The most calls that were inside the model at once. */
  readonly peakInFlight: () => number
  /** Requests received (only with `record: true`). */
  readonly requests: () => ReadonlyArray<LmRequest>
}

/** Options of the toy model. */
export interface ToyModelOptions {
  readonly latencyMs?: number
  readonly respond?: (request: LmRequest) => string
  /** Keep the requests for `requests()`. */
  readonly record?: boolean
}

/** The toy model with optional fixed latency, wrapped to count calls and measure the time spent inside it. */
export const toyModel = (options: ToyModelOptions = {}): TimedModel => {
  const scripted = ScriptedLanguageModel.make({
    respond: options.respond ?? respondToy,
    recordRequests: false,
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs })
  })
  let calls = 0
  let busyMs = 0
  let inFlight = 0
  let peakInFlight = 0
  const seen: LmRequest[] = []
  const service: LanguageModelShape = {
    ...scripted.service,
    complete: (request) =>
      Effect.suspend(() => {
        const started = performance.now()
        calls++
        inFlight++
        peakInFlight = Math.max(peakInFlight, inFlight)
        if (options.record === true) seen.push(request)
        return scripted.service.complete(request).pipe(
          Effect.ensuring(
            Effect.sync(() => {
              inFlight--
              busyMs += performance.now() - started
            })
          )
        )
      })
  }
  return {
    layer: Layer.succeed(LanguageModel, service),
    calls: () => calls,
    busyMs: () => busyMs,
    peakInFlight: () => peakInFlight,
    requests: () => [...seen]
  }
}

/** A fresh toy model plus a memory cache, ready to provide. */
export const toyLayer = (options: ToyModelOptions = {}) => {
  const model = toyModel(options)
  return { model, layer: Layer.mergeAll(model.layer, LanguageModelCache.layerMemory()) }
}

/** A program with two predictors (a classifier and a describer), to check per-predictor bookkeeping. */
export class ZoneAndLabel extends Module<{ readonly reading: number }, Prediction> {
  classify = new Predict(ZoneTask)
  label = new Predict(
    Signature.make({
      instructions: "Name the zone in capitals.",
      inputs: { zone: z.string() },
      outputs: { label: z.string() }
    })
  )

  forward(inputs: { readonly reading: number }) {
    const self = this
    return Effect.gen(function* () {
      const zone = yield* self.classify.run(inputs)
      return yield* self.label.run({ zone: zone.outputs.zone })
    })
  }
}
