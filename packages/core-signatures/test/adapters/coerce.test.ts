import { describe, expect, it } from "vitest"
import { z } from "zod"
import { coerceFieldValue, coerceToType } from "../../src/adapters/coerce.ts"
import { describeFieldType } from "../../src/signature/field-type.ts"
import { Signature } from "../../src/signature/signature.ts"

const coerce = (value: unknown, schema: z.ZodType) => coerceToType(value, describeFieldType(schema))

describe("coerceToType (pydantic-style lax coercion)", () => {
  it.each([
    ["4", z.int(), 4],
    ["4.0", z.int(), 4],
    [" 1,234 ", z.number(), 1234],
    ["-0.5.", z.number(), -0.5],
    ["+.25", z.number(), 0.25],
    ["Yes", z.boolean(), true],
    ["false", z.boolean(), false],
    [1, z.boolean(), true],
    ["'no'", z.enum(["yes", "no"]), "no"],
    ["Literal['yes']", z.enum(["yes", "no"]), "yes"],
    ["NO.", z.enum(["yes", "no"]), "no"],
    [5, z.string(), "5"],
    ['["1", 2]', z.array(z.int()), [1, 2]],
    ['{"a": "3"}', z.object({ a: z.int(), b: z.string().optional() }), { a: 3 }],
    ["None", z.string().optional(), undefined]
  ])("coerces %j", (value, schema, expected) => {
    expect(coerce(value, schema)).toEqual({ ok: true, value: expected })
  })

  it.each([
    ["four", z.int()],
    ["3.5", z.int()],
    ["maybe", z.boolean()],
    ["other", z.enum(["yes", "no"])],
    ["not a list", z.array(z.string())],
    ["[1, 2] and more", z.array(z.string())]
  ])("%j fails for the type", (value, schema) => {
    expect(coerce(value, schema).ok).toBe(false)
  })

  it("reports the failing array item or property", () => {
    expect(coerce('["1", "x"]', z.array(z.int()))).toEqual({ ok: false, reason: 'item 1: "x" is not an integer' })
    expect(coerce("{}", z.object({ a: z.int() }))).toEqual({ ok: false, reason: 'property "a" is missing' })
  })
})

describe("coerceFieldValue", () => {
  it("applies the zod schema after coercion", () => {
    const signature = Signature.make({ inputs: { q: z.string() }, outputs: { pct: z.int().min(0).max(100) } })
    const field = signature.field("pct")
    if (field === undefined) throw new Error("field missing")
    expect(coerceFieldValue("50", field)).toEqual({ ok: true, value: 50 })
    expect(coerceFieldValue("150", field)).toMatchObject({ ok: false, reason: expect.stringContaining("100") })
  })
})
