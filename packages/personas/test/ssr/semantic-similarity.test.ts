// Semantic-similarity elicitation: the anchor distribution, the hashing embedder, ratings that order texts by
// intent, and the OpenAI embeddings layer against a local server (success, retried 5xx, refused 401).
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { ConfigProvider, Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { cosine, Embedder, hashingEmbedding } from "../../src/ssr/embedder.ts"
import { anchorDistribution, rateBySimilarity } from "../../src/ssr/semantic-similarity.ts"

describe("anchor distribution", () => {
  it("sums to one, favours the most similar anchor, sharpens at lower temperature", () => {
    const p = anchorDistribution([0.1, 0.2, 0.6, 0.3, 0.1])
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    expect(p.indexOf(Math.max(...p))).toBe(2)
    expect(Math.max(...anchorDistribution([0.1, 0.2, 0.6, 0.3, 0.1], 0.5))).toBeGreaterThan(Math.max(...p))
  })
})

describe("hashing embedder", () => {
  it("is deterministic, unit-length, and closer for texts that share words", () => {
    const a = hashingEmbedding("I love these running shoes")
    expect(hashingEmbedding("I love these running shoes")).toEqual(a)
    expect(cosine(a, a)).toBeCloseTo(1, 12)
    expect(cosine(a, hashingEmbedding("I love running shoes like these"))).toBeGreaterThan(
      cosine(a, hashingEmbedding("The mortgage rate changed"))
    )
  })

  it("rates reactions in order of intent", async () => {
    const embedder = Embedder.makeHashing()
    const rate = (text: string) => Effect.runPromise(rateBySimilarity(embedder, text)).then((rating) => rating.intent)
    const keen = await rate("I want this and I'm going to buy it today.")
    const maybe = await rate("This is interesting and I might buy it.")
    const cold = await rate("This annoys me; I definitely won't buy and I might unsubscribe.")
    expect(keen).toBeGreaterThan(maybe)
    expect(maybe).toBeGreaterThan(cold)
    expect(cold).toBeLessThan(0)
  })
})

describe("OpenAI embeddings layer against a local server", () => {
  let server: Server
  let baseUrl = ""
  let mode: "ok" | "flaky" | "refuse" = "ok"
  let hits = 0
  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("end", () => {
        hits++
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { input: string[]; model: string }
        if (mode === "refuse") {
          response.writeHead(401, { "content-type": "application/json" })
          return response.end(JSON.stringify({ error: { message: "bad key" } }))
        }
        if (mode === "flaky" && hits === 1) {
          response.writeHead(503, { "content-type": "application/json" })
          return response.end(JSON.stringify({ error: { message: "busy" } }))
        }
        response.writeHead(200, { "content-type": "application/json" })
        response.end(
          JSON.stringify({
            object: "list",
            model: body.model,
            data: body.input.map((text, index) => ({
              object: "embedding",
              index,
              embedding: Array.from(hashingEmbedding(text, 8))
            }))
          })
        )
      })
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  const embed = (texts: string[]) =>
    Effect.runPromise(
      Effect.flatMap(Embedder, (embedder) => embedder.embed(texts)).pipe(
        Effect.provide(
          Embedder.layerConfig().pipe(
            Layer.provide(
              ConfigProvider.layer(ConfigProvider.fromUnknown({ OPENAI_API_KEY: "sk-local", OPENAI_BASE_URL: baseUrl }))
            )
          )
        ),
        Effect.result
      )
    )

  it("returns one vector per input in order", async () => {
    mode = "ok"
    const result = await embed(["a", "b"])
    if (result._tag !== "Success") throw new Error(String(result.failure))
    expect(result.success).toHaveLength(2)
    expect(Array.from(result.success[1] ?? [])).toEqual(Array.from(hashingEmbedding("b", 8)))
  })

  it("retries a 503 and refuses a 401 without retrying", async () => {
    mode = "flaky"
    hits = 0
    const retried = await embed(["a"])
    expect(retried._tag).toBe("Success")
    expect(hits).toBe(2)
    mode = "refuse"
    hits = 0
    const refused = await embed(["a"])
    if (refused._tag !== "Failure") throw new Error("expected a failure")
    const failure = refused.failure
    if (failure._tag !== "EmbeddingError") throw new Error(`unexpected ${failure._tag}`)
    expect(failure.status).toBe(401)
    expect(hits).toBe(1)
  })

  it("the default layer picks the hashing embedder without a key", async () => {
    const name = await Effect.runPromise(
      Effect.map(Embedder, (embedder) => embedder.name).pipe(
        Effect.provide(
          Embedder.layerDefault().pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({}))))
        )
      )
    )
    expect(name).toBe("hashing-1024")
  })
})
