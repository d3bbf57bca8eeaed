import { existsSync, readFileSync } from "node:fs"
import { runningOnCi, sharedPath } from "@preflight/vitest-config/shared-data"
import { describe, expect, it } from "vitest"
import { z } from "zod"
import {
  ChatAdapter,
  dedent,
  parseChatCompletion,
  renderChatAnswer,
  splitLines
} from "../../src/adapters/chat-adapter.ts"
import { Example } from "../../src/example.ts"
import { Signature } from "../../src/signature/signature.ts"

interface GoldenCase {
  readonly test: string
  readonly signature: {
    readonly instructions: string | null
    readonly fields: ReadonlyArray<{ readonly name: string; readonly python_type: string; readonly role: string }>
  }
  readonly demos: ReadonlyArray<Record<string, unknown>>
  readonly inputs: Record<string, unknown>
  readonly expected_messages: ReadonlyArray<{ readonly role: string; readonly content: string }>
}

const CASES = ["reference", "dspy-chat-adapter-cases.json"] as const

// The signatures are given with DSPy's Python types; our string form accepts those spellings.
const signatureOf = (golden: GoldenCase): Signature => {
  const side = (role: string) =>
    golden.signature.fields
      .filter((field) => field.role === role)
      .map((field) => `${field.name}: ${field.python_type}`)
      .join(", ")
  return Signature.parse(`${side("input")} -> ${side("output")}`, golden.signature.instructions ?? undefined)
}

const goldenCasesPresent = existsSync(sharedPath(...CASES))

if (goldenCasesPresent) {
  describe("ChatAdapter matches DSPy 3.3.1's exact messages (golden cases)", () => {
    const cases: ReadonlyArray<GoldenCase> = JSON.parse(readFileSync(sharedPath(...CASES), "utf8")).cases
    const adapter = new ChatAdapter()
    it("has the six cases", () => {
      expect(cases).toHaveLength(6)
    })
    for (const golden of cases) {
      it(golden.test, () => {
        const messages = adapter.format(
          signatureOf(golden),
          golden.demos.map((demo) => Example.of(demo)),
          golden.inputs
        )
        expect(messages).toEqual(golden.expected_messages)
      })
    }
  })
} else if (runningOnCi()) {
  it(`ChatAdapter golden cases: ${sharedPath(...CASES)} is required on CI`, () => {
    expect.fail(
      `The DSPy golden cases are missing at ${sharedPath(...CASES)}; check out ../shared or set PREFLIGHT_SHARED_DIR`
    )
  })
} else {
  it.skip(`ChatAdapter golden cases skipped: ${sharedPath(...CASES)} is absent (set PREFLIGHT_SHARED_DIR; CI fails instead)`, () => {})
}

describe("ChatAdapter formatting details", () => {
  const signature = Signature.make({
    instructions: "  Judge the creative.\n  Be fair.",
    inputs: { persona: z.string().describe("who reads it"), offer: z.object({ pct: z.int() }) },
    outputs: { score: z.number(), ok: z.boolean(), note: z.string().optional() }
  })
  const adapter = new ChatAdapter()

  it("dedents multi-line instructions and indents each line by 8 spaces", () => {
    const [system] = adapter.format(signature, [], { persona: "p", offer: { pct: 10 } })
    expect(system?.content.endsWith("your objective is: \n        Judge the creative.\n        Be fair.")).toBe(true)
    expect(system?.content).toContain("1. `persona` (str): who reads it\n2. `offer` (dict):")
    expect(system?.content).toContain("{ok}        # note: the value you produce must be True or False")
    expect(system?.content).toContain("3. `note` (Optional[str]):")
  })

  it("prints objects as Python-style JSON and booleans as True/False", () => {
    const messages = adapter.format(
      signature,
      [Example.of({ persona: "a", offer: { pct: 5 }, score: 0.5, ok: true, note: "n" })],
      { persona: "b", offer: { pct: 20 } }
    )
    expect(messages[1]?.content).toBe('[[ ## persona ## ]]\na\n\n[[ ## offer ## ]]\n{"pct": 5}')
    expect(messages[2]?.content).toBe(
      "[[ ## score ## ]]\n0.5\n\n[[ ## ok ## ]]\nTrue\n\n[[ ## note ## ]]\nn\n\n[[ ## completed ## ]]\n"
    )
  })

  it("keeps DSPy's trailing space after a missing field that is not last", () => {
    const messages = adapter.format(signature, [Example.of({ persona: "a", ok: false })], {
      persona: "b",
      offer: { pct: 1 }
    })
    expect(
      messages[1]?.content.startsWith(
        "This is an example of the task, though some input or output fields are not supplied."
      )
    ).toBe(true)
    expect(messages[2]?.content).toContain(
      "[[ ## score ## ]]\nNot supplied for this particular example. \n\n[[ ## ok ## ]]\nFalse"
    )
  })

  it("drops demos that have no input or no output", () => {
    const messages = adapter.format(signature, [Example.of({ persona: "only input" })], {
      persona: "b",
      offer: { pct: 1 }
    })
    expect(messages).toHaveLength(2)
  })

  it("reuses the memoised system and demo messages for the same signature and demo list", () => {
    const demos = [Example.of({ persona: "a", offer: { pct: 5 }, score: 0.5, ok: true, note: "n" })]
    const first = adapter.format(signature, demos, { persona: "x", offer: { pct: 1 } })
    const second = adapter.format(signature, demos, { persona: "y", offer: { pct: 2 } })
    expect(second[0]).toBe(first[0])
    expect(second[1]).toBe(first[1])
    expect(second[3]).not.toEqual(first[3])
  })
})

describe("parseChatCompletion", () => {
  const signature = Signature.parse('q -> answer: int, verdict: "yes" | "no", items: string[], note?: string')

  it("reads sections, coerces values and ignores text outside markers", () => {
    const parsed = parseChatCompletion(
      signature,
      'Sure!\n[[ ## answer ## ]]\n 42 \n\n[[ ## verdict ## ]]\nLiteral["yes"]\n\n[[ ## items ## ]]\n```json\n["a", "b"]\n```\n\n[[ ## completed ## ]]'
    )
    expect(parsed).toEqual({ ok: true, values: { answer: 42, verdict: "yes", items: ["a", "b"] } })
  })

  it("finds markers even when the model dropped the newlines (dspy#8379)", () => {
    const parsed = parseChatCompletion(
      signature,
      "[[ ## answer ## ]] 7 [[ ## verdict ## ]] No [[ ## items ## ]] [] [[ ## completed ## ]]"
    )
    expect(parsed).toEqual({ ok: true, values: { answer: 7, verdict: "no", items: [] } })
  })

  it("the first section of a field wins", () => {
    const parsed = parseChatCompletion(
      signature,
      "[[ ## answer ## ]]\n1\n[[ ## answer ## ]]\n2\n[[ ## verdict ## ]]\nyes\n[[ ## items ## ]]\n[]"
    )
    expect(parsed.ok && parsed.values.answer).toBe(1)
  })

  it("names the missing or invalid field", () => {
    expect(parseChatCompletion(signature, "[[ ## answer ## ]]\n3")).toMatchObject({ ok: false, field: "verdict" })
    expect(
      parseChatCompletion(signature, "[[ ## answer ## ]]\n3.5\n[[ ## verdict ## ]]\nyes\n[[ ## items ## ]]\n[]")
    ).toMatchObject({ ok: false, field: "answer", reason: expect.stringContaining("not an integer") })
    expect(
      parseChatCompletion(signature, "[[ ## answer ## ]]\n3\n[[ ## verdict ## ]]\nmaybe\n[[ ## items ## ]]\n[]")
    ).toMatchObject({ ok: false, field: "verdict" })
  })

  it("validates zod constraints on outputs", () => {
    const bounded = Signature.make({ inputs: { q: z.string() }, outputs: { delta: z.number().min(-1).max(1) } })
    expect(parseChatCompletion(bounded, "[[ ## delta ## ]]\n1.5")).toMatchObject({ ok: false, field: "delta" })
    expect(parseChatCompletion(bounded, "[[ ## delta ## ]]\n-0.25")).toEqual({ ok: true, values: { delta: -0.25 } })
  })

  it("parses what renderChatAnswer writes", () => {
    const values = { answer: 5, verdict: "yes", items: ["x", "y z"], note: "fine" }
    expect(parseChatCompletion(signature, renderChatAnswer(signature, values))).toEqual({ ok: true, values })
  })
})

describe("Python string helpers", () => {
  it("splitLines follows str.splitlines", () => {
    expect(splitLines("a\nb\r\nc\rd\n")).toEqual(["a", "b", "c", "d"])
    expect(splitLines("")).toEqual([])
    expect(splitLines("x\n\ny")).toEqual(["x", "", "y"])
  })
  it("dedent removes the common margin", () => {
    expect(dedent("    a\n      b\n\n    c")).toBe("a\n  b\n\nc")
  })
})
