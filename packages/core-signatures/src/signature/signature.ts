// Signatures: typed input/output fields (zod) with descriptions plus instructions, immutable edits, the
// string form and DSPy's default instructions ("Given the fields `a`, produce the fields `b`.").
import { Result } from "effect"
import type { z } from "zod"
import { SignatureError } from "../errors.ts"
import { describeFieldType, type FieldType, schemaForType, typeText } from "./field-type.ts"
import { inferPrefix } from "./infer-prefix.ts"
import { type ParsedField, parseSignatureText } from "./signature-text.ts"

/** Whether a field is given to the model or produced by it. */
export type FieldRole = "input" | "output"

/** A field as written in `Signature.make`: a zod type, or one with an explicit description / prefix. */
export type FieldDefinition =
  | z.ZodType
  | { readonly type: z.ZodType; readonly description?: string | undefined; readonly prefix?: string | undefined }

/** A field of a signature. `description` is undefined when none was given (DSPy's hidden `${name}`). */
export interface SignatureField {
  readonly name: string
  readonly role: FieldRole
  readonly schema: z.ZodType
  readonly type: FieldType
  readonly optional: boolean
  readonly description: string | undefined
  readonly prefix: string
}

type SchemaOf<D> = D extends z.ZodType ? D : D extends { readonly type: infer T extends z.ZodType } ? T : never
type OptionalKeys<S> = { [K in keyof S]: undefined extends z.output<SchemaOf<S[K]>> ? K : never }[keyof S]
type Simplify<T> = { [K in keyof T]: T[K] } & {}
/** Arrays become readonly arrays, recursively, so callers may pass readonly data. */
type Immutable<T> =
  T extends ReadonlyArray<infer U>
    ? ReadonlyArray<Immutable<U>>
    : T extends (...args: ReadonlyArray<never>) => unknown
      ? T
      : T extends object
        ? { readonly [K in keyof T]: Immutable<T[K]> }
        : T

/** The value type of a record of field definitions (optional zod types become optional keys). */
export type InferFields<S extends Record<string, FieldDefinition>> = Simplify<
  { readonly [K in Exclude<keyof S, OptionalKeys<S>>]: Immutable<z.output<SchemaOf<S[K]>>> } & {
    readonly [K in OptionalKeys<S>]?: Immutable<z.output<SchemaOf<S[K]>>>
  }
>

/** Any record of field values. */
export type FieldValues = Readonly<Record<string, unknown>>

const NAME = /^[A-Za-z_]\w*$/

const toField = (name: string, role: FieldRole, definition: FieldDefinition): SignatureField => {
  if (!NAME.test(name)) {
    throw new SignatureError({ reason: "field names must be identifiers (letters, digits, _)", field: name })
  }
  const schema = "type" in definition && !("_zod" in definition) ? definition.type : (definition as z.ZodType)
  const explicitDescription = "_zod" in definition ? undefined : definition.description
  const explicitPrefix = "_zod" in definition ? undefined : definition.prefix
  const described = describeFieldType(schema)
  const optional = described.kind === "optional"
  return {
    name,
    role,
    schema,
    type: described.kind === "optional" ? described.inner : described,
    optional,
    description: explicitDescription ?? schema.description,
    prefix: explicitPrefix ?? `${inferPrefix(name)}:`
  }
}

/** DSPy's `_default_instructions`. */
export const defaultInstructions = (
  inputs: ReadonlyArray<{ readonly name: string }>,
  outputs: ReadonlyArray<{ readonly name: string }>
): string =>
  `Given the fields ${inputs.map((field) => `\`${field.name}\``).join(", ")}, produce the fields ${outputs
    .map((field) => `\`${field.name}\``)
    .join(", ")}.`

const checkFields = (fields: ReadonlyArray<SignatureField>): void => {
  const seen = new Set<string>()
  for (const field of fields) {
    if (seen.has(field.name)) throw new SignatureError({ reason: "duplicate field name", field: field.name })
    seen.add(field.name)
  }
  if (!fields.some((field) => field.role === "output")) {
    throw new SignatureError({ reason: "a signature needs at least one output field" })
  }
}

const printField = (field: SignatureField): string => {
  const shown = field.type.kind === "string" ? "" : `: ${typeText(field.type)}`
  const description = field.description === undefined ? "" : ` ${JSON.stringify(field.description)}`
  return `${field.name}${field.optional ? "?" : ""}${shown}${description}`
}

/**
 * A typed task description: named input and output fields (zod types), their descriptions and the
 * instructions. Every edit returns a new signature; the phantom `I`/`O` types follow the fields.
 */
export class Signature<I extends object = FieldValues, O extends object = FieldValues> {
  declare readonly inputType: I
  declare readonly outputType: O
  /** The task instructions (DSPy's docstring), defaulted at creation like DSPy does. */
  readonly instructions: string
  /** All fields, inputs first then outputs, in declaration order. */
  readonly fields: ReadonlyArray<SignatureField>
  readonly inputFields: ReadonlyArray<SignatureField>
  readonly outputFields: ReadonlyArray<SignatureField>
  private readonly byName: ReadonlyMap<string, SignatureField>

  private constructor(fields: ReadonlyArray<SignatureField>, instructions: string | undefined) {
    checkFields(fields)
    this.inputFields = fields.filter((field) => field.role === "input")
    this.outputFields = fields.filter((field) => field.role === "output")
    this.fields = [...this.inputFields, ...this.outputFields]
    this.instructions = instructions ?? defaultInstructions(this.inputFields, this.outputFields)
    this.byName = new Map(this.fields.map((field) => [field.name, field]))
    Object.freeze(this)
  }

  /**
   * Builds a signature from zod-typed fields.
   * @example
   * const QA = Signature.make({
   *   instructions: "Answer the question.",
   *   inputs: { question: z.string() },
   *   outputs: { answer: z.int().describe("the numeric answer") }
   * })
   * @throws SignatureError for a bad field name, a duplicate or no output field (a programming error).
   */
  static make<
    const IS extends Record<string, FieldDefinition>,
    const OS extends Record<string, FieldDefinition>
  >(spec: {
    readonly instructions?: string | undefined
    readonly inputs: IS
    readonly outputs: OS
  }): Signature<InferFields<IS>, InferFields<OS>> {
    const fields = [
      ...Object.entries(spec.inputs).map(([name, definition]) => toField(name, "input", definition)),
      ...Object.entries(spec.outputs).map(([name, definition]) => toField(name, "output", definition))
    ]
    return new Signature(fields, spec.instructions)
  }

  /**
   * Parses the string form, e.g. `"question, context: string[] -> answer: int"`. Types: string (default),
   * number, int, boolean, `"a" | "b"`, `T[]`, `{ a: string, b?: int }`, json, history; DSPy spellings
   * (str, float, bool, list[T], Literal['a', 'b'], Optional[T]) are accepted too. A leading quoted string is
   * the instructions and a quoted string after a field is its description.
   * @throws SignatureError with the character position (use {@link Signature.parseResult} for untrusted text).
   */
  static parse(text: string, instructions?: string): Signature {
    const parsed = Signature.parseResult(text, instructions)
    if (Result.isFailure(parsed)) throw parsed.failure
    return parsed.success
  }

  /** Like {@link Signature.parse} but returns a `Result` instead of throwing. */
  static parseResult(text: string, instructions?: string): Result.Result<Signature, SignatureError> {
    const parsed = parseSignatureText(text)
    if (Result.isFailure(parsed)) return Result.fail(parsed.failure)
    const build = (field: ParsedField, role: FieldRole): SignatureField => {
      const base = schemaForType(field.type)
      return toField(field.name, role, {
        type: field.optional ? base.optional() : base,
        description: field.description
      })
    }
    try {
      const fields = [
        ...parsed.success.inputs.map((field) => build(field, "input")),
        ...parsed.success.outputs.map((field) => build(field, "output"))
      ]
      return Result.succeed(new Signature(fields, instructions ?? parsed.success.instructions))
    } catch (error) {
      if (error instanceof SignatureError) return Result.fail(error)
      throw error
    }
  }

  /** The field called `name`, if any. */
  field(name: string): SignatureField | undefined {
    return this.byName.get(name)
  }

  /** Whether the instructions are still DSPy's default text for these fields. */
  get hasDefaultInstructions(): boolean {
    return this.instructions === defaultInstructions(this.inputFields, this.outputFields)
  }

  /** A copy with new instructions. */
  withInstructions(instructions: string): Signature<I, O> {
    return new Signature(this.fields, instructions)
  }

  /** A copy with `text` appended to the instructions on a new line. */
  appendInstructions(text: string): Signature<I, O> {
    return new Signature(this.fields, `${this.instructions}\n${text}`)
  }

  /** A copy with one field's description, prefix or (same-named) zod type changed. */
  withUpdatedField(
    name: string,
    update: {
      readonly description?: string | undefined
      readonly prefix?: string
      readonly type?: z.ZodType
    }
  ): Signature<I, O> {
    const current = this.byName.get(name)
    if (current === undefined) throw new SignatureError({ reason: "no such field", field: name })
    const rebuilt = toField(name, current.role, {
      type: update.type ?? current.schema,
      description: "description" in update ? update.description : current.description,
      prefix: update.prefix ?? current.prefix
    })
    return new Signature(
      this.fields.map((field) => (field.name === name ? rebuilt : field)),
      this.instructions
    )
  }

  /** A copy with a field added at the start of its role's list (DSPy `prepend`; keeps the instructions). */
  prepend<const N extends string, const D extends FieldDefinition, const R extends FieldRole>(
    name: N,
    role: R,
    definition: D
  ): Signature<
    R extends "input" ? Simplify<InferFields<{ [K in N]: D }> & I> : I,
    R extends "output" ? Simplify<InferFields<{ [K in N]: D }> & O> : O
  > {
    return this.insertAt(name, role, definition, 0) as never
  }

  /** A copy with a field added at the end of its role's list (DSPy `append`; keeps the instructions). */
  append<const N extends string, const D extends FieldDefinition, const R extends FieldRole>(
    name: N,
    role: R,
    definition: D
  ): Signature<
    R extends "input" ? Simplify<I & InferFields<{ [K in N]: D }>> : I,
    R extends "output" ? Simplify<O & InferFields<{ [K in N]: D }>> : O
  > {
    return this.insertAt(name, role, definition, Number.POSITIVE_INFINITY) as never
  }

  /** A copy without the named field (DSPy `delete`). */
  remove<const N extends string>(name: N): Signature<Simplify<Omit<I, N>>, Simplify<Omit<O, N>>> {
    if (!this.byName.has(name)) throw new SignatureError({ reason: "no such field", field: name })
    return new Signature(
      this.fields.filter((field) => field.name !== name),
      this.instructions
    ) as never
  }

  private insertAt(name: string, role: FieldRole, definition: FieldDefinition, index: number): Signature {
    const added = toField(name, role, definition)
    const sameRole = this.fields.filter((field) => field.role === role)
    const position = Math.max(0, Math.min(index, sameRole.length))
    sameRole.splice(position, 0, added)
    const others = this.fields.filter((field) => field.role !== role)
    const fields = role === "input" ? [...sameRole, ...others] : [...others, ...sameRole]
    return new Signature(fields, this.instructions)
  }

  /** Same fields (names, roles, types, descriptions) and instructions. */
  equals(other: Signature<FieldValues, FieldValues>): boolean {
    if (this.instructions !== other.instructions || this.fields.length !== other.fields.length) return false
    return this.fields.every((field, index) => {
      const theirs = other.fields[index]
      return (
        theirs !== undefined &&
        theirs.name === field.name &&
        theirs.role === field.role &&
        theirs.optional === field.optional &&
        theirs.description === field.description &&
        typeText(theirs.type) === typeText(field.type)
      )
    })
  }

  /** The string form; custom instructions are written as a leading quoted string. Round-trips through `parse`. */
  toString(): string {
    const head = this.hasDefaultInstructions ? "" : `${JSON.stringify(this.instructions)} `
    return `${head}${this.inputFields.map(printField).join(", ")} -> ${this.outputFields.map(printField).join(", ")}`
  }
}
