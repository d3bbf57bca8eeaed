import { describe, expect, it } from "vitest"
import { z } from "zod"
import {
  JsonAdapter,
  parseJsonCompletion,
  renderJsonAnswer,
  structuredResponseFormat
} from "../../src/adapters/json-adapter.ts"
import { Example } from "../../src/example.ts"
import { Signature } from "../../src/signature/signature.ts"

const signature = Signature.make({
  instructions: "Rate the offer.",
  inputs: { offer: z.string() },
  outputs: { score: z.int().min(0).max(10), mood: z.enum(["good", "bad"]) }
})

describe("JsonAdapter.format (DSPy JSONAdapter layout)", () => {
  const adapter = new JsonAdapter()
  it("describes outputs as a JSON object and asks for the field order", () => {
    const messages = adapter.format(signature, [Example.of({ offer: "a", score: 3, mood: "bad" })], { offer: "b" })
    expect(messages[0]?.content).toBe(
      [
        "Your input fields are:",
        "1. `offer` (str):",
        "Your output fields are:",
        "1. `score` (int): ",
        "2. `mood` (Literal['good', 'bad']):",
        "All interactions will be structured in the following way, with the appropriate values filled in.",
        "",
        "Inputs will have the following structure:",
        "",
        "[[ ## offer ## ]]",
        "{offer}",
        "",
        "Outputs will be a JSON object with the following fields.",
        "",
        "{",
        '  "score": "{score}        # note: the value you produce must be a single int value",',
        '  "mood": "{mood}        # note: the value you produce must exactly match (no extra characters) one of: good; bad"',
        "}",
        "In adhering to this structure, your objective is: ",
        "        Rate the offer."
      ].join("\n")
    )
    expect(messages[2]?.content).toBe('{\n  "score": 3,\n  "mood": "bad"\n}')
    expect(messages[3]?.content).toBe(
      "[[ ## offer ## ]]\nb\n\nRespond with a JSON object in the following order of fields: `score` (must be formatted as a valid Python int), then `mood` (must be formatted as a valid Python Literal['good', 'bad'])."
    )
  })
})

describe("structuredResponseFormat", () => {
  it("asks for a strict json_schema built with z.toJSONSchema when every field is required", () => {
    const format = structuredResponseFormat(signature)
    expect(format).toMatchObject({ type: "json_schema", name: "outputs", strict: true })
    if (format.type !== "json_schema") throw new Error("expected json_schema")
    expect(format.schema).toMatchObject({
      type: "object",
      required: ["score", "mood"],
      additionalProperties: false,
      properties: { mood: { type: "string", enum: ["good", "bad"] } }
    })
    expect("$schema" in format.schema).toBe(false)
  })

  it("falls back to json_object for optional fields and open dictionaries", () => {
    expect(structuredResponseFormat(Signature.parse("a -> b?: int")).type).toBe("json_object")
    expect(structuredResponseFormat(Signature.parse("a -> b: json")).type).toBe("json_object")
  })
})

describe("parseJsonCompletion", () => {
  it("extracts, coerces and validates", () => {
    expect(parseJsonCompletion(signature, 'Sure: {"score": "7", "mood": "Good", "extra": 1}')).toEqual({
      ok: true,
      values: { score: 7, mood: "good" }
    })
  })

  it("unwraps an answer nested one level (dspy#8539)", () => {
    expect(parseJsonCompletion(signature, '{"outputs": {"score": 2, "mood": "bad"}}')).toEqual({
      ok: true,
      values: { score: 2, mood: "bad" }
    })
  })

  it("names the missing or invalid field", () => {
    expect(parseJsonCompletion(signature, '{"score": 2}')).toMatchObject({ ok: false, field: "mood" })
    expect(parseJsonCompletion(signature, '{"score": 11, "mood": "bad"}')).toMatchObject({ ok: false, field: "score" })
    expect(parseJsonCompletion(signature, "no json at all")).toMatchObject({ ok: false, field: undefined })
  })

  it("parses what renderJsonAnswer writes", () => {
    expect(parseJsonCompletion(signature, renderJsonAnswer(signature, { score: 4, mood: "good" }))).toEqual({
      ok: true,
      values: { score: 4, mood: "good" }
    })
  })
})
