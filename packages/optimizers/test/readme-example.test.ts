// The README example runs as written: MIPROv2 with a USD budget, its prices, OpenAiLanguageModel.layerConfig()
// and the memory cache, against an OpenAI-compatible server on 127.0.0.1 that answers sums correctly and
// every other field (proposals, summaries) with plain text. The same run without `prices` stops at once.
import { readFileSync } from "node:fs"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import {
  Example,
  LanguageModelCache,
  OpenAiLanguageModel,
  Predict,
  Signature,
  UnpricedModel
} from "@preflight/core-signatures"
import { Effect, Layer } from "effect"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { MIPROv2 } from "../src/mipro/mipro-v2.ts"
import { runReadmeExample } from "./support/readme-example.ts"

let server: Server
let requests = 0

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
  })

/** A ChatAdapter answer: each output field the system message declares, the sum for `answer`. */
const answerFor = (messages: ReadonlyArray<{ readonly role: string; readonly content: string }>): string => {
  const system = messages[0]?.content ?? ""
  const declared = system.slice(system.indexOf("Your output fields are:"), system.indexOf("All interactions will be"))
  const fields = [...declared.matchAll(/^\d+\. `(\w+)`/gm)].map((match) => match[1] ?? "")
  const question = /What is (\d+) \+ (\d+)\?/.exec(messages.at(-1)?.content ?? "")
  const sum = question === null ? "0" : String(Number(question[1]) + Number(question[2]))
  const sections = fields.map((field) => `[[ ## ${field} ## ]]\n${field === "answer" ? sum : "Add the two numbers."}`)
  return `${sections.join("\n\n")}\n\n[[ ## completed ## ]]`
}

const respond = async (request: IncomingMessage, response: ServerResponse) => {
  requests++
  const body = JSON.parse(await readBody(request)) as {
    readonly model: string
    readonly n?: number
    readonly messages: ReadonlyArray<{ readonly role: string; readonly content: string }>
  }
  const content = answerFor(body.messages)
  response.writeHead(200, { "content-type": "application/json" })
  response.end(
    JSON.stringify({
      id: `chatcmpl-${requests}`,
      object: "chat.completion",
      created: 0,
      model: `${body.model}-2024-07-18`,
      choices: Array.from({ length: body.n ?? 1 }, (_, index) => ({
        index,
        finish_reason: "stop",
        logprobs: null,
        message: { role: "assistant", content, refusal: null }
      })),
      usage: { prompt_tokens: 300, completion_tokens: 20, total_tokens: 320 }
    })
  )
}

beforeAll(async () => {
  server = createServer((request, response) => void respond(request, response))
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  // The README's layer reads its settings from the environment, as a user's program would.
  process.env.OPENAI_API_KEY = "sk-readme-test"
  process.env.OPENAI_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const rows = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => ({
    question: `What is ${from + index} + ${2 * index + 1}?`,
    answer: String(from + index + 2 * index + 1)
  }))

describe("README example", () => {
  it("runs as written: completes with a score, a cost in USD and the optimized program", async () => {
    const fractions: number[] = []
    const result = await runReadmeExample(rows(1, 20), rows(40, 20), { update: (fraction) => fractions.push(fraction) })
    assert.strictEqual(result.status, "completed")
    assert.strictEqual(result.score, 1)
    assert.isAbove(result.cost.lmCalls, 0)
    assert.isAbove(result.cost.usd, 0)
    assert.isAtMost(result.cost.usd, 4)
    assert.strictEqual(fractions.at(-1), 1)
    assert.isAbove(requests, 0)
  }, 60_000)

  it("every line of the README example is the one the test runs", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8")
    const block = /## Example\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? ""
    const runner = readFileSync(join(import.meta.dirname, "support", "readme-example.ts"), "utf8")
    const runnerLines = new Set(runner.split("\n").map((line) => line.trim()))
    const exampleLines = block
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("import "))
    assert.isAbove(exampleLines.length, 8)
    for (const line of exampleLines) assert.isTrue(runnerLines.has(line), `README line not run by the test: ${line}`)
  })

  it("without prices, the USD budget cannot be enforced: UnpricedModel before any call", async () => {
    const before = requests
    const toExamples = (list: ReadonlyArray<{ question: string; answer: string }>) =>
      list.map((row) => Example.of(row).withInputs("question"))
    const error = await Effect.runPromise(
      new MIPROv2({ auto: "light" })
        .compile(new Predict(Signature.parse("question -> answer")), {
          trainset: toExamples(rows(1, 20)),
          valset: toExamples(rows(40, 20)),
          metric: () => 1,
          budget: { maxUsd: 4 }
        })
        .pipe(
          Effect.flip,
          Effect.provide(Layer.mergeAll(OpenAiLanguageModel.layerConfig(), LanguageModelCache.layerMemory()))
        )
    )
    assert.instanceOf(error, UnpricedModel)
    assert.strictEqual(requests, before)
  })
})
