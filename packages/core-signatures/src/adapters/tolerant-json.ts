// Tolerant JSON for model output: accepts code fences, single quotes, unquoted keys, trailing or missing
// commas, comments, Python literals (True/False/None) and truncated endings, and finds the first object in
// surrounding prose, the failure modes DSPy users report for JSONAdapter (dspy#8539, #8264, #9573).

type Parsed = { readonly ok: true; readonly value: unknown; readonly end: number } | { readonly ok: false }

const FAIL: Parsed = { ok: false }

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0

class TolerantParser {
  readonly text: string
  index: number
  constructor(text: string, start: number) {
    this.text = text
    this.index = start
  }

  skip(): void {
    const text = this.text
    while (this.index < text.length) {
      const code = text.charCodeAt(this.index)
      if (isSpace(code)) {
        this.index++
      } else if (code === 47 && text.charCodeAt(this.index + 1) === 47) {
        const end = text.indexOf("\n", this.index)
        this.index = end === -1 ? text.length : end + 1
      } else if (code === 47 && text.charCodeAt(this.index + 1) === 42) {
        const end = text.indexOf("*/", this.index + 2)
        this.index = end === -1 ? text.length : end + 2
      } else {
        return
      }
    }
  }

  value(depth: number): Parsed {
    if (depth > 200) return FAIL
    this.skip()
    if (this.index >= this.text.length) return FAIL
    const char = this.text.charAt(this.index)
    if (char === "{") return this.object(depth)
    if (char === "[") return this.array(depth)
    if (char === '"' || char === "'") return this.string(char)
    if (char === "-" || char === "+" || char === "." || (char >= "0" && char <= "9")) return this.number()
    return this.word()
  }

  object(depth: number): Parsed {
    this.index++
    const result: Record<string, unknown> = {}
    for (;;) {
      this.skip()
      if (this.index >= this.text.length) return { ok: true, value: result, end: this.index }
      const char = this.text.charAt(this.index)
      if (char === "}") {
        this.index++
        return { ok: true, value: result, end: this.index }
      }
      if (char === ",") {
        this.index++
        continue
      }
      const key = this.key()
      if (key === undefined) return FAIL
      this.skip()
      if (this.text.charAt(this.index) !== ":") return FAIL
      this.index++
      const entry = this.value(depth + 1)
      if (!entry.ok) {
        // A value cut off at the very end (truncated output) closes the object with what we have.
        this.skip()
        if (this.index >= this.text.length) return { ok: true, value: result, end: this.index }
        return FAIL
      }
      result[key] = entry.value
    }
  }

  key(): string | undefined {
    const char = this.text.charAt(this.index)
    if (char === '"' || char === "'") {
      const parsed = this.string(char)
      return parsed.ok && typeof parsed.value === "string" ? parsed.value : undefined
    }
    const match = /^[A-Za-z_$][\w$-]*/.exec(this.text.slice(this.index, this.index + 256))
    if (match === null) return undefined
    this.index += match[0].length
    return match[0]
  }

  array(depth: number): Parsed {
    this.index++
    const result: unknown[] = []
    for (;;) {
      this.skip()
      if (this.index >= this.text.length) return { ok: true, value: result, end: this.index }
      const char = this.text.charAt(this.index)
      if (char === "]") {
        this.index++
        return { ok: true, value: result, end: this.index }
      }
      if (char === ",") {
        this.index++
        continue
      }
      const entry = this.value(depth + 1)
      if (!entry.ok) {
        this.skip()
        if (this.index >= this.text.length) return { ok: true, value: result, end: this.index }
        return FAIL
      }
      result.push(entry.value)
    }
  }

  string(quote: string): Parsed {
    const text = this.text
    let index = this.index + 1
    let value = ""
    let chunkStart = index
    while (index < text.length) {
      const char = text.charAt(index)
      if (char === quote) {
        value += text.slice(chunkStart, index)
        this.index = index + 1
        return { ok: true, value, end: this.index }
      }
      if (char === "\\") {
        value += text.slice(chunkStart, index)
        const next = text.charAt(index + 1)
        switch (next) {
          case "n":
            value += "\n"
            break
          case "t":
            value += "\t"
            break
          case "r":
            value += "\r"
            break
          case "b":
            value += "\b"
            break
          case "f":
            value += "\f"
            break
          case "u": {
            const hex = text.slice(index + 2, index + 6)
            if (/^[0-9a-fA-F]{4}$/.test(hex)) {
              value += String.fromCharCode(Number.parseInt(hex, 16))
              index += 4
            } else {
              value += "u"
            }
            break
          }
          default:
            value += next
        }
        index += 2
        chunkStart = index
        continue
      }
      index++
    }
    // Unterminated string: the output was cut off; keep what arrived.
    value += text.slice(chunkStart)
    this.index = text.length
    return { ok: true, value, end: this.index }
  }

  number(): Parsed {
    const match = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(this.text.slice(this.index, this.index + 64))
    if (match === null) return FAIL
    this.index += match[0].length
    return { ok: true, value: Number(match[0]), end: this.index }
  }

  word(): Parsed {
    const match = /^[A-Za-z_]+/.exec(this.text.slice(this.index, this.index + 16))
    if (match === null) return FAIL
    const word = match[0]
    const literal = LITERALS.get(word)
    if (literal === undefined) return FAIL
    this.index += word.length
    return { ok: true, value: literal.value, end: this.index }
  }
}

const LITERALS = new Map<string, { readonly value: unknown }>([
  ["true", { value: true }],
  ["false", { value: false }],
  ["null", { value: null }],
  ["True", { value: true }],
  ["False", { value: false }],
  ["None", { value: null }]
])

const FENCE = /```[a-zA-Z]*\s*\n?([\s\S]*?)(```|$)/

/** Strips a surrounding markdown code fence (```json ... ```), if any. */
export const stripCodeFence = (text: string): string => {
  const trimmed = text.trim()
  if (!trimmed.startsWith("```")) return trimmed
  const match = FENCE.exec(trimmed)
  return match?.[1] === undefined ? trimmed : match[1].trim()
}

/**
 * Parses `text` as one JSON-like value that must span the whole text (after stripping a code fence).
 * Returns `undefined` when it is not JSON-like.
 */
export const parseTolerantJson = (text: string): { readonly value: unknown } | undefined => {
  const body = stripCodeFence(text)
  if (body.length === 0) return undefined
  const parser = new TolerantParser(body, 0)
  const parsed = parser.value(0)
  if (!parsed.ok) return undefined
  parser.skip()
  return parser.index >= body.length ? { value: parsed.value } : undefined
}

/**
 * Finds the first JSON object in noisy text (prose before/after, code fences, truncation) and parses it.
 * Returns `undefined` when no object can be read.
 */
export const extractJsonObject = (text: string): Readonly<Record<string, unknown>> | undefined => {
  const fenced = FENCE.exec(text)
  const candidates = fenced?.[1] === undefined ? [text] : [fenced[1], text]
  for (const candidate of candidates) {
    let start = candidate.indexOf("{")
    while (start !== -1) {
      const parsed = new TolerantParser(candidate, start).value(0)
      if (parsed.ok && parsed.value !== null && typeof parsed.value === "object" && !Array.isArray(parsed.value)) {
        return parsed.value as Record<string, unknown>
      }
      start = candidate.indexOf("{", start + 1)
    }
  }
  return undefined
}
