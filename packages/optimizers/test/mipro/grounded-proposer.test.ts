import { assert, describe, it } from "@effect/vitest"
import { Example, ScriptedLanguageModel } from "@preflight/core-signatures"
import { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { withLabeledDemos } from "../../src/labeled-few-shot.ts"
import { proposeInstructions, stripPrefix } from "../../src/mipro/grounded-proposer.ts"
import { PROPOSAL_TIPS } from "../../src/mipro/proposer-signatures.ts"
import { OptimizationRun } from "../../src/run/optimization-run.ts"
import { chatFields } from "../support/chat-fields.ts"
import { respondToy, zoneData, zoneMetric, zoneProgram } from "../support/toy-task.ts"

const { trainset } = zoneData()

describe("grounded proposer", () => {
  it("strips DSPy-style labels and quotes", () => {
    assert.strictEqual(stripPrefix("Proposed Instruction: Classify it."), "Classify it.")
    assert.strictEqual(stripPrefix('"Classify the reading."'), "Classify the reading.")
    assert.strictEqual(stripPrefix("Classify the reading into its zone."), "Classify the reading into its zone.")
  })

  it("grounds each proposal in the data summary, the program, bootstrapped demos and a tip, as distinct rollouts", () => {
    const model = ScriptedLanguageModel.make({ respond: respondToy })
    const run = new OptimizationRun({
      optimizer: "test",
      seed: 1,
      options: { trainset, metric: zoneMetric },
      totalSteps: 1
    })
    const program = zoneProgram()
    const augmented = trainset
      .slice(0, 3)
      .map((example) => Example.of(example.values, { inputs: ["reading"], augmented: true }))
    const sets = [[], withLabeledDemos(program, trainset, 3, true, new SeededRandom(1)).demos, augmented]
    return Effect.gen(function* () {
      const proposals = yield* proposeInstructions(run, {
        program,
        trainset,
        demoSets: new Map([["self", sets]]),
        count: 4,
        settings: {
          programAware: true,
          dataAware: true,
          tipAware: true,
          fewshotAware: true,
          viewDataBatchSize: 10,
          promptModel: { model: "prompt-model" },
          initTemperature: 1.2
        },
        random: new SeededRandom(2)
      })
      const candidates = proposals.get("self") ?? []
      assert.strictEqual(candidates.length, 4)
      assert.strictEqual(candidates[0], program.signature.instructions)
      const generate = model
        .requests()
        .filter((request) => request.messages[0]?.content.includes("`proposed_instruction`"))
      assert.strictEqual(generate.length, 3)
      for (const request of generate) {
        const fields = chatFields(request.messages[request.messages.length - 1]?.content ?? "")
        assert.strictEqual(fields.dataset_description, "Integer readings labelled with compass zones.")
        assert.include(fields.program_code, "class Predict")
        assert.include(fields.program_code, "reading: int")
        assert.include(fields.module_description, "maps the reading")
        assert.include(Object.values(PROPOSAL_TIPS), fields.tip ?? "missing")
        assert.strictEqual(request.model, "prompt-model")
        assert.strictEqual(request.temperature, 1.2)
      }
      // Only bootstrapped (augmented) demos are shown, from the proposal's demo set onwards.
      const demoTexts = generate.map((request) => chatFields(request.messages.at(-1)?.content ?? "").task_demos ?? "")
      assert.isTrue(demoTexts.some((text) => text.includes("Reading: ") && text.includes("Zone: ")))
      assert.strictEqual(new Set(generate.map((request) => request.rolloutId)).size, 3)
      // The proposals use what they were shown (the toy proposal model turns demos into rules).
      assert.isTrue(candidates.slice(1).some((candidate) => candidate.includes("is in zone")))
    }).pipe(run.provide, Effect.provide(model.layer))
  })
})
