import { describe, expect, it } from "vitest"
import { Example, Prediction } from "../src/example.ts"

describe("Example", () => {
  const example = Example.of({ question: "2+2?", context: "math", answer: "4" }).withInputs("question", "context")

  it("splits inputs and labels", () => {
    expect(example.inputs()).toEqual({ question: "2+2?", context: "math" })
    expect(example.labels()).toEqual({ answer: "4" })
    expect(example.get("answer")).toBe("4")
  })

  it("is immutable: edits return copies", () => {
    const changed = example.with({ answer: "5" })
    expect(changed.get("answer")).toBe("5")
    expect(example.get("answer")).toBe("4")
    expect(changed.inputKeys).toEqual(["question", "context"])
    expect(Object.isFrozen(example.values)).toBe(true)
    expect(example.without("context").inputs()).toEqual({ question: "2+2?" })
  })

  it("requires declared inputs, like DSPy", () => {
    expect(() => Example.of({ a: 1 }).inputs()).toThrow(/withInputs/)
    expect(Example.of({ a: 1 }).hasInputs).toBe(false)
  })

  it("serialises augmented demos with the flag, as DSPy saves them", () => {
    expect(example.withAugmented(true).toJSON()).toEqual({
      question: "2+2?",
      context: "math",
      answer: "4",
      augmented: true
    })
    expect(example.toJSON()).toEqual({ question: "2+2?", context: "math", answer: "4" })
  })
})

describe("Prediction", () => {
  it("keeps the first completion as outputs and turns into a demo", () => {
    const prediction = new Prediction({ answer: "4" }, [{ answer: "4" }, { answer: "5" }])
    expect(prediction.get("answer")).toBe("4")
    expect(prediction.completions).toHaveLength(2)
    const demo = prediction.toExample({ question: "2+2?" }, { augmented: true })
    expect(demo.inputs()).toEqual({ question: "2+2?" })
    expect(demo.labels()).toEqual({ answer: "4" })
    expect(demo.augmented).toBe(true)
  })
})
