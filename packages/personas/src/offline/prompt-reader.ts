// Reads a formatted prompt back into a task: the signature's fields (from the system message the Chat and
// JSON adapters write), the request's input values and every demo's inputs and outputs. Hot path: the plan of
// a system message and the reading of a demo message are memoised (the adapters reuse those message objects).
import type { ChatMessage, LmRequest } from "@preflight/core-signatures"

/** An output field as the prompt describes it. */
export interface OutputFieldPlan {
  readonly name: string
  /** Python type name as written by the adapter: str, float, int, bool, Literal['a', 'b'], list[str], … */
  readonly pythonType: string
  readonly description: string
  readonly enumValues: ReadonlyArray<string> | undefined
  /** The JSON schema of a structured field, when the prompt gives one. */
  readonly jsonSchema: unknown
}

/** Which task a prompt is. */
export type PromptKind =
  | "evaluate"
  | "evaluate-free-text"
  | "assess"
  | "purchase-step"
  | "purchase-extract"
  | "read-creative"
  | "generic"

export interface SignaturePlan {
  readonly kind: PromptKind
  readonly inputs: ReadonlyArray<string>
  readonly outputs: ReadonlyArray<OutputFieldPlan>
}

export interface DemoReading {
  readonly inputs: Readonly<Record<string, string>>
  readonly outputs: Readonly<Record<string, string>>
}

export interface PromptReading {
  readonly plan: SignaturePlan
  readonly inputs: Readonly<Record<string, string>>
  readonly demos: ReadonlyArray<DemoReading>
}

const OPEN = "[[ ## "
const CLOSE = " ## ]]"

/** `[[ ## name ## ]]` sections of a text, each value trimmed (the first section of a name wins). */
export const readSections = (raw: string): Record<string, string> => {
  // The request's closing reminder names the output markers; it is not part of the inputs.
  const reminder = raw.lastIndexOf("\n\nRespond with ")
  const text = reminder >= 0 ? raw.slice(0, reminder) : raw
  const sections: Record<string, string> = {}
  let name: string | undefined
  let start = 0
  let at = text.indexOf(OPEN)
  while (at >= 0) {
    const close = text.indexOf(CLOSE, at + OPEN.length)
    if (close < 0) break
    const candidate = text.slice(at + OPEN.length, close)
    if (/^\w+$/.test(candidate)) {
      if (name !== undefined && sections[name] === undefined) sections[name] = text.slice(start, at).trim()
      name = candidate
      start = close + CLOSE.length
    }
    at = text.indexOf(OPEN, close + CLOSE.length)
  }
  if (name !== undefined && sections[name] === undefined) sections[name] = text.slice(start).trim()
  return sections
}

const FIELD_LINE = /^\d+\. `(\w+)` \((.*)\):\s?(.*)$/
const NOTE = /\{(\w+)\}\s+# note: the value you produce (.*)$/

const kindOf = (inputs: ReadonlyArray<string>, outputs: ReadonlyArray<string>): PromptKind => {
  const has = (name: string) => outputs.includes(name)
  if (has("intent_delta") && has("emotional_response")) return "evaluate"
  if (has("reaction") && has("emotional_response")) return "evaluate-free-text"
  if (has("receptivity") && has("fatigue_level")) return "assess"
  if (has("next_tool_name") && inputs.includes("product_details")) return "purchase-step"
  if (has("purchase_decision")) return "purchase-extract"
  if (has("discount_depth") && has("call_to_action")) return "read-creative"
  return "generic"
}

const plans = new Map<string, SignaturePlan>()

/** The plan of a system message (memoised by its text). */
export const readSignaturePlan = (system: string): SignaturePlan => {
  const known = plans.get(system)
  if (known !== undefined) return known
  const inputs: string[] = []
  const outputs: Array<{ name: string; pythonType: string; description: string }> = []
  let section: "none" | "inputs" | "outputs" = "none"
  const notes = new Map<string, string>()
  for (const rawLine of system.split("\n")) {
    const line = rawLine.trim()
    if (line === "Your input fields are:") section = "inputs"
    else if (line === "Your output fields are:") section = "outputs"
    else if (line.startsWith("All interactions will be structured")) section = "none"
    const field = FIELD_LINE.exec(line)
    if (field !== null && section !== "none") {
      const [, name = "", pythonType = "", description = ""] = field
      if (section === "inputs") inputs.push(name)
      else outputs.push({ name, pythonType, description })
    }
    // JSON-adapter structures quote the placeholder: "field": "{field}        # note: …".
    const note = NOTE.exec(
      line
        .replace(/^"\w+":\s*"/, "")
        .replace(/",?$/, "")
        .replace(/\\"/g, '"')
    )
    if (note !== null) notes.set(note[1] as string, note[2] as string)
  }
  const plan: SignaturePlan = {
    kind: kindOf(
      inputs,
      outputs.map((output) => output.name)
    ),
    inputs,
    outputs: outputs.map((output) => {
      const note = notes.get(output.name)
      const enumMatch = note === undefined ? null : /one of: (.*)$/.exec(note)
      let jsonSchema: unknown
      const schemaMatch = note === undefined ? null : /must adhere to the JSON schema: (.*)$/.exec(note)
      if (schemaMatch !== null) {
        try {
          jsonSchema = JSON.parse(schemaMatch[1] as string)
        } catch {
          jsonSchema = undefined
        }
      }
      return {
        ...output,
        enumValues: enumMatch === null ? undefined : (enumMatch[1] as string).split("; ").map((value) => value.trim()),
        jsonSchema
      }
    })
  }
  if (plans.size > 500) plans.clear()
  plans.set(system, plan)
  return plan
}

const demoReadings = new WeakMap<ChatMessage, Record<string, string>>()

const readJsonObject = (text: string): Record<string, string> | undefined => {
  const start = text.indexOf("{")
  const end = text.lastIndexOf("}")
  if (start < 0 || end <= start) return undefined
  try {
    const parsed: unknown = JSON.parse(text.slice(start, end + 1))
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined
    const values: Record<string, string> = {}
    for (const [key, value] of Object.entries(parsed))
      values[key] = typeof value === "string" ? value : JSON.stringify(value)
    return values
  } catch {
    return undefined
  }
}

const readMessage = (message: ChatMessage, json: boolean): Record<string, string> => {
  const known = demoReadings.get(message)
  if (known !== undefined) return known
  const values =
    json && message.role === "assistant" ? (readJsonObject(message.content) ?? {}) : readSections(message.content)
  demoReadings.set(message, values)
  return values
}

/** Reads a request: its signature plan, the final user message's inputs and the demos. */
export const readPrompt = (request: LmRequest): PromptReading => {
  const messages = request.messages
  const system = messages[0]?.role === "system" ? messages[0].content : ""
  const plan = readSignaturePlan(system)
  const json = request.responseFormat !== undefined && request.responseFormat.type !== "text"
  const demos: DemoReading[] = []
  const last = messages.length - 1
  for (let index = 1; index + 1 < last; index += 2) {
    const user = messages[index]
    const assistant = messages[index + 1]
    if (user?.role !== "user" || assistant?.role !== "assistant") break
    demos.push({ inputs: readMessage(user, false), outputs: readMessage(assistant, json) })
  }
  const final = messages[last]
  return { plan, inputs: final?.role === "user" ? readSections(final.content) : {}, demos }
}
