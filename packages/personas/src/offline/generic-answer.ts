// Schema-valid answers for signatures the offline model has no behavioural model for: each output gets the
// simplest value its type allows (the midpoint of a stated range, the first choice of a Literal, an empty
// list, an object with its required fields), texts say plainly that no language model answered, a ReAct step
// finishes at once, and demos in the prompt are followed (nearest by shared words).
import { blendNumber, jaccardDistance, neighbourhood, voteLabel } from "./in-context.ts"
import type { DemoReading, OutputFieldPlan } from "./prompt-reader.ts"

export const NO_MODEL_TEXT = "The offline persona model (not a language model) has no answer for this field."

// A range stated in a description: "(0-1)", "(-1 to +1)", "between 0 and 100", "0 to 10".
const RANGE = /(-?\d+(?:\.\d+)?)\s*(?:-|to|and|–)\s*\+?(-?\d+(?:\.\d+)?)/

const rangeMidpoint = (description: string): number | undefined => {
  const m = RANGE.exec(description)
  if (m === null) return undefined
  const low = Number(m[1])
  const high = Number(m[2])
  return Number.isFinite(low) && Number.isFinite(high) && high > low ? (low + high) / 2 : undefined
}

/** The simplest value a JSON schema accepts. */
export const valueForSchema = (schema: unknown): unknown => {
  if (schema === null || typeof schema !== "object") return null
  const node = schema as Record<string, unknown>
  if ("const" in node) return node.const
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0]
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const options = node[key]
    if (Array.isArray(options) && options.length > 0) return valueForSchema(options[0])
  }
  const type = Array.isArray(node.type) ? node.type[0] : node.type
  switch (type) {
    case "string":
      return typeof node.minLength === "number" && node.minLength > 0 ? "x".repeat(node.minLength) : NO_MODEL_TEXT
    case "number":
    case "integer": {
      const low =
        typeof node.minimum === "number"
          ? node.minimum
          : typeof node.exclusiveMinimum === "number"
            ? node.exclusiveMinimum
            : undefined
      const high =
        typeof node.maximum === "number"
          ? node.maximum
          : typeof node.exclusiveMaximum === "number"
            ? node.exclusiveMaximum
            : undefined
      let value =
        low !== undefined && high !== undefined
          ? (low + high) / 2
          : low !== undefined
            ? low + 1
            : high !== undefined
              ? high - 1
              : 0
      if (type === "integer") {
        value = Math.round(value)
        if (low !== undefined && value <= low && typeof node.exclusiveMinimum === "number") value = low + 1
      }
      return value
    }
    case "boolean":
      return false
    case "null":
      return null
    case "array": {
      const count = typeof node.minItems === "number" ? node.minItems : 0
      return Array.from({ length: count }, () => valueForSchema(node.items))
    }
    case "object": {
      const properties = (node.properties ?? {}) as Record<string, unknown>
      const required = Array.isArray(node.required) ? (node.required as string[]) : []
      const value: Record<string, unknown> = {}
      for (const key of required) value[key] = valueForSchema(properties[key])
      return value
    }
    default:
      return null
  }
}

/** The simplest valid value of one output field, from the chat prompt's type note. */
export const defaultValue = (field: OutputFieldPlan): unknown => {
  if (field.enumValues !== undefined && field.enumValues.length > 0) {
    return field.enumValues.includes("finish") ? "finish" : field.enumValues[0]
  }
  if (field.jsonSchema !== undefined) return valueForSchema(field.jsonSchema)
  const type = field.pythonType.replace(/^Optional\[(.*)\]$/, "$1")
  if (type === "float") return rangeMidpoint(field.description) ?? 0
  if (type === "int") return Math.round(rangeMidpoint(field.description) ?? 0)
  if (type === "bool") return false
  if (type.startsWith("list[")) return []
  if (type.startsWith("dict") || type === "Any") return {}
  if (field.name === "next_thought") return "The offline persona model has no tools to use here; finishing."
  return NO_MODEL_TEXT
}

const tokens = (values: Readonly<Record<string, string>>): Set<string> => {
  const set = new Set<string>()
  for (const value of Object.values(values))
    for (const token of value.toLowerCase().match(/[a-z0-9]+/g) ?? []) set.add(token)
  return set
}

const parseValue = (field: OutputFieldPlan, raw: string | undefined): unknown => {
  if (raw === undefined) return undefined
  const type = field.pythonType
  if (type === "float" || type === "int") {
    const value = Number(raw)
    return Number.isFinite(value) ? value : undefined
  }
  if (type === "bool") return /^(true|yes|1)$/i.test(raw.trim())
  if (type.startsWith("list[") || type.startsWith("dict") || field.jsonSchema !== undefined) {
    try {
      return JSON.parse(raw)
    } catch {
      return undefined
    }
  }
  return raw
}

/** Output values for a signature without a behavioural model, following close demos. */
export const genericAnswer = (
  outputs: ReadonlyArray<OutputFieldPlan>,
  inputs: Readonly<Record<string, string>>,
  demos: ReadonlyArray<DemoReading>,
  /** The properties of a structured-output schema, when the request has one (they state exact constraints). */
  schemaProperties: Readonly<Record<string, unknown>> = {}
): Record<string, unknown> => {
  const query = tokens(inputs)
  // Word overlap distance lives in [0, 1]: a bandwidth of 0.3 makes an identical demo weigh 1 and a half-
  // overlapping one 0.25.
  const hood = neighbourhood(
    demos.map((demo) => jaccardDistance(query, tokens(demo.inputs))),
    0.3
  )
  const values: Record<string, unknown> = {}
  for (const field of outputs) {
    const model = field.name in schemaProperties ? valueForSchema(schemaProperties[field.name]) : defaultValue(field)
    const demoValues = demos.map((demo) => parseValue(field, demo.outputs[field.name]))
    if (typeof model === "number") {
      const blended = blendNumber(
        model,
        demoValues.map((value) => (typeof value === "number" ? value : undefined)),
        hood
      )
      values[field.name] = field.pythonType === "int" ? Math.round(blended) : blended
    } else {
      const keyed = demoValues.map((value) => (value === undefined ? undefined : JSON.stringify(value)))
      const chosen = voteLabel(JSON.stringify(model), keyed, hood)
      values[field.name] = JSON.parse(chosen)
    }
  }
  return values
}
