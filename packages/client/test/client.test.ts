// The client against a recording fake `fetch`: what it sends (method, path, headers, body) and how it reads
// answers (success bodies, problem documents, non-JSON error pages, polling until a simulation finishes).
import { describe, expect, it } from "vitest"
import { createPreflightClient } from "../src/client.ts"

const recorder = (answer: (request: Request) => Response) => {
  const sent: Array<{ method: string; url: string; headers: Headers; body: string }> = []
  const fetch = async (request: Request) => {
    sent.push({ method: request.method, url: request.url, headers: request.headers, body: await request.text() })
    return answer(request)
  }
  return { sent, fetch }
}

const json = (body: unknown, status = 200, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": type } })

describe("createPreflightClient", () => {
  it("sends the key, the JSON body, the async flag and the Idempotency-Key", async () => {
    const fake = recorder(() =>
      json({ simulation_id: "s1", status: "queued", location: "/api/v1/simulations/s1" }, 202)
    )
    const client = createPreflightClient({ baseUrl: "http://api.test/", apiKey: "pfk_k", fetch: fake.fetch })
    const request = {
      intervention: { channels: ["email"], content_variants: [{ id: "a", template: "Hi" }] },
      target_population: { segments: ["vip"] }
    }
    const result = await client.simulate(request, { async: true, idempotencyKey: "once" })
    expect(result).toMatchObject({ ok: true, status: 202, data: { simulation_id: "s1" } })
    const [call] = fake.sent
    expect(call?.method).toBe("POST")
    expect(call?.url).toBe("http://api.test/api/v1/simulate?async=true")
    expect(call?.headers.get("x-api-key")).toBe("pfk_k")
    expect(call?.headers.get("idempotency-key")).toBe("once")
    expect(call?.headers.get("content-type")).toBe("application/json")
    expect(JSON.parse(call?.body ?? "")).toEqual(request)
  })

  it("returns the problem document of an error, and a synthetic one for a non-JSON error page", async () => {
    const problem = { type: "/problems/forbidden", title: "Forbidden", status: 403, detail: "needs write" }
    const client = createPreflightClient({
      baseUrl: "http://api.test",
      fetch: recorder((request) =>
        request.url.endsWith("/health")
          ? new Response("<html>Bad gateway</html>", { status: 502 })
          : json(problem, 403, "application/problem+json")
      ).fetch
    })
    expect(await client.sendFeedback({ simulation_id: "s", rating: 3 })).toMatchObject({
      ok: false,
      status: 403,
      problem
    })
    const gateway = await client.health()
    expect(gateway).toMatchObject({ ok: false, status: 502, problem: { status: 502, title: "HTTP 502" } })
    expect(!gateway.ok && gateway.problem.detail).toContain("Bad gateway")
  })

  it("encodes path parameters and sends imports with their media type", async () => {
    const fake = recorder(() => json({}))
    const client = createPreflightClient({ baseUrl: "http://api.test", apiKey: "k", fetch: fake.fetch })
    await client.getSimulation("a/b c")
    await client.promoteProgram("persona response")
    await client.importData("exposures", '{"a":1}\n', "jsonl")
    expect(fake.sent.map((call) => `${call.method} ${new URL(call.url).pathname}`)).toEqual([
      "GET /api/v1/simulations/a%2Fb%20c",
      "POST /api/v1/programs/persona%20response/promote",
      "POST /api/v1/data/exposures"
    ])
    expect(fake.sent[2]?.headers.get("content-type")).toBe("application/x-ndjson")
    expect(fake.sent[0]?.headers.get("x-api-key")).toBe("k")
  })

  it("polls a simulation until it is completed", async () => {
    let polls = 0
    const client = createPreflightClient({
      baseUrl: "http://api.test",
      fetch: async () => {
        polls += 1
        return json({
          simulation_id: "s",
          status: polls < 3 ? "running" : "completed",
          created_at: "",
          completed_at: null
        })
      }
    })
    const result = await client.waitForSimulation("s", { everyMs: 1 })
    expect(polls).toBe(3)
    expect(result.ok && result.data.status).toBe("completed")
  })
})
