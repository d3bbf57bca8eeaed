// The README's example, line for line, inside a function that takes what the README leaves to its reader
// (the rows and the progress bar). `test/readme-example.test.ts` checks that every line of the README's
// example appears here, so the two cannot drift apart.
import {
  Example,
  LanguageModelCache,
  OpenAiLanguageModel,
  Predict,
  type Prediction,
  Signature
} from "@preflight/core-signatures"
import { Effect, Layer } from "effect"
import { MIPROv2 } from "../../src/mipro/mipro-v2.ts"

type Rows = ReadonlyArray<{ question: string; answer: string }>

/** Runs the README example (its Effect.runPromise included) and returns its result. */
export const runReadmeExample = async (trainRows: Rows, valRows: Rows, bar: { update(fraction: number): void }) => {
  // biome-ignore format: kept exactly as the README prints it
  const qa = new Predict(Signature.parse("question -> answer"))
  // biome-ignore format: kept exactly as the README prints it
  const toExamples = (rows: ReadonlyArray<{ question: string; answer: string }>) => rows.map((row) => Example.of(row).withInputs("question"))
  // biome-ignore format: kept exactly as the README prints it
  const metric = (example: Example, prediction: Prediction) => prediction.outputs.answer === example.get("answer")
  // biome-ignore format: kept exactly as the README prints it
  const prices = { "gpt-4o-mini": { inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6 } } // a USD budget needs prices
  // biome-ignore format: kept exactly as the README prints it
  const result = await Effect.runPromise(
  new MIPROv2({ auto: "light" })
    .compile(qa, { trainset: toExamples(trainRows), valset: toExamples(valRows), metric, seed: 9, budget: { maxUsd: 4 }, prices,
      onProgress: (progress) => bar.update(progress.fraction) })
    .pipe(Effect.provide(Layer.mergeAll(OpenAiLanguageModel.layerConfig(), LanguageModelCache.layerMemory())))
)
  result.program.dumpState() // the optimized program; result.score, result.trials, result.cost, result.status
  return result
}
