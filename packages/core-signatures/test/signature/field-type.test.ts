import { describe, expect, it } from "vitest"
import { z } from "zod"
import {
  describeFieldType,
  fieldJsonSchema,
  historyType,
  pythonTypeName,
  schemaForType,
  typeText
} from "../../src/signature/field-type.ts"

describe("describeFieldType", () => {
  it.each([
    [z.string(), "string", "str"],
    [z.number(), "number", "float"],
    [z.int(), "int", "int"],
    [z.number().int(), "int", "int"],
    [z.boolean(), "boolean", "bool"],
    [z.enum(["yes", "no"]), '"yes" | "no"', "Literal['yes', 'no']"],
    [z.literal("only"), '"only"', "Literal['only']"],
    [z.union([z.literal("a"), z.literal("b")]), '"a" | "b"', "Literal['a', 'b']"],
    [z.array(z.number()), "number[]", "list[float]"],
    [z.array(z.enum(["a", "b"])), '("a" | "b")[]', "list[Literal['a', 'b']]"],
    [z.object({ a: z.string(), b: z.int().optional() }), "{ a: string, b?: int }", "dict"],
    [z.object({ a: z.string() }).meta({ title: "Persona" }), "{ a: string }", "Persona"],
    [z.record(z.string(), z.unknown()), "json", "dict[str, Any]"],
    [z.union([z.string(), z.number()]), "json", "Any"],
    [historyType(), "history", "History"]
  ])("%#: type text %s / python %s", (schema, text, python) => {
    const type = describeFieldType(schema)
    expect(typeText(type)).toBe(text)
    expect(pythonTypeName(type)).toBe(python)
  })

  it("rebuilds an equivalent zod schema from a type", () => {
    const type = describeFieldType(z.object({ name: z.string(), tags: z.array(z.enum(["x", "y"])).optional() }))
    const schema = schemaForType(type)
    expect(schema.safeParse({ name: "n", tags: ["x"] }).success).toBe(true)
    expect(schema.safeParse({ name: "n", tags: ["z"] }).success).toBe(false)
    expect(typeText(describeFieldType(schema))).toBe(typeText(type))
  })
})

describe("fieldJsonSchema", () => {
  it("orders keys like DSPy (type first, then sorted) and drops zod's safe-integer bounds", () => {
    expect(JSON.stringify(fieldJsonSchema(z.array(z.string())))).toBe('{"type":"array","items":{"type":"string"}}')
    expect(fieldJsonSchema(z.int())).toEqual({ type: "integer" })
    expect(Object.keys(fieldJsonSchema(z.object({ b: z.int(), a: z.string() })))).toEqual([
      "type",
      "additionalProperties",
      "properties",
      "required"
    ])
    expect(fieldJsonSchema(z.number().min(-1).max(1))).toEqual({ type: "number", maximum: 1, minimum: -1 })
  })
})
