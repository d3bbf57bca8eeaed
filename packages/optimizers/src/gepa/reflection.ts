// GEPA's reflective proposal (gepa-ai/gepa `strategies/instruction_proposal.py`, dspy `gepa_utils.py`): the
// records of a minibatch (inputs, generated outputs, feedback) are rendered as markdown, the reflection model
// is shown the current instruction and the records, and the new instruction is read from its ``` block.
import {
  callLanguageModel,
  LanguageModel,
  LmContextSettings,
  LmOverrides,
  type LmSettings,
  resolveRequest
} from "@preflight/core-signatures"
import { Effect } from "effect"
import type { OptimizationRun, RunStop } from "../run/optimization-run.ts"

/** One reflective record (DSPy's `{"Inputs", "Generated Outputs", "Feedback"}`). */
export type ReflectiveRecord = {
  readonly Inputs: Readonly<Record<string, string>>
  readonly "Generated Outputs": Readonly<Record<string, string>>
  readonly Feedback: string
}

const renderValue = (value: unknown, level: number): string => {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value)
      .map(([key, inner]) => `${"#".repeat(level)} ${key}\n${renderValue(inner, Math.min(level + 1, 6))}`)
      .join("")
  }
  if (Array.isArray(value)) {
    return value
      .map((item, index) => `${"#".repeat(level)} Item ${index + 1}\n${renderValue(item, Math.min(level + 1, 6))}`)
      .join("")
  }
  return `${String(value).trim()}\n\n`
}

/** GEPA `format_samples`: each record as "# Example n" with "## key" sections. */
export const formatRecords = (records: ReadonlyArray<ReflectiveRecord>): string =>
  records
    .map(
      (record, index) =>
        `# Example ${index + 1}\n${Object.entries(record)
          .map(([key, value]) => `## ${key}\n${renderValue(value, 3)}`)
          .join("")}`
    )
    .join("\n\n")

/** GEPA's default instruction-proposal prompt. */
export const reflectionPrompt = (currentInstruction: string, records: ReadonlyArray<ReflectiveRecord>): string =>
  `I provided an assistant with the following instructions to perform a task for me:
\`\`\`
${currentInstruction}
\`\`\`

The following are examples of different task inputs provided to the assistant along with the assistant's response for each of them, and some feedback on how the assistant's response could be better:
\`\`\`
${formatRecords(records)}
\`\`\`

Your task is to write a new instruction for the assistant.

Read the inputs carefully and identify the input format and infer detailed task description about the task I wish to solve with the assistant.

Read all the assistant responses and the corresponding feedback. Identify all niche and domain specific factual information about the task and include it in the instruction, as a lot of it may not be available to the assistant in the future. The assistant may have utilized a generalizable strategy to solve the task, if so, include that in the instruction as well.

Provide the new instructions within \`\`\` blocks.`

/** GEPA's `output_extractor`: the text between the first and last ``` (minus a language tag), or the whole answer. */
export const extractInstruction = (answer: string): string => {
  const start = answer.indexOf("```") + 3
  const end = answer.lastIndexOf("```")
  if (start - 3 === -1 || start >= end) {
    const stripped = answer.trim()
    if (stripped.startsWith("```")) return stripped.replace(/^```\S*\n?/, "").trim()
    if (stripped.endsWith("```")) return stripped.slice(0, -3).trim()
    return stripped
  }
  let content = answer.slice(start, end)
  const tag = /^\S*\n/.exec(content)
  if (tag !== null) content = content.slice(tag[0].length)
  return content.trim()
}

/**
 * Asks the reflection model for a new instruction; undefined when it gave nothing usable or the call failed
 * (a failure counts against `maxErrors`; a spent budget or a configuration error ends the run).
 */
export const proposeByReflection = (
  run: OptimizationRun,
  currentInstruction: string,
  records: ReadonlyArray<ReflectiveRecord>,
  reflectionModel: LmSettings | undefined
): Effect.Effect<string | undefined, RunStop, LanguageModel> =>
  Effect.gen(function* () {
    const lm = yield* LanguageModel
    const context = yield* LmContextSettings
    const overrides = yield* LmOverrides
    const request = resolveRequest(
      lm.defaults,
      [context, reflectionModel, overrides],
      [{ role: "user", content: reflectionPrompt(currentInstruction, records) }],
      undefined
    )
    const answered = yield* run.optionalCall(callLanguageModel(request, "gepa.reflection"))
    if (answered === undefined) return undefined
    const text = extractInstruction(answered.completion.outputs[0] ?? "")
    return text === "" ? undefined : text
  })
