// DSPy's `format_field_value`: how an input or demo value is printed inside a prompt (lists given to a
// text field become a numbered «»-quoted list, objects become Python-style JSON, scalars use Python `str`).
import { pythonJsonDumps, pythonStr } from "../internal/python-json.ts"
import type { FieldType } from "../signature/field-type.ts"

// dspy/adapters/utils.py `_format_blob`
const formatBlob = (blob: string): string => {
  if (!blob.includes("\n") && !blob.includes("«") && !blob.includes("»")) return `«${blob}»`
  return `«««\n    ${blob.replaceAll("\n", "\n    ")}\n»»»`
}

// dspy/adapters/utils.py `_format_input_list_field_value`
const formatList = (values: ReadonlyArray<unknown>): string => {
  if (values.length === 0) return "N/A"
  if (values.length === 1) return formatBlob(pythonStr(values[0]))
  return values.map((value, index) => `[${index + 1}] ${formatBlob(pythonStr(value))}`).join("\n")
}

/** Renders a value for a prompt the way DSPy does for a field of `type` (undefined type = untyped). */
export const formatFieldValue = (type: FieldType | undefined, value: unknown): string => {
  if (Array.isArray(value) && type !== undefined && type.kind === "string") return formatList(value)
  if (value !== null && typeof value === "object") return pythonJsonDumps(value)
  return pythonStr(value)
}
