// Turns what a model wrote into a field's value: lax coercion in the spirit of DSPy's `parse_value`
// (pydantic lax mode: "4" → 4, "yes" → true, quoted or `Literal[...]`-wrapped enum values), then the
// field's own zod schema validates the result, so constraints like `.min(-1).max(1)` hold on every output.
import type { z } from "zod"
import type { FieldType } from "../signature/field-type.ts"
import type { SignatureField } from "../signature/signature.ts"
import { parseTolerantJson } from "./tolerant-json.ts"

/** Outcome of coercing one value. */
export type Coerced = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string }

const fail = (reason: string): Coerced => ({ ok: false, reason })
const succeed = (value: unknown): Coerced => ({ ok: true, value })

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/
// pydantic's lax bool strings (pydantic-core `str_as_bool`).
const TRUE_WORDS = new Set(["1", "on", "t", "true", "y", "yes"])
const FALSE_WORDS = new Set(["0", "off", "f", "false", "n", "no"])

const numberFromText = (text: string): number | undefined => {
  const trimmed = text.trim().replace(/[.,;]$/, "")
  const cleaned = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(trimmed) ? trimmed.replaceAll(",", "") : trimmed
  return NUMBER.test(cleaned) ? Number(cleaned) : undefined
}

const matchEnum = (raw: unknown, values: ReadonlyArray<string>): Coerced => {
  if (typeof raw !== "string") {
    const text = String(raw)
    return values.includes(text) ? succeed(text) : fail(`${JSON.stringify(raw)} is not one of ${values.join(", ")}`)
  }
  if (values.includes(raw)) return succeed(raw)
  let text = raw.trim()
  if ((text.startsWith("Literal[") || text.startsWith("str[")) && text.endsWith("]")) {
    text = text.slice(text.indexOf("[") + 1, -1)
  }
  if (text.length > 1 && (text[0] === '"' || text[0] === "'") && text[0] === text[text.length - 1]) {
    text = text.slice(1, -1)
  }
  if (values.includes(text)) return succeed(text)
  // Beyond DSPy: case and trailing punctuation are the most common near-misses from small models.
  const folded = text.replace(/[.!]$/, "").toLowerCase()
  const hit = values.find((value) => value.toLowerCase() === folded)
  return hit === undefined ? fail(`${JSON.stringify(raw)} is not one of ${values.join(", ")}`) : succeed(hit)
}

const fromTextIfNeeded = (value: unknown): unknown => {
  if (typeof value !== "string") return value
  const parsed = parseTolerantJson(value)
  return parsed === undefined ? value : parsed.value
}

/** Coerces a JSON-like value towards `type` (recursively); the zod schema validates afterwards. */
export const coerceToType = (value: unknown, type: FieldType): Coerced => {
  switch (type.kind) {
    case "string":
      if (typeof value === "string") return succeed(value)
      if (value === null || value === undefined) return fail("missing text")
      return succeed(typeof value === "object" ? JSON.stringify(value) : String(value))
    case "number": {
      if (typeof value === "number") return succeed(value)
      if (typeof value === "string") {
        const parsed = numberFromText(value)
        if (parsed !== undefined) return succeed(parsed)
      }
      return fail(`${JSON.stringify(value)} is not a number`)
    }
    case "int": {
      const number = typeof value === "number" ? value : typeof value === "string" ? numberFromText(value) : undefined
      if (number !== undefined && Number.isInteger(number)) return succeed(number)
      return fail(`${JSON.stringify(value)} is not an integer`)
    }
    case "boolean": {
      if (typeof value === "boolean") return succeed(value)
      if (value === 0 || value === 1) return succeed(value === 1)
      if (typeof value === "string") {
        const word = value.trim().toLowerCase().replace(/[.!]$/, "")
        if (TRUE_WORDS.has(word)) return succeed(true)
        if (FALSE_WORDS.has(word)) return succeed(false)
      }
      return fail(`${JSON.stringify(value)} is not a boolean`)
    }
    case "enum":
      return matchEnum(value, type.values)
    case "array": {
      const candidate = fromTextIfNeeded(value)
      if (!Array.isArray(candidate)) return fail(`expected a list but got ${JSON.stringify(value)}`)
      const items: unknown[] = []
      for (let index = 0; index < candidate.length; index++) {
        const item = coerceToType(candidate[index], type.element)
        if (!item.ok) return fail(`item ${index}: ${item.reason}`)
        items.push(item.value)
      }
      return succeed(items)
    }
    case "object": {
      const candidate = fromTextIfNeeded(value)
      if (candidate === null || typeof candidate !== "object" || Array.isArray(candidate)) {
        return fail(`expected an object but got ${JSON.stringify(value)}`)
      }
      const source = candidate as Record<string, unknown>
      const result: Record<string, unknown> = {}
      for (const property of type.fields) {
        const raw = source[property.name]
        if (raw === undefined || raw === null) {
          if (property.optional) continue
          return fail(`property "${property.name}" is missing`)
        }
        const coerced = coerceToType(raw, property.type)
        if (!coerced.ok) return fail(`property "${property.name}": ${coerced.reason}`)
        result[property.name] = coerced.value
      }
      return succeed(result)
    }
    case "optional":
      if (value === null || value === undefined) return succeed(undefined)
      if (typeof value === "string" && /^(none|null|n\/a)?$/i.test(value.trim())) return succeed(undefined)
      return coerceToType(value, type.inner)
    case "history":
      return succeed(fromTextIfNeeded(value))
    case "json":
      return succeed(fromTextIfNeeded(value))
  }
}

const formatIssues = (error: z.ZodError): string =>
  error.issues
    .map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`))
    .join("; ")

const typeOf = (field: SignatureField): FieldType =>
  field.optional ? { kind: "optional", inner: field.type } : field.type

/** Coerces then validates a value against the field's zod schema. */
export const coerceFieldValue = (value: unknown, field: SignatureField): Coerced => {
  const coerced = coerceToType(value, typeOf(field))
  if (!coerced.ok) return coerced
  const checked = field.schema.safeParse(coerced.value)
  return checked.success ? succeed(checked.data) : fail(formatIssues(checked.error))
}

/** Validates a caller-supplied value (an input) against the field's zod schema, without coercion. */
export const validateFieldValue = (value: unknown, field: SignatureField): Coerced => {
  const checked = field.schema.safeParse(value)
  return checked.success ? succeed(checked.data) : fail(formatIssues(checked.error))
}
