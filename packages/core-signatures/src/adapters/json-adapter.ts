// DSPy's JSONAdapter: the same system message with a JSON output structure, answers requested through
// structured outputs (zod → JSON Schema via z.toJSONSchema, strict when the schema allows it, else
// `json_object`), and tolerant extraction of the JSON object from whatever text comes back.
import { z } from "zod"
import type { Example } from "../example.ts"
import type { ChatMessage, ResponseFormat } from "../lm/types.ts"
import { type FieldType, pythonTypeName } from "../signature/field-type.ts"
import type { FieldValues, Signature, SignatureField } from "../signature/signature.ts"
import type { Adapter, ParseOutcome } from "./adapter.ts"
import { fieldPlaceholder, PromptFormatter } from "./chat-adapter.ts"
import { coerceFieldValue } from "./coerce.ts"
import { extractJsonObject } from "./tolerant-json.ts"

const header = (name: string): string => `[[ ## ${name} ## ]]`

const typeOf = (field: SignatureField): FieldType =>
  field.optional ? { kind: "optional", inner: field.type } : field.type

const jsonFieldStructure = (signature: Signature): string => {
  const outputs: Record<string, string> = {}
  for (const field of signature.outputFields) outputs[field.name] = fieldPlaceholder(field)
  return [
    "All interactions will be structured in the following way, with the appropriate values filled in.",
    "Inputs will have the following structure:",
    signature.inputFields
      .map((field) => `${header(field.name)}\n${fieldPlaceholder(field)}`)
      .join("\n\n")
      .trim(),
    "Outputs will be a JSON object with the following fields.",
    JSON.stringify(outputs, null, 2)
  ]
    .join("\n\n")
    .trim()
}

const jsonOutputRequirements = (signature: Signature): string =>
  `Respond with a JSON object in the following order of fields: ${signature.outputFields
    .map((field) => {
      const plain = !field.optional && field.type.kind === "string"
      return `\`${field.name}\`${plain ? "" : ` (must be formatted as a valid Python ${pythonTypeName(typeOf(field))})`}`
    })
    .join(", then ")}.`

const jsonAssistantContent = (signature: Signature, values: FieldValues, missing: string): string => {
  const outputs: Record<string, unknown> = {}
  for (const field of signature.outputFields) {
    outputs[field.name] = values[field.name] === undefined ? missing : values[field.name]
  }
  return JSON.stringify(outputs, null, 2)
}

// OpenAI strict structured outputs need every property required and closed objects, recursively.
const isStrictCompatible = (node: unknown): boolean => {
  if (Array.isArray(node)) return node.every(isStrictCompatible)
  if (node === null || typeof node !== "object") return true
  const schema = node as Record<string, unknown>
  if (Object.keys(schema).length === 0) return false
  if (schema.type === "object") {
    const properties = schema.properties
    if (properties === null || typeof properties !== "object") return false
    const required = Array.isArray(schema.required) ? schema.required : []
    if (schema.additionalProperties !== false) return false
    if (Object.keys(properties).some((key) => !required.includes(key))) return false
  }
  return Object.entries(schema).every(([key, value]) => key === "required" || isStrictCompatible(value))
}

const responseFormats = new WeakMap<Signature, ResponseFormat>()

/** The structured-output request for a signature's outputs (json_schema when strict-compatible, else json_object). */
export const structuredResponseFormat = (signature: Signature): ResponseFormat => {
  const cached = responseFormats.get(signature)
  if (cached !== undefined) return cached
  const shape: Record<string, z.ZodType> = {}
  for (const field of signature.outputFields) shape[field.name] = field.schema
  const raw = z.toJSONSchema(z.object(shape), { unrepresentable: "any", io: "output" }) as Record<string, unknown>
  const { $schema: _ignored, ...schema } = raw
  const format: ResponseFormat = isStrictCompatible(schema)
    ? { type: "json_schema", name: "outputs", schema, strict: true }
    : { type: "json_object" }
  responseFormats.set(signature, format)
  return format
}

const outputNames = (signature: Signature): ReadonlyArray<string> => signature.outputFields.map((field) => field.name)

// Models sometimes wrap the answer ({"outputs": {...}}, {"properties": {...}}, dspy#8539): unwrap one level
// when the top level has none of the output fields but a single nested object has some.
const unwrap = (
  object: Readonly<Record<string, unknown>>,
  names: ReadonlyArray<string>
): Readonly<Record<string, unknown>> => {
  if (names.some((name) => name in object)) return object
  const nested = Object.values(object).filter(
    (value): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value)
  )
  const candidate = nested.find((value) => names.some((name) => name in value))
  return candidate ?? object
}

/** Reads the output fields from a JSON answer embedded anywhere in `completion`. */
export const parseJsonCompletion = (signature: Signature, completion: string): ParseOutcome => {
  const object = extractJsonObject(completion)
  if (object === undefined) return { ok: false, field: undefined, reason: "no JSON object found in the answer" }
  const fields = unwrap(object, outputNames(signature))
  const values: Record<string, unknown> = {}
  for (const field of signature.outputFields) {
    const raw = fields[field.name]
    if (raw === undefined) {
      if (field.optional) continue
      return { ok: false, field: field.name, reason: `the key "${field.name}" is missing from the JSON object` }
    }
    const coerced = coerceFieldValue(raw, field)
    if (!coerced.ok) return { ok: false, field: field.name, reason: coerced.reason }
    if (coerced.value !== undefined) values[field.name] = coerced.value
  }
  return { ok: true, values }
}

/** DSPy's JSONAdapter: a JSON object answer, requested through structured outputs. */
export class JsonAdapter implements Adapter {
  readonly kind = "json" as const
  private readonly formatter = new PromptFormatter({
    fieldStructure: jsonFieldStructure,
    outputRequirements: jsonOutputRequirements,
    assistantContent: jsonAssistantContent
  })

  format(signature: Signature, demos: ReadonlyArray<Example>, inputs: FieldValues): ReadonlyArray<ChatMessage> {
    return this.formatter.format(signature, demos, inputs)
  }

  parse(signature: Signature, completion: string): ParseOutcome {
    return parseJsonCompletion(signature, completion)
  }

  responseFormat(signature: Signature): ResponseFormat {
    return structuredResponseFormat(signature)
  }
}

/** The JSON text a JSON-adapter answer with these values would be. */
export const renderJsonAnswer = (signature: Signature, values: FieldValues): string =>
  jsonAssistantContent(signature, values, "Not supplied for this particular example. ")
