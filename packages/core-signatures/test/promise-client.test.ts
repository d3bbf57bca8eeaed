import { describe, expect, it } from "vitest"
import { BudgetExceeded, OutputParseError, UnpricedModel } from "../src/errors.ts"
import { Example } from "../src/example.ts"
import { ScriptedLanguageModel } from "../src/lm/scripted-language-model.ts"
import { ChainOfThought } from "../src/modules/chain-of-thought.ts"
import { Predict } from "../src/modules/predict.ts"
import { createClient } from "../src/promise-client.ts"
import { Signature } from "../src/signature/signature.ts"

describe("createClient (Promise facade)", () => {
  it("runs modules with caching, usage, cost and history", async () => {
    const client = createClient({
      languageModel: ScriptedLanguageModel.layer({
        respond: () => "[[ ## reasoning ## ]]\nadd\n\n[[ ## answer ## ]]\n4"
      }),
      prices: { scripted: { inputUsdPerMillion: 1, outputUsdPerMillion: 1 } },
      settings: { temperature: 0 }
    })
    const cot = new ChainOfThought(Signature.parse("question -> answer: int"))
    const first = await client.run(cot, { question: "2+2?" })
    const second = await client.run(cot, { question: "2+2?" })
    expect(first.outputs).toEqual({ reasoning: "add", answer: 4 })
    expect(second.outputs).toEqual(first.outputs)
    expect(client.usage()).toMatchObject({ calls: 1, cacheHits: 1 })
    expect(client.usage().costUsd).toBeGreaterThan(0)
    expect(client.history().map((entry) => [entry.modulePath, entry.cacheHit])).toEqual([
      ["predict", false],
      ["predict", true]
    ])
    expect(client.cacheStats()).toMatchObject({ hits: 1, misses: 1 })
    await client.close()
  })

  it("rejects with the typed errors", async () => {
    const client = createClient({
      languageModel: ScriptedLanguageModel.layer({ respond: () => "nothing useful" }),
      budget: { maxCalls: 2 },
      cache: false
    })
    const predict = new Predict(Signature.parse("question -> answer: int"))
    await expect(client.run(predict, { question: "?" })).rejects.toBeInstanceOf(OutputParseError)
    await expect(client.run(predict, { question: "?" })).rejects.toBeInstanceOf(BudgetExceeded)
    await client.close()
  })

  it("rejects with UnpricedModel when a USD budget is given without the model's price", async () => {
    const unpriced = createClient({
      languageModel: ScriptedLanguageModel.layer({ respond: () => "[[ ## answer ## ]]\n4" }),
      budget: { maxUsd: 4 }
    })
    const predict = new Predict(Signature.parse("question -> answer: int"))
    await expect(unpriced.run(predict, { question: "2+2?" })).rejects.toBeInstanceOf(UnpricedModel)
    expect(unpriced.usage()).toMatchObject({ calls: 0 })
    await unpriced.close()
    const priced = createClient({
      languageModel: ScriptedLanguageModel.layer({ respond: () => "[[ ## answer ## ]]\n4" }),
      prices: { scripted: { inputUsdPerMillion: 1, outputUsdPerMillion: 1 } },
      budget: { maxUsd: 4 }
    })
    expect((await priced.run(predict, { question: "2+2?" })).outputs).toEqual({ answer: 4 })
    await priced.close()
  })

  it("evaluates a dev set", async () => {
    const client = createClient({ languageModel: ScriptedLanguageModel.layer({ followDemos: true }) })
    const demos = [Example.of({ question: "a", answer: "A" }), Example.of({ question: "b", answer: "B" })]
    const predict = new Predict(Signature.parse("question -> answer"), { demos })
    const devset = demos.map((demo) => demo.withInputs("question"))
    const result = await client.evaluate(predict, {
      devset,
      metric: (example, prediction) => prediction.outputs.answer === example.get("answer")
    })
    expect(result.score).toBe(100)
    await client.close()
  })
})
