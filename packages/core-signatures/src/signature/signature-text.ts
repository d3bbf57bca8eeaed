// The string form of a signature: `"instructions" question, context: string[] -> answer: int "desc"`.
// A small tokenizer + recursive-descent parser, and the printer that round-trips it.
import { Result } from "effect"
import { SignatureError } from "../errors.ts"
import type { FieldType, ObjectFieldType } from "./field-type.ts"

/** One field as written in the string form. */
export interface ParsedField {
  readonly name: string
  readonly type: FieldType
  readonly optional: boolean
  readonly description: string | undefined
}

/** The parts of a string-form signature. */
export interface ParsedSignature {
  readonly instructions: string | undefined
  readonly inputs: ReadonlyArray<ParsedField>
  readonly outputs: ReadonlyArray<ParsedField>
}

type Token =
  | { readonly kind: "name"; readonly text: string; readonly at: number }
  | { readonly kind: "string"; readonly text: string; readonly at: number }
  | { readonly kind: "punct"; readonly text: string; readonly at: number }
  | { readonly kind: "end"; readonly text: ""; readonly at: number }

const PUNCTUATION = new Set([",", ":", "[", "]", "{", "}", "(", ")", "|", "?"])

const tokenize = (text: string): Result.Result<ReadonlyArray<Token>, SignatureError> => {
  const tokens: Token[] = []
  let index = 0
  while (index < text.length) {
    const char = text.charAt(index)
    if (/\s/.test(char)) {
      index++
      continue
    }
    if (char === "-" && text.charAt(index + 1) === ">") {
      tokens.push({ kind: "punct", text: "->", at: index })
      index += 2
      continue
    }
    if (PUNCTUATION.has(char)) {
      tokens.push({ kind: "punct", text: char, at: index })
      index++
      continue
    }
    if (char === '"' || char === "'") {
      const start = index
      let value = ""
      index++
      let closed = false
      while (index < text.length) {
        const current = text.charAt(index)
        if (current === "\\") {
          const next = text.charAt(index + 1)
          value += next === "n" ? "\n" : next === "t" ? "\t" : next
          index += 2
          continue
        }
        if (current === char) {
          closed = true
          index++
          break
        }
        value += current
        index++
      }
      if (!closed) return Result.fail(new SignatureError({ reason: "unterminated string literal", position: start }))
      tokens.push({ kind: "string", text: value, at: start })
      continue
    }
    const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(index))
    if (match === null) {
      return Result.fail(
        new SignatureError({ reason: `unexpected character ${JSON.stringify(char)}`, position: index })
      )
    }
    tokens.push({ kind: "name", text: match[0], at: index })
    index += match[0].length
  }
  tokens.push({ kind: "end", text: "", at: text.length })
  return Result.succeed(tokens)
}

const PRIMITIVES: Record<string, FieldType> = {
  string: { kind: "string" },
  str: { kind: "string" },
  number: { kind: "number" },
  float: { kind: "number" },
  int: { kind: "int" },
  integer: { kind: "int" },
  boolean: { kind: "boolean" },
  bool: { kind: "boolean" },
  history: { kind: "history" },
  History: { kind: "history" },
  "dspy.History": { kind: "history" },
  json: { kind: "json", pythonName: "Any" },
  Any: { kind: "json", pythonName: "Any" },
  dict: { kind: "json", pythonName: "dict[str, Any]" }
}

class Parser {
  private position = 0
  readonly tokens: ReadonlyArray<Token>
  constructor(tokens: ReadonlyArray<Token>) {
    this.tokens = tokens
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)] ?? { kind: "end", text: "", at: 0 }
  }

  next(): Token {
    const token = this.peek()
    this.position++
    return token
  }

  fail(reason: string, token: Token = this.peek()): never {
    throw new SignatureError({ reason, position: token.at })
  }

  expect(text: string): Token {
    const token = this.next()
    if (token.text !== text || token.kind === "string")
      this.fail(`expected "${text}" but found ${describe(token)}`, token)
    return token
  }

  accept(text: string): boolean {
    const token = this.peek()
    if (token.kind === "punct" && token.text === text) {
      this.position++
      return true
    }
    return false
  }

  signature(): ParsedSignature {
    let instructions: string | undefined
    if (this.peek().kind === "string") instructions = this.next().text
    const inputs = this.peek().kind === "punct" && this.peek().text === "->" ? [] : this.fieldList()
    this.expect("->")
    const outputs = this.fieldList()
    const trailing = this.peek()
    if (trailing.kind !== "end") this.fail(`unexpected ${describe(trailing)} after the output fields`, trailing)
    return { instructions, inputs, outputs }
  }

  fieldList(): ParsedField[] {
    const fields = [this.field()]
    while (this.accept(",")) fields.push(this.field())
    return fields
  }

  field(): ParsedField {
    const nameToken = this.next()
    if (nameToken.kind !== "name") this.fail(`expected a field name but found ${describe(nameToken)}`, nameToken)
    const optional = this.accept("?")
    let type: FieldType = { kind: "string" }
    let fieldOptional = optional
    if (this.accept(":")) {
      type = this.type()
      if (type.kind === "optional") {
        fieldOptional = true
        type = type.inner
      }
    }
    let description: string | undefined
    if (this.peek().kind === "string") description = this.next().text
    return { name: nameToken.text, type, optional: fieldOptional, description }
  }

  type(): FieldType {
    let type = this.primary()
    while (this.peek().text === "[" && this.peek(1).text === "]") {
      this.next()
      this.next()
      type = { kind: "array", element: type }
    }
    return type
  }

  primary(): FieldType {
    const token = this.peek()
    if (token.kind === "string") return this.literalUnion()
    if (token.kind === "punct" && token.text === "(") {
      this.next()
      const inner = this.type()
      this.expect(")")
      return inner
    }
    if (token.kind === "punct" && token.text === "{") return this.objectType()
    if (token.kind !== "name") return this.fail(`expected a type but found ${describe(token)}`, token)
    this.next()
    if (token.text === "list" || token.text === "List") {
      this.expect("[")
      const element = this.type()
      this.expect("]")
      return { kind: "array", element }
    }
    if (token.text === "Literal") {
      this.expect("[")
      const values = [this.literalValue()]
      while (this.accept(",")) values.push(this.literalValue())
      this.expect("]")
      return { kind: "enum", values }
    }
    if (token.text === "Optional") {
      this.expect("[")
      const inner = this.type()
      this.expect("]")
      return { kind: "optional", inner }
    }
    if ((token.text === "dict" || token.text === "Dict") && this.peek().text === "[") {
      this.next()
      let depth = 1
      while (depth > 0) {
        const skipped = this.next()
        if (skipped.kind === "end") this.fail("unclosed dict[...]", skipped)
        if (skipped.text === "[") depth++
        if (skipped.text === "]") depth--
      }
      return { kind: "json", pythonName: "dict[str, Any]" }
    }
    const primitive = PRIMITIVES[token.text]
    if (primitive === undefined) {
      return this.fail(
        `unknown type "${token.text}" (use string, number, int, boolean, "a" | "b", T[], { ... }, json)`,
        token
      )
    }
    return primitive
  }

  literalValue(): string {
    const token = this.next()
    if (token.kind !== "string") this.fail(`expected a quoted literal but found ${describe(token)}`, token)
    return token.text
  }

  literalUnion(): FieldType {
    const values = [this.literalValue()]
    while (this.accept("|")) values.push(this.literalValue())
    return { kind: "enum", values }
  }

  objectType(): FieldType {
    this.expect("{")
    const fields: ObjectFieldType[] = []
    if (!this.accept("}")) {
      do {
        const nameToken = this.next()
        if (nameToken.kind !== "name") this.fail(`expected a property name but found ${describe(nameToken)}`, nameToken)
        const optional = this.accept("?")
        this.expect(":")
        const type = this.type()
        fields.push(
          type.kind === "optional"
            ? { name: nameToken.text, type: type.inner, optional: true }
            : { name: nameToken.text, type, optional }
        )
      } while (this.accept(","))
      this.expect("}")
    }
    return { kind: "object", fields }
  }
}

const describe = (token: Token): string =>
  token.kind === "end" ? "the end of the text" : token.kind === "string" ? `"${token.text}"` : `"${token.text}"`

/** Parses the string form; the error names the character position of the problem. */
export const parseSignatureText = (text: string): Result.Result<ParsedSignature, SignatureError> => {
  const tokens = tokenize(text)
  if (Result.isFailure(tokens)) return Result.fail(tokens.failure)
  const parser = new Parser(tokens.success)
  try {
    return Result.succeed(parser.signature())
  } catch (error) {
    if (error instanceof SignatureError) return Result.fail(error)
    throw error
  }
}
