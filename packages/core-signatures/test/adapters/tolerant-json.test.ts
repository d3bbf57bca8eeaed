import { describe, expect, it } from "vitest"
import { extractJsonObject, parseTolerantJson, stripCodeFence } from "../../src/adapters/tolerant-json.ts"

describe("extractJsonObject", () => {
  it.each([
    ["plain", '{"a": 1, "b": "x"}', { a: 1, b: "x" }],
    ["prose around", 'Here you go: {"a": 1} hope it helps', { a: 1 }],
    ["code fence", 'Answer:\n```json\n{"a": [1, 2]}\n```\nDone', { a: [1, 2] }],
    ["single quotes and Python literals", "{'a': True, 'b': None, 'c': 'it\\'s'}", { a: true, b: null, c: "it's" }],
    ["unquoted keys, trailing commas", "{a: 1, b: [1, 2,], }", { a: 1, b: [1, 2] }],
    ["comments", '{ // note\n "a": 1 /* x */ }', { a: 1 }],
    ["missing commas between members", '{"a": 1\n "b": 2}', { a: 1, b: 2 }],
    ["truncated string and object", '{"a": "half', { a: "half" }],
    ["truncated array", '{"a": [1, 2', { a: [1, 2] }],
    ["nested braces in strings", '{"a": "{not an object}", "b": {"c": 1}}', { a: "{not an object}", b: { c: 1 } }],
    ["unicode escapes", '{"a": "caf\\u00e9"}', { a: "café" }],
    ["first object that parses", '{ bad: ( } then {"ok": 1}', { ok: 1 }]
  ])("%s", (_label, text, expected) => {
    expect(extractJsonObject(text)).toEqual(expected)
  })

  it("returns undefined without an object", () => {
    expect(extractJsonObject("no json here")).toBeUndefined()
    expect(extractJsonObject("[1, 2]")).toBeUndefined()
  })
})

describe("parseTolerantJson", () => {
  it("parses a whole value and rejects trailing text", () => {
    expect(parseTolerantJson(" [1, 'two', False] ")).toEqual({ value: [1, "two", false] })
    expect(parseTolerantJson("0.75")).toEqual({ value: 0.75 })
    expect(parseTolerantJson("0.75 roughly")).toBeUndefined()
    expect(parseTolerantJson("hello")).toBeUndefined()
    expect(parseTolerantJson("")).toBeUndefined()
  })
  it("strips a code fence", () => {
    expect(stripCodeFence("```python\n[1]\n```")).toBe("[1]")
    expect(parseTolerantJson('```\n{"a": 1}\n```')).toEqual({ value: { a: 1 } })
  })
})
