// GEPA's merge path end to end, on a program whose two predictors improve in different lineages: `a` answers
// kinds A and C, `b` kind B. Learning "alpha" (from feedback on A) fixes A but breaks C, so the parent stays on
// the Pareto frontier (it is the only one right on C), gets selected again and improves `b` in a sibling
// lineage; merging the siblings takes `a` from one and `b` from the other.
import { assert, describe, it } from "@effect/vitest"
import { Example, type LmRequest, Module, Predict, type Prediction, Signature } from "@preflight/core-signatures"
import { Effect } from "effect"
import { z } from "zod"
import { GEPA } from "../../src/gepa/gepa.ts"
import { chatAnswer, finalInputs, firstOutputField, instructionsOf } from "../support/chat-fields.ts"
import { toyLayer } from "../support/toy-task.ts"

const Answer = Signature.make({
  instructions: "Answer.",
  inputs: { item: z.string() },
  outputs: { answer: z.string() }
})

class Routed extends Module<{ readonly item: string }, Prediction> {
  a = new Predict(Answer)
  b = new Predict(Answer)
  forward(inputs: { readonly item: string }) {
    return inputs.item.startsWith("B") || inputs.item.startsWith("D") ? this.b.run(inputs) : this.a.run(inputs)
  }
}

const gold = (item: string): string => (item.startsWith("A") ? "alpha" : item.startsWith("B") ? "beta" : "plain")
// Kinds A, A, B, B, C (broken by "alpha") and D (broken by "beta").
const examples = (count: number, offset: number) =>
  Array.from({ length: count }, (_, index) => {
    const item = `${"AABBCD"[index % 6]}${index + offset}`
    return Example.of({ item, answer: gold(item) }, { inputs: ["item"] })
  })

const metric = (example: Example, prediction: Prediction) => {
  const expected = String(example.get("answer" as never))
  return prediction.outputs.answer === expected
    ? { score: 1, feedback: "Correct." }
    : { score: 0, feedback: `Wrong: the answer should be ${expected}.` }
}

const respond = (request: LmRequest): string => {
  const last = request.messages[request.messages.length - 1]?.content ?? ""
  if (last.startsWith("I provided an assistant")) {
    const current = /following instructions to perform a task for me:\n```\n([\s\S]*?)\n```/.exec(last)?.[1] ?? ""
    const words = ["alpha", "beta"].filter((word) => last.includes(`should be ${word}`) && !current.includes(word))
    return `\`\`\`\n${[current, ...words.map((word) => `Say ${word}.`)].join(" ")}\n\`\`\``
  }
  if (firstOutputField(request) !== "answer") return chatAnswer({ answer: "?" })
  const instructions = instructionsOf(request)
  const item = finalInputs(request).item ?? ""
  const kind = item[0]
  if (kind === "B" || kind === "D") return chatAnswer({ answer: instructions.includes("beta") ? "beta" : "plain" })
  // Predictor `a`: "alpha" in its instructions fixes kind A and breaks kind C.
  return chatAnswer({ answer: instructions.includes("alpha") ? "alpha" : "plain" })
}

describe("GEPA merges", () => {
  it.effect("merges sibling lineages that improved different predictors into a better program", () =>
    Effect.gen(function* () {
      let acceptedMerges = 0
      for (const seed of Array.from({ length: 16 }, (_, index) => index)) {
        const result = yield* new GEPA({ maxMetricCalls: 400 })
          .compile(new Routed(), { trainset: examples(24, 0), valset: examples(24, 100), metric, seed })
          .pipe(Effect.provide(toyLayer({ respond }).layer))
        const fullScore = new Map(
          result.trials
            .filter((trial) => trial.kind === "full")
            .map((trial) => [trial.candidate.params.candidate as number, trial.score ?? 0])
        )
        for (const trial of result.trials.filter((candidate) => candidate.label === "merge-full")) {
          acceptedMerges++
          // `a` comes from one lineage ("alpha"), `b` from the other ("beta").
          assert.include(trial.candidate.instructions.a, "alpha")
          assert.include(trial.candidate.instructions.b, "beta")
          const parents = trial.candidate.params.parents as ReadonlyArray<number>
          assert.strictEqual(parents.length, 2)
          // Right on kinds A and B (16 of 24), better than either parent (12 of 24 each).
          assert.closeTo(trial.score ?? 0, 2 / 3, 1e-12)
          for (const parent of parents) assert.isBelow(fullScore.get(parent) ?? 1, trial.score ?? 0)
        }
        // Every merge tried was judged on examples where its parents differ.
        for (const trial of result.trials.filter((candidate) => candidate.label === "merge")) {
          assert.strictEqual(trial.examples, 5)
          assert.strictEqual(trial.kind, "minibatch")
        }
      }
      // Whether a seed's search reaches a merge depends on its draws: seeds 0–7 gave ≥ 2 accepted merges with
      // the optimizers' old generator, 1 with the shared one, and seeds 0–15 give 4 (a statistical anchor).
      assert.isAtLeast(acceptedMerges, 2)
    })
  )
})
