import { assert, describe, it } from "@effect/vitest"
import { Cause, Context, Effect, Exit, Layer } from "effect"
import { z } from "zod"
import { LmContextWindowExceeded } from "../../src/errors.ts"
import { ReAct, tool } from "../../src/modules/react.ts"
import { Signature } from "../../src/signature/signature.ts"
import { scriptedRun } from "../support/fixtures.ts"

const lookupPrice = tool({
  name: "lookup_price",
  description: "Current price of a product in USD.",
  args: z.object({ product: z.string() }),
  execute: ({ product }) => (product === "shoes" ? 80 : Effect.fail(new Error(`unknown product ${product}`)))
})

const step = (thought: string, toolName: string, args: Record<string, unknown>) => ({
  outputs: { next_thought: thought, next_tool_name: toolName, next_tool_args: args }
})

describe("ReAct", () => {
  it.effect("loops over typed tools until finish and extracts the outputs with the trajectory", () => {
    const run = scriptedRun({
      answers: [
        step("Need the price.", "lookup_price", { product: "shoes" }),
        step("Try a bad product.", "lookup_price", { product: "hats" }),
        step("Bad args.", "lookup_price", { item: 1 }),
        step("Done.", "finish", {}),
        { outputs: { reasoning: "Price is 80, half is 40.", answer: 40 } }
      ]
    })
    const agent = new ReAct(Signature.parse("question -> answer: number"), [lookupPrice], { maxIterations: 6 })
    return Effect.gen(function* () {
      const prediction = yield* agent.run({ question: "What do shoes cost at 50% off?" })
      assert.strictEqual(prediction.outputs.answer, 40)
      assert.strictEqual(prediction.outputs.reasoning, "Price is 80, half is 40.")
      const trajectory = prediction.outputs.trajectory
      assert.strictEqual(trajectory.observation_0, 80)
      assert.strictEqual(trajectory.observation_1, "Execution error in lookup_price: unknown product hats")
      assert.match(String(trajectory.observation_2), /^Execution error in lookup_price: invalid arguments: product:/)
      assert.strictEqual(trajectory.observation_3, "Completed.")
      const requests = run.model.requests()
      const instructions = requests[0]?.messages[0]?.content ?? ""
      assert.include(
        instructions,
        "(1) lookup_price, whose description is <desc>Current price of a product in USD.</desc>. It takes arguments {'product': {'type': 'string'}}."
      )
      assert.include(instructions, "(2) finish, whose description is <desc>Marks the task as complete.")
      assert.include(instructions, "`next_tool_name` (Literal['lookup_price', 'finish'])")
      const extractPrompt = requests[4]?.messages.at(-1)?.content ?? ""
      assert.include(extractPrompt, "[[ ## trajectory ## ]]\n[[ ## thought_0 ## ]]\nNeed the price.")
      assert.include(extractPrompt, '[[ ## tool_args_0 ## ]]\n{"product": "shoes"}')
      assert.deepStrictEqual(
        agent.namedPredictors().map(([name]) => name),
        ["react", "extract.predict"]
      )
    }).pipe(run.provide)
  })

  it.effect("stops at maxIterations", () => {
    const run = scriptedRun({
      answers: [
        step("a", "lookup_price", { product: "shoes" }),
        step("b", "lookup_price", { product: "shoes" }),
        { outputs: { reasoning: "r", answer: 1 } }
      ]
    })
    const agent = new ReAct(Signature.parse("question -> answer: number"), [lookupPrice], { maxIterations: 2 })
    return Effect.gen(function* () {
      const prediction = yield* agent.run({ question: "q" })
      assert.strictEqual(Object.keys(prediction.outputs.trajectory).length, 8)
      assert.strictEqual(run.model.requests().length, 3)
    }).pipe(run.provide)
  })

  it.effect("drops the oldest tool call when the context window overflows", () => {
    let extractCalls = 0
    const run = scriptedRun({
      respond: (request) => {
        const last = request.messages.at(-1)?.content ?? ""
        if (last.includes("[[ ## next_thought ## ]]")) {
          return last.includes("thought_0")
            ? "[[ ## next_thought ## ]]\nend\n\n[[ ## next_tool_name ## ]]\nfinish\n\n[[ ## next_tool_args ## ]]\n{}"
            : '[[ ## next_thought ## ]]\nlook\n\n[[ ## next_tool_name ## ]]\nlookup_price\n\n[[ ## next_tool_args ## ]]\n{"product": "shoes"}'
        }
        extractCalls++
        return last.includes("thought_0")
          ? { error: new LmContextWindowExceeded({ detail: "too long" }) }
          : "[[ ## reasoning ## ]]\nshort\n\n[[ ## answer ## ]]\n7"
      }
    })
    const agent = new ReAct(Signature.parse("question -> answer: number"), [lookupPrice])
    return Effect.gen(function* () {
      const prediction = yield* agent.run({ question: "q" })
      assert.strictEqual(prediction.outputs.answer, 7)
      assert.deepStrictEqual(Object.keys(prediction.outputs.trajectory), [
        "thought_1",
        "tool_name_1",
        "tool_args_1",
        "observation_1"
      ])
      assert.strictEqual(extractCalls, 2)
    }).pipe(run.provide)
  })

  it.effect(
    "a tool's Effect needs its services provided: the provided one runs, the bare one does not type-check",
    () => {
      class PriceBook extends Context.Service<PriceBook, { readonly priceOf: (product: string) => number }>()(
        "test/PriceBook"
      ) {}
      const priceBook = Layer.succeed(PriceBook, PriceBook.of({ priceOf: (product) => (product === "shoes" ? 80 : 0) }))
      const provided = tool({
        name: "lookup_price",
        description: "Current price of a product in USD.",
        args: z.object({ product: z.string() }),
        execute: ({ product }) =>
          PriceBook.use((book) => Effect.succeed(book.priceOf(product))).pipe(Effect.provide(priceBook))
      })
      // The type error is the test: this Effect still needs PriceBook, which ReAct could never provide.
      // @ts-expect-error Property "provide these services to the tool's Effect before giving it to ReAct" is missing
      tool({
        name: "lookup_price",
        description: "Current price of a product in USD.",
        args: z.object({ product: z.string() }),
        execute: ({ product }) => PriceBook.use((book) => Effect.succeed(book.priceOf(product)))
      })
      const run = scriptedRun({
        answers: [
          step("Need the price.", "lookup_price", { product: "shoes" }),
          step("Done.", "finish", {}),
          { outputs: { reasoning: "80", answer: 80 } }
        ]
      })
      const agent = new ReAct(Signature.parse("question -> answer: number"), [provided])
      return Effect.gen(function* () {
        const prediction = yield* agent.run({ question: "price of shoes?" })
        assert.strictEqual(prediction.outputs.trajectory.observation_0, 80)
      }).pipe(run.provide)
    }
  )

  it.effect("a thrown error is an observation, a defect ends the run instead of reaching the model", () => {
    const throwing = tool({
      name: "flaky",
      description: "Throws.",
      args: z.object({}),
      execute: (): number => {
        throw new Error("quota reached")
      }
    })
    const dying = tool({
      name: "buggy",
      description: "Has a bug.",
      args: z.object({}),
      execute: () => Effect.die(new TypeError("undefined is not a function"))
    })
    const run = scriptedRun({
      answers: [
        step("Try flaky.", "flaky", {}),
        step("Try buggy.", "buggy", {}),
        step("Done.", "finish", {}),
        { outputs: { reasoning: "r", answer: 1 } }
      ]
    })
    const agent = new ReAct(Signature.parse("question -> answer: number"), [throwing, dying])
    return Effect.gen(function* () {
      const exit = yield* Effect.exit(agent.run({ question: "q" }))
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isFailure(exit)) {
        const defect = exit.cause.reasons.find(Cause.isDieReason)
        assert.instanceOf(defect?.defect, TypeError)
      }
      // The model saw the thrown error as an observation and was never asked again after the defect.
      const requests = run.model.requests()
      assert.strictEqual(requests.length, 2)
      assert.include(requests[1]?.messages.at(-1)?.content ?? "", "Execution error in flaky: quota reached")
    }).pipe(run.provide)
  })
})
