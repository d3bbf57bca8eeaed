// Python-compatible JSON rendering: DSPy prints values with `json.dumps(..., ensure_ascii=False)`, whose
// separators (", " and ": ") differ from JSON.stringify; matching them keeps prompts byte-identical to DSPy's.

/** `json.dumps(value, ensure_ascii=False)` with Python's default separators. */
export const pythonJsonDumps = (value: unknown): string => {
  if (value === null || value === undefined) return "null"
  switch (typeof value) {
    case "string":
      return JSON.stringify(value)
    case "number":
      return Number.isFinite(value) ? String(value) : value > 0 ? "Infinity" : value < 0 ? "-Infinity" : "NaN"
    case "boolean":
      return value ? "true" : "false"
    case "bigint":
      return value.toString()
    case "object": {
      if (Array.isArray(value)) {
        if (value.length === 0) return "[]"
        let text = "["
        for (let index = 0; index < value.length; index++) {
          if (index > 0) text += ", "
          text += pythonJsonDumps(value[index])
        }
        return `${text}]`
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString())
      const entries = Object.entries(value)
      let text = "{"
      let first = true
      for (const [key, entry] of entries) {
        if (entry === undefined) continue
        if (!first) text += ", "
        first = false
        text += `${JSON.stringify(key)}: ${pythonJsonDumps(entry)}`
      }
      return `${text}}`
    }
    default:
      return JSON.stringify(String(value))
  }
}

/** Python `repr` of a JSON-like value (single-quoted strings, True/False/None), as DSPy prints tool argument dicts. */
export const pythonRepr = (value: unknown): string => {
  if (value === null || value === undefined) return "None"
  switch (typeof value) {
    case "string":
      return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'").replaceAll("\n", "\\n")}'`
    case "number":
      return String(value)
    case "boolean":
      return value ? "True" : "False"
    case "object": {
      if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`
      return `{${Object.entries(value)
        .filter(([, entry]) => entry !== undefined)
        .map(([key, entry]) => `${pythonRepr(key)}: ${pythonRepr(entry)}`)
        .join(", ")}}`
    }
    default:
      return pythonRepr(String(value))
  }
}

/** Python `str(value)` for scalars: booleans print as True/False and null as None. */
export const pythonStr = (value: unknown): string => {
  if (value === null || value === undefined) return "None"
  if (typeof value === "boolean") return value ? "True" : "False"
  if (typeof value === "string") return value
  if (typeof value === "object") return pythonJsonDumps(value)
  return String(value)
}
