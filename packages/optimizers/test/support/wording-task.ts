// A task where only the instructions' wording matters: convert kilometres to whole metres. The scripted task
// model ignores demos; it multiplies by 1000 only when the instructions mention metres, and rounds only when
// they say to round to the nearest metre. The scripted prompt models derive their text from what they are
// shown: the data summary from the examples, proposals from that summary (each insight is included or not
// depending on the sampled rollout), and GEPA's reflection from the metric's feedback.
import { Example, type LmRequest, Predict, type Prediction, Signature } from "@preflight/core-signatures"
import { fnv1a32, SeededRandom } from "@preflight/numeric"
import { z } from "zod"
import type { ScoreWithFeedback } from "../../src/metric.ts"
import { chatAnswer, finalInputs, firstOutputField, instructionsOf } from "./chat-fields.ts"

export const ConvertDistance = Signature.make({
  instructions: "Convert the distance.",
  inputs: { distance_km: z.number() },
  outputs: { distance: z.number() }
})

export const conversionProgram = () => new Predict(ConvertDistance)

/** Half whole kilometres, half with four decimals (whose metres need rounding). */
export const conversionExamples = (seed: number, count: number): Example[] => {
  const random = new SeededRandom(seed)
  return Array.from({ length: count }, (_, index) => {
    const km = index % 2 === 0 ? 1 + random.int(20) : Math.round((1 + random.next() * 20) * 10_000) / 10_000 + 0.00005
    const kilometres = Math.round(km * 100_000) / 100_000
    return Example.of({ distance_km: kilometres, distance: Math.round(kilometres * 1000) }, { inputs: ["distance_km"] })
  })
}

export const conversionData = () => ({
  trainset: conversionExamples(11, 20),
  valset: conversionExamples(12, 20),
  testset: conversionExamples(13, 40)
})

/** Exact match, with feedback that says what the expected number means. */
export const conversionMetric = (example: Example, prediction: Prediction): ScoreWithFeedback => {
  const gold = example.get("distance" as never) as number
  const answer = prediction.outputs.distance
  if (answer === gold) return { score: 1, feedback: "Correct." }
  const scaled = typeof answer === "number" && Math.abs(answer - gold) < 1
  return {
    score: 0,
    feedback: scaled
      ? `Wrong: expected ${gold}, the distance in metres rounded to the nearest metre; got ${String(answer)}.`
      : `Wrong: expected ${gold}, the distance in metres; got ${String(answer)}.`
  }
}

export const METRES = "Give the distance in metres."
export const ROUNDING = "Round to the nearest metre."

const convert = (request: LmRequest): string => {
  const instructions = instructionsOf(request).toLowerCase()
  const km = Number(finalInputs(request).distance_km)
  const inMetres = /\bmetres?\b/.test(instructions) ? km * 1000 : km
  const rounded = instructions.includes("nearest metre") ? Math.round(inMetres) : Math.round(inMetres * 10) / 10
  return chatAnswer({ distance: String(rounded) })
}

/** What a model would notice in the examples it is shown. */
const observe = (examplesText: string): string => {
  const pairs = [...examplesText.matchAll(/"distance_km":([\d.]+),"distance":(\d+)/g)].map((match) => [
    Number(match[1]),
    Number(match[2])
  ])
  const notes: string[] = ["Each example maps a distance in kilometres to a number."]
  if (pairs.length > 0 && pairs.every(([km = 0, out = 0]) => Math.abs(out - km * 1000) < 1)) {
    notes.push("The outputs are the distances in metres.")
    if (pairs.some(([km = 0]) => !Number.isInteger(km * 1000))) notes.push("Outputs are rounded to the nearest metre.")
  }
  return notes.join(" ")
}

/** The proposal model: each insight of the data summary makes it into a sampled proposal half of the time. */
const propose = (request: LmRequest): string => {
  const fields = finalInputs(request)
  const summary = fields.dataset_description ?? ""
  const rollout = String(request.rolloutId)
  const parts = [fields.basic_instruction ?? ""]
  if (summary.includes("in metres") && fnv1a32(`${rollout}:metres`) % 2 === 0) parts.push(METRES)
  if (summary.includes("nearest metre") && fnv1a32(`${rollout}:round`) % 2 === 0) parts.push(ROUNDING)
  if (fnv1a32(`${rollout}:style`) % 3 === 0) parts.push("Be precise.")
  return chatAnswer({ proposed_instruction: parts.join(" ") })
}

/** GEPA's reflection model: adds what the feedback says the numbers must be. */
const reflect = (request: LmRequest): string => {
  const prompt = request.messages[request.messages.length - 1]?.content ?? ""
  const current = /following instructions to perform a task for me:\n```\n([\s\S]*?)\n```/.exec(prompt)?.[1] ?? ""
  const parts = [current]
  if (prompt.includes("the distance in metres") && !current.includes(METRES)) parts.push(METRES)
  if (prompt.includes("rounded to the nearest metre") && !current.includes(ROUNDING)) parts.push(ROUNDING)
  return `\`\`\`\n${parts.join(" ")}\n\`\`\``
}

/** Answers every call on the conversion task. */
export const respondConversion = (request: LmRequest): string => {
  const last = request.messages[request.messages.length - 1]?.content ?? ""
  if (last.startsWith("I provided an assistant with the following instructions")) return reflect(request)
  switch (firstOutputField(request)) {
    case "distance":
      return convert(request)
    case "observations":
      return chatAnswer({
        observations:
          finalInputs(request).prior_observations === undefined
            ? observe(finalInputs(request).examples ?? "")
            : "COMPLETE"
      })
    case "summary":
      return chatAnswer({ summary: finalInputs(request).observations ?? "" })
    case "program_description":
      return chatAnswer({ program_description: "The program converts a distance." })
    case "module_description":
      return chatAnswer({ module_description: "The module converts a distance." })
    case "proposed_instruction":
      return propose(request)
    default:
      return chatAnswer({ error: "unexpected request" })
  }
}
