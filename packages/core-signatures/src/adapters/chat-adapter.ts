// DSPy's ChatAdapter, byte for byte: the system message lists field descriptions, the [[ ## field ## ]]
// structure and the objective; demos are user/assistant turns; answers end with [[ ## completed ## ]].
// Prompt pieces that depend only on the signature or the demo list are computed once and memoised.
import type { Example } from "../example.ts"
import { pythonJsonDumps } from "../internal/python-json.ts"
import type { ChatMessage, ResponseFormat } from "../lm/types.ts"
import { type FieldType, fieldJsonSchema, isHistorySchema, pythonTypeName } from "../signature/field-type.ts"
import type { FieldValues, Signature, SignatureField } from "../signature/signature.ts"
import type { Adapter, ParseOutcome } from "./adapter.ts"
import { coerceFieldValue } from "./coerce.ts"
import { formatFieldValue } from "./format-value.ts"

const header = (name: string): string => `[[ ## ${name} ## ]]`

// Line boundaries of Python's `str.splitlines()`: \n \r \v \f, FS, GS, RS, NEL, LS, PS (\r\n counts once).
const LINE_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029])

/** Python `str.splitlines()` (without the line breaks). */
export const splitLines = (text: string): string[] => {
  const lines: string[] = []
  let start = 0
  let index = 0
  while (index < text.length) {
    const code = text.charCodeAt(index)
    if (LINE_BREAKS.has(code)) {
      lines.push(text.slice(start, index))
      index += code === 0x0d && text.charCodeAt(index + 1) === 0x0a ? 2 : 1
      start = index
    } else {
      index++
    }
  }
  if (start < text.length) lines.push(text.slice(start))
  return lines
}

/** Python `textwrap.dedent`: removes the common leading whitespace of the non-blank lines. */
export const dedent = (text: string): string => {
  const lines = text.split("\n")
  let margin: string | undefined
  for (const line of lines) {
    if (line.trim().length === 0) continue
    const indent = /^[ \t]*/.exec(line)?.[0] ?? ""
    if (margin === undefined || !indent.startsWith(margin)) {
      let common = 0
      const reference = margin ?? indent
      while (common < reference.length && common < indent.length && reference[common] === indent[common]) common++
      margin = margin === undefined ? indent : reference.slice(0, common)
    }
  }
  return lines
    .map((line) => (line.trim().length === 0 ? "" : margin === undefined ? line : line.slice(margin.length)))
    .join("\n")
}

const typeOf = (field: SignatureField): FieldType =>
  field.optional ? { kind: "optional", inner: field.type } : field.type

const isPlainString = (field: SignatureField): boolean => !field.optional && field.type.kind === "string"

const visibleDescription = (field: SignatureField): string =>
  field.description === undefined || field.description === `\${${field.name}}` ? "" : field.description

// dspy/adapters/utils.py `get_field_description_string`
const fieldDescriptionList = (fields: ReadonlyArray<SignatureField>): string =>
  fields
    .map(
      (field, index) =>
        `${index + 1}. \`${field.name}\` (${pythonTypeName(typeOf(field))}): ${visibleDescription(field)}`
    )
    .join("\n")
    .trim()

/** "Your input fields are: ... Your output fields are: ..." (DSPy `format_field_description`). */
export const formatFieldDescription = (signature: Signature): string =>
  `Your input fields are:\n${fieldDescriptionList(signature.inputFields)}\nYour output fields are:\n${fieldDescriptionList(signature.outputFields)}`

// dspy/adapters/utils.py `translate_field_type`
/** The `{name}        # note: ...` placeholder DSPy writes for a field in the structure section. */
export const fieldPlaceholder = (field: SignatureField): string => {
  let note = ""
  if (field.role === "output" && !isPlainString(field)) {
    const type = typeOf(field)
    if (type.kind === "boolean") note = "must be True or False"
    else if (type.kind === "int") note = "must be a single int value"
    else if (type.kind === "number") note = "must be a single float value"
    else if (type.kind === "enum") note = `must exactly match (no extra characters) one of: ${type.values.join("; ")}`
    else note = `must adhere to the JSON schema: ${pythonJsonDumps(fieldJsonSchema(field.schema))}`
  }
  return note === "" ? `{${field.name}}` : `{${field.name}}        # note: the value you produce ${note}`
}

/** "In adhering to this structure, your objective is: ..." (DSPy `format_task_description`). */
export const formatTaskDescription = (signature: Signature): string =>
  `In adhering to this structure, your objective is: ${["", ...splitLines(dedent(signature.instructions))].join("\n        ")}`

const structureOf = (fields: ReadonlyArray<SignatureField>): string =>
  fields
    .map((field) => `${header(field.name)}\n${fieldPlaceholder(field)}`)
    .join("\n\n")
    .trim()

const chatFieldStructure = (signature: Signature): string =>
  [
    "All interactions will be structured in the following way, with the appropriate values filled in.",
    structureOf(signature.inputFields),
    structureOf(signature.outputFields),
    "[[ ## completed ## ]]\n"
  ]
    .join("\n\n")
    .trim()

const has = (values: FieldValues, name: string): boolean => values[name] !== undefined

/** The inputs of one turn as `[[ ## name ## ]]\nvalue` blocks (DSPy `format_user_message_content`). */
export const formatUserContent = (
  signature: Signature,
  values: FieldValues,
  prefix: string,
  requirements: string | undefined
): string => {
  const parts: string[] = [prefix]
  for (const field of signature.inputFields) {
    if (has(values, field.name))
      parts.push(`${header(field.name)}\n${formatFieldValue(typeOf(field), values[field.name])}`)
  }
  if (requirements !== undefined) parts.push(requirements)
  parts.push("")
  return parts.join("\n\n").trim()
}

const chatAssistantContent = (signature: Signature, values: FieldValues, missing: string): string =>
  `${signature.outputFields
    .map(
      (field) =>
        `${header(field.name)}\n${formatFieldValue(typeOf(field), has(values, field.name) ? values[field.name] : missing)}`
    )
    .join("\n\n")
    .trim()}\n\n[[ ## completed ## ]]\n`

const typeInfo = (field: SignatureField): string =>
  isPlainString(field) ? "" : ` (must be formatted as a valid Python ${pythonTypeName(typeOf(field))})`

const chatOutputRequirements = (signature: Signature): string =>
  `Respond with the corresponding output fields, starting with the field ${signature.outputFields
    .map((field) => `\`${header(field.name)}\`${typeInfo(field)}`)
    .join(", then ")}, and then ending with the marker for \`[[ ## completed ## ]]\`.`

const INCOMPLETE_PREFIX = "This is an example of the task, though some input or output fields are not supplied."
const NOT_SUPPLIED = "Not supplied for this particular example. "

/** Per-adapter renderers that differ between Chat and JSON; everything else is shared. */
export interface TurnStyle {
  readonly fieldStructure: (signature: Signature) => string
  readonly outputRequirements: (signature: Signature) => string
  readonly assistantContent: (signature: Signature, values: FieldValues, missing: string) => string
}

interface SignatureMemo {
  readonly system: ChatMessage
  readonly requirements: string
  readonly historyField: SignatureField | undefined
  readonly withoutHistory: Signature
  readonly demoMessages: WeakMap<ReadonlyArray<Example>, ReadonlyArray<ChatMessage>>
}

/** Formats prompts in a given turn style, memoising the static parts per signature and per demo list. */
export class PromptFormatter {
  private readonly memo = new WeakMap<Signature, SignatureMemo>()
  readonly style: TurnStyle
  constructor(style: TurnStyle) {
    this.style = style
  }

  private signatureMemo(signature: Signature): SignatureMemo {
    const cached = this.memo.get(signature)
    if (cached !== undefined) return cached
    const historyField = signature.inputFields.find((field) => isHistorySchema(field.schema))
    const memo: SignatureMemo = {
      system: {
        role: "system",
        content: `${formatFieldDescription(signature)}\n${this.style.fieldStructure(signature)}\n${formatTaskDescription(signature)}`
      },
      requirements: this.style.outputRequirements(
        historyField === undefined ? signature : signature.remove(historyField.name)
      ),
      historyField,
      withoutHistory: historyField === undefined ? signature : signature.remove(historyField.name),
      demoMessages: new WeakMap()
    }
    this.memo.set(signature, memo)
    return memo
  }

  // dspy/adapters/base.py `format_demos`: incomplete demos (some fields missing) first, then complete ones.
  private demoMessages(
    signature: Signature,
    memo: SignatureMemo,
    demos: ReadonlyArray<Example>
  ): ReadonlyArray<ChatMessage> {
    const cached = memo.demoMessages.get(demos)
    if (cached !== undefined) return cached
    const complete: Example[] = []
    const incomplete: Example[] = []
    for (const demo of demos) {
      const values = demo.values
      if (signature.fields.every((field) => values[field.name] !== undefined && values[field.name] !== null)) {
        complete.push(demo)
      } else if (
        signature.inputFields.some((field) => has(values, field.name)) &&
        signature.outputFields.some((field) => has(values, field.name))
      ) {
        incomplete.push(demo)
      }
    }
    const messages: ChatMessage[] = []
    for (const demo of incomplete) {
      messages.push({ role: "user", content: formatUserContent(signature, demo.values, INCOMPLETE_PREFIX, undefined) })
      messages.push({ role: "assistant", content: this.style.assistantContent(signature, demo.values, NOT_SUPPLIED) })
    }
    for (const demo of complete) {
      messages.push({ role: "user", content: formatUserContent(signature, demo.values, "", undefined) })
      messages.push({ role: "assistant", content: this.style.assistantContent(signature, demo.values, NOT_SUPPLIED) })
    }
    memo.demoMessages.set(demos, messages)
    return messages
  }

  /** The full message list for one call. */
  format(signature: Signature, demos: ReadonlyArray<Example>, inputs: FieldValues): ReadonlyArray<ChatMessage> {
    const memo = this.signatureMemo(signature)
    const demoMessages = this.demoMessages(signature, memo, demos)
    const messages: ChatMessage[] = [memo.system]
    for (const message of demoMessages) messages.push(message)
    if (memo.historyField !== undefined) {
      const history = inputs[memo.historyField.name]
      const turns =
        history !== null && typeof history === "object" && "messages" in history && Array.isArray(history.messages)
          ? (history.messages as ReadonlyArray<FieldValues>)
          : []
      for (const turn of turns) {
        messages.push({ role: "user", content: formatUserContent(memo.withoutHistory, turn, "", undefined) })
        messages.push({ role: "assistant", content: this.style.assistantContent(memo.withoutHistory, turn, "None") })
      }
    }
    messages.push({
      role: "user",
      content: formatUserContent(memo.withoutHistory, inputs, "", memo.requirements)
    })
    return messages
  }
}

const MARKER = /\[\[\s*##\s*(\w+)\s*##\s*\]\]/g

/**
 * Reads `[[ ## field ## ]]` sections. Unlike DSPy, markers are found anywhere (not only at line starts), so
 * answers whose newlines were dropped (dspy#8379, #8276) still parse; the first section of a field wins.
 */
export const parseChatCompletion = (signature: Signature, completion: string): ParseOutcome => {
  const sections = new Map<string, string>()
  let previousName: string | undefined
  let previousEnd = 0
  MARKER.lastIndex = 0
  for (let match = MARKER.exec(completion); match !== null; match = MARKER.exec(completion)) {
    if (previousName !== undefined && !sections.has(previousName)) {
      sections.set(previousName, completion.slice(previousEnd, match.index).trim())
    }
    previousName = match[1]
    previousEnd = match.index + match[0].length
  }
  if (previousName !== undefined && !sections.has(previousName)) {
    sections.set(previousName, completion.slice(previousEnd).trim())
  }
  const values: Record<string, unknown> = {}
  for (const field of signature.outputFields) {
    const raw = sections.get(field.name)
    if (raw === undefined) {
      if (field.optional) continue
      return { ok: false, field: field.name, reason: `the [[ ## ${field.name} ## ]] section is missing` }
    }
    const coerced = coerceFieldValue(raw, field)
    if (!coerced.ok) return { ok: false, field: field.name, reason: coerced.reason }
    if (coerced.value !== undefined) values[field.name] = coerced.value
  }
  return { ok: true, values }
}

const chatStyle: TurnStyle = {
  fieldStructure: chatFieldStructure,
  outputRequirements: chatOutputRequirements,
  assistantContent: chatAssistantContent
}

/** DSPy's default adapter: `[[ ## field ## ]]` sections, plain-text responses. */
export class ChatAdapter implements Adapter {
  readonly kind = "chat" as const
  private readonly formatter = new PromptFormatter(chatStyle)

  format(signature: Signature, demos: ReadonlyArray<Example>, inputs: FieldValues): ReadonlyArray<ChatMessage> {
    return this.formatter.format(signature, demos, inputs)
  }

  parse(signature: Signature, completion: string): ParseOutcome {
    return parseChatCompletion(signature, completion)
  }

  responseFormat(_signature: Signature): ResponseFormat | undefined {
    return undefined
  }
}

/** The assistant text a Chat-adapter answer with these values would be (used by scripted models and demos). */
export const renderChatAnswer = (signature: Signature, values: FieldValues): string =>
  chatAssistantContent(signature, values, NOT_SUPPLIED)
