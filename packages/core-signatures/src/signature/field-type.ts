// What a signature field's zod type means to a prompt: a small structural description of the zod schema
// (string, number, int, boolean, enum, array, object, optional, history, json) read once and memoised.
import { z } from "zod"

/** One property of a nested object type. */
export interface ObjectFieldType {
  readonly name: string
  readonly type: FieldType
  readonly optional: boolean
}

/** Structural description of a field's zod type; `json` covers everything the string form cannot spell. */
export type FieldType =
  | { readonly kind: "string" }
  | { readonly kind: "number" }
  | { readonly kind: "int" }
  | { readonly kind: "boolean" }
  | { readonly kind: "enum"; readonly values: ReadonlyArray<string> }
  | { readonly kind: "array"; readonly element: FieldType }
  | { readonly kind: "object"; readonly fields: ReadonlyArray<ObjectFieldType>; readonly title?: string }
  | { readonly kind: "optional"; readonly inner: FieldType }
  | { readonly kind: "history" }
  | { readonly kind: "json"; readonly pythonName: string }

const historySchemas = new WeakSet<z.core.$ZodType>()

/**
 * A conversation-history input (DSPy's `dspy.History`): `{ messages: [{ <field>: value, ... }] }`.
 * Adapters expand it into prior user/assistant turns instead of printing it as a field.
 */
export const historyType = (): z.ZodType<{ messages: Array<Record<string, unknown>> }> => {
  const schema = z.object({ messages: z.array(z.record(z.string(), z.unknown())) })
  historySchemas.add(schema)
  return schema
}

/** Whether a zod schema was made by {@link historyType}. */
export const isHistorySchema = (schema: z.core.$ZodType): boolean => historySchemas.has(schema)

const INT_FORMATS = new Set(["safeint", "int32", "uint32"])
const described = new WeakMap<z.core.$ZodType, FieldType>()

const describeUncached = (schema: z.core.$ZodType): FieldType => {
  if (historySchemas.has(schema)) return { kind: "history" }
  if (schema instanceof z.ZodString) return { kind: "string" }
  if (schema instanceof z.ZodNumber) {
    return schema.format !== null && INT_FORMATS.has(schema.format) ? { kind: "int" } : { kind: "number" }
  }
  if (schema instanceof z.ZodBoolean) return { kind: "boolean" }
  if (schema instanceof z.ZodEnum) return { kind: "enum", values: schema.options.map(String) }
  if (schema instanceof z.ZodLiteral) {
    const values = [...schema.values]
    if (values.every((value) => typeof value === "string")) return { kind: "enum", values: values.map(String) }
  }
  if (schema instanceof z.ZodUnion) {
    const values: string[] = []
    let allStringLiterals = schema.options.length > 0
    for (const option of schema.options) {
      if (!(option instanceof z.ZodLiteral)) {
        allStringLiterals = false
        break
      }
      for (const value of option.values) {
        if (typeof value === "string") values.push(value)
        else allStringLiterals = false
      }
    }
    if (allStringLiterals) return { kind: "enum", values }
  }
  if (schema instanceof z.ZodArray) return { kind: "array", element: describeFieldType(schema.element) }
  if (schema instanceof z.ZodObject) {
    const fields: ObjectFieldType[] = []
    for (const [name, property] of Object.entries(schema.shape)) {
      const described = describeFieldType(property)
      const optional = described.kind === "optional"
      fields.push({ name, type: described.kind === "optional" ? described.inner : described, optional })
    }
    const title = schema.meta()?.title
    return typeof title === "string" ? { kind: "object", fields, title } : { kind: "object", fields }
  }
  if (schema instanceof z.ZodOptional) return { kind: "optional", inner: describeFieldType(schema.unwrap()) }
  if (schema instanceof z.ZodDefault) return { kind: "optional", inner: describeFieldType(schema.unwrap()) }
  if (schema instanceof z.ZodRecord) return { kind: "json", pythonName: "dict[str, Any]" }
  return { kind: "json", pythonName: "Any" }
}

/** Describes a zod schema (memoised per schema instance; zod schemas are immutable). */
export const describeFieldType = (schema: z.core.$ZodType): FieldType => {
  const cached = described.get(schema)
  if (cached !== undefined) return cached
  const type = describeUncached(schema)
  described.set(schema, type)
  return type
}

const needsParentheses = (type: FieldType): boolean => type.kind === "enum" && type.values.length > 1

/**
 * The type as written in the string form: `string`, `number`, `int`, `boolean`, `"a" | "b"`, `T[]`,
 * `{ a: string, b?: int }`, `history`, `json`. Optional wrappers are written on the field name (`name?`).
 */
export const typeText = (type: FieldType): string => {
  switch (type.kind) {
    case "string":
    case "number":
    case "int":
    case "boolean":
    case "history":
      return type.kind
    case "json":
      return "json"
    case "enum":
      return type.values.map((value) => JSON.stringify(value)).join(" | ")
    case "array":
      return needsParentheses(type.element) ? `(${typeText(type.element)})[]` : `${typeText(type.element)}[]`
    case "object":
      if (type.fields.length === 0) return "{}"
      return `{ ${type.fields.map((field) => `${field.name}${field.optional ? "?" : ""}: ${typeText(field.type)}`).join(", ")} }`
    case "optional":
      return typeText(type.inner)
  }
}

const pythonQuote = (value: string): string => `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`

/** The Python annotation DSPy would print for this type (`str`, `list[float]`, `Literal['a', 'b']`). */
export const pythonTypeName = (type: FieldType): string => {
  switch (type.kind) {
    case "string":
      return "str"
    case "number":
      return "float"
    case "int":
      return "int"
    case "boolean":
      return "bool"
    case "history":
      return "History"
    case "json":
      return type.pythonName
    case "enum":
      return `Literal[${type.values.map(pythonQuote).join(", ")}]`
    case "array":
      return `list[${pythonTypeName(type.element)}]`
    case "object":
      return type.title ?? "dict"
    case "optional":
      return `Optional[${pythonTypeName(type.inner)}]`
  }
}

/** Builds the zod schema the string form denotes. */
export const schemaForType = (type: FieldType): z.ZodType => {
  switch (type.kind) {
    case "string":
      return z.string()
    case "number":
      return z.number()
    case "int":
      return z.int()
    case "boolean":
      return z.boolean()
    case "history":
      return historyType()
    case "json":
      return z.unknown()
    case "enum": {
      const [first, ...rest] = type.values
      return first === undefined ? z.never() : z.enum([first, ...rest])
    }
    case "array":
      return z.array(schemaForType(type.element))
    case "object": {
      const shape: Record<string, z.ZodType> = {}
      for (const field of type.fields) {
        const property = schemaForType(field.type)
        shape[field.name] = field.optional ? property.optional() : property
      }
      return z.object(shape)
    }
    case "optional":
      return schemaForType(type.inner).optional()
  }
}

type JsonSchemaNode = { readonly [key: string]: unknown }

const SAFE_BOUND = Number.MAX_SAFE_INTEGER

// DSPy's `_get_json_schema` moves `type` to the front and sorts the other keys, recursively, "for LLM
// readability/adherence" (dspy/adapters/utils.py); zod's safe-integer bounds are dropped because pydantic
// never prints them for `int`.
const tidySchema = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(tidySchema)
  if (node === null || typeof node !== "object") return node
  const record = node as JsonSchemaNode
  const keys = Object.keys(record)
    .filter((key) => key !== "$schema")
    .filter(
      (key) => !(record.type === "integer" && (key === "minimum" || key === "maximum") && isSafeBound(record[key]))
    )
    .sort((a, b) => (a === "type" ? -1 : b === "type" ? 1 : a < b ? -1 : a > b ? 1 : 0))
  const tidy: Record<string, unknown> = {}
  for (const key of keys) tidy[key] = tidySchema(record[key])
  return tidy
}

const isSafeBound = (value: unknown): boolean => value === SAFE_BOUND || value === -SAFE_BOUND

const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>()

/** JSON Schema of a field type via zod 4's `z.toJSONSchema`, keys ordered the way DSPy prints them. */
export const fieldJsonSchema = (schema: z.ZodType): Record<string, unknown> => {
  const cached = jsonSchemas.get(schema)
  if (cached !== undefined) return cached
  const raw = z.toJSONSchema(schema, { unrepresentable: "any", io: "output" })
  const tidy = tidySchema(raw) as Record<string, unknown>
  jsonSchemas.set(schema, tidy)
  return tidy
}
