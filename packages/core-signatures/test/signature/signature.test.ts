import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { z } from "zod"
import { SignatureError } from "../../src/errors.ts"
import { typeText } from "../../src/signature/field-type.ts"
import { inferPrefix } from "../../src/signature/infer-prefix.ts"
import { Signature } from "../../src/signature/signature.ts"

describe("Signature.make", () => {
  it("builds typed fields with descriptions, prefixes and DSPy's default instructions", () => {
    const signature = Signature.make({
      inputs: { question: z.string().describe("the question"), context: z.array(z.string()) },
      outputs: { answer: z.int(), verdict: { type: z.enum(["yes", "no"]), description: "final verdict" } }
    })
    expect(signature.inputFields.map((field) => field.name)).toEqual(["question", "context"])
    expect(signature.outputFields.map((field) => [field.name, typeText(field.type)])).toEqual([
      ["answer", "int"],
      ["verdict", '"yes" | "no"']
    ])
    expect(signature.field("question")?.description).toBe("the question")
    expect(signature.field("verdict")?.description).toBe("final verdict")
    expect(signature.field("context")?.description).toBeUndefined()
    expect(signature.field("question")?.prefix).toBe("Question:")
    expect(signature.instructions).toBe(
      "Given the fields `question`, `context`, produce the fields `answer`, `verdict`."
    )
    expect(signature.hasDefaultInstructions).toBe(true)
  })

  it("rejects duplicate names, bad identifiers and signatures without outputs", () => {
    expect(() => Signature.make({ inputs: { a: z.string() }, outputs: { a: z.string() } })).toThrow(SignatureError)
    expect(() => Signature.make({ inputs: { "bad name": z.string() }, outputs: { b: z.string() } })).toThrow(
      /field "bad name"/
    )
    expect(() => Signature.make({ inputs: { a: z.string() }, outputs: {} })).toThrow(/at least one output/)
  })

  it("marks optional zod fields optional", () => {
    const signature = Signature.make({ inputs: { a: z.string() }, outputs: { note: z.string().optional() } })
    expect(signature.field("note")?.optional).toBe(true)
    expect(signature.toString()).toBe("a -> note?")
  })
})

describe("Signature.parse", () => {
  it("parses every supported type", () => {
    const signature = Signature.parse(
      'question, context: string[], n: int, score: number, flag: boolean, verdict: "yes" | "no", items: { name: string, weight?: number }[], raw: json -> answer: number'
    )
    expect(signature.fields.map((field) => `${field.name}:${typeText(field.type)}`)).toEqual([
      "question:string",
      "context:string[]",
      "n:int",
      "score:number",
      "flag:boolean",
      'verdict:"yes" | "no"',
      "items:{ name: string, weight?: number }[]",
      "raw:json",
      "answer:number"
    ])
    const items = signature.field("items")
    expect(items?.schema.safeParse([{ name: "a" }]).success).toBe(true)
    expect(items?.schema.safeParse([{ weight: 1 }]).success).toBe(false)
  })

  it("accepts DSPy's Python spellings", () => {
    const signature = Signature.parse(
      "question: str, docs: list[str], k: Optional[int] -> answer: float, ok: bool, pick: Literal['a', 'b'], extra: dict[str, Any]"
    )
    expect(
      signature.fields.map((field) => `${field.name}${field.optional ? "?" : ""}:${typeText(field.type)}`)
    ).toEqual([
      "question:string",
      "docs:string[]",
      "k?:int",
      "answer:number",
      "ok:boolean",
      'pick:"a" | "b"',
      "extra:json"
    ])
  })

  it("reads instructions and descriptions from quoted strings", () => {
    const signature = Signature.parse('"Answer briefly." question "what to answer" -> answer: int "the number"')
    expect(signature.instructions).toBe("Answer briefly.")
    expect(signature.field("question")?.description).toBe("what to answer")
    expect(signature.field("answer")?.description).toBe("the number")
  })

  it("explicit instructions win over the text's", () => {
    expect(Signature.parse('"from text" a -> b', "explicit").instructions).toBe("explicit")
  })

  it("reports the position of syntax errors", () => {
    const missingArrow = Signature.parseResult("question answer")
    expect(Result.isFailure(missingArrow)).toBe(true)
    if (Result.isFailure(missingArrow)) {
      expect(missingArrow.failure.position).toBe(9)
      expect(missingArrow.failure.message).toContain('expected "->"')
    }
    const unknownType = Signature.parseResult("a: strng -> b")
    expect(Result.isFailure(unknownType) && unknownType.failure.message).toMatch(/character 3: unknown type "strng"/)
    expect(() => Signature.parse("a -> b, a")).toThrow(/duplicate/)
    expect(() => Signature.parse('a -> b: "x')).toThrow(/unterminated/)
  })

  it("round-trips canonical text exactly", () => {
    const text =
      '"Judge it." persona, creative: { headline: string, offer?: number }, tags: string[] -> score: int "0-10", mood: "happy" | "sad"'
    expect(Signature.parse(text).toString()).toBe(text)
  })

  it("round-trips generated signatures (property)", () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/)
    const leaf = fc.constantFrom("string", "number", "int", "boolean", '"a" | "b"', "json")
    const type = fc.oneof(
      leaf,
      leaf.map((inner) => (inner.includes("|") ? `(${inner})[]` : `${inner}[]`)),
      fc
        .uniqueArray(fc.tuple(name, leaf, fc.boolean()), { minLength: 1, maxLength: 3, selector: ([key]) => key })
        .map((props) => `{ ${props.map(([key, t, optional]) => `${key}${optional ? "?" : ""}: ${t}`).join(", ")} }`)
    )
    const field = fc.tuple(name, type, fc.boolean(), fc.option(fc.string({ maxLength: 12 }), { nil: undefined }))
    fc.assert(
      fc.property(
        fc.uniqueArray(field, { minLength: 2, maxLength: 6, selector: ([fieldName]) => fieldName }),
        fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
        (fields, instructions) => {
          const render = ([fieldName, t, optional, description]: (typeof fields)[number]) =>
            `${fieldName}${optional ? "?" : ""}: ${t}${description === undefined ? "" : ` ${JSON.stringify(description)}`}`
          const split = Math.max(1, Math.floor(fields.length / 2))
          const text = `${fields.slice(0, split).map(render).join(", ")} -> ${fields.slice(split).map(render).join(", ")}`
          const signature = Signature.parse(text, instructions)
          const again = Signature.parse(signature.toString())
          expect(again.equals(signature)).toBe(true)
          expect(again.toString()).toBe(signature.toString())
        }
      ),
      { numRuns: 200, seed: 42 }
    )
  })
})

describe("immutable edits", () => {
  const base = Signature.parse("question -> answer: int")

  it("withInstructions / appendInstructions return new signatures", () => {
    const edited = base.withInstructions("Be precise.")
    expect(edited.instructions).toBe("Be precise.")
    expect(base.hasDefaultInstructions).toBe(true)
    expect(edited.appendInstructions("Show work.").instructions).toBe("Be precise.\nShow work.")
    expect(Object.isFrozen(base)).toBe(true)
  })

  it("prepend/append keep the instructions like DSPy, remove drops a field", () => {
    const withReasoning = base.prepend("reasoning", "output", z.string())
    expect(withReasoning.outputFields.map((field) => field.name)).toEqual(["reasoning", "answer"])
    expect(withReasoning.instructions).toBe(base.instructions)
    const withContext = base.append("context", "input", z.array(z.string()))
    expect(withContext.inputFields.map((field) => field.name)).toEqual(["question", "context"])
    expect(withContext.remove("context").equals(base)).toBe(true)
    expect(base.fields).toHaveLength(2)
    expect(() => base.remove("missing")).toThrow(/no such field/)
  })

  it("withUpdatedField changes a description or prefix only", () => {
    const updated = base.withUpdatedField("answer", { description: "the sum", prefix: "Sum:" })
    expect(updated.field("answer")?.description).toBe("the sum")
    expect(updated.field("answer")?.prefix).toBe("Sum:")
    expect(base.field("answer")?.description).toBeUndefined()
    expect(updated.equals(base)).toBe(false)
  })
})

describe("inferPrefix (DSPy infer_prefix)", () => {
  it.each([
    ["camelCaseText", "Camel Case Text"],
    ["snake_case_text", "Snake Case Text"],
    ["text2number", "Text 2 Number"],
    ["HTMLParser", "HTML Parser"],
    ["question", "Question"]
  ])("%s → %s", (name, prefix) => {
    expect(inferPrefix(name)).toBe(prefix)
  })
})
