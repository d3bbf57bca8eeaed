// Every error is an RFC 9457 problem: unknown routes 404, wrong methods 405 with Allow, bad JSON and invalid
// bodies 400 listing each field, wrong content types 415; and the typed client reads them back.
import { Problem } from "@preflight/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Harness, jsonPost, makeHarness } from "./support/api-harness.ts"

let api: Harness
beforeAll(async () => {
  api = await makeHarness()
})
afterAll(() => api.dispose())

const expectProblem = async (response: Response, status: number, type: string) => {
  expect(response.status).toBe(status)
  expect(response.headers.get("content-type")).toBe("application/problem+json")
  const problem = Problem.parse(await response.json())
  expect(problem).toMatchObject({ status, type })
  expect(typeof problem.title).toBe("string")
  expect(problem.request_id).toBe(response.headers.get("x-request-id"))
  return problem
}

describe("problem responses", () => {
  it("answers an unknown route with 404", async () => {
    await expectProblem(await api.send("/api/v2/simulate"), 404, "/problems/not-found")
    await expectProblem(await api.send("/nothing/here", { method: "POST" }), 404, "/problems/not-found")
    await expectProblem(
      await api.send("/api/v1/nothing", { headers: { "x-api-key": api.keys.read } }),
      404,
      "/problems/not-found"
    )
  })

  it("answers a wrong method with 405 and the allowed ones", async () => {
    const onSimulate = await api.send("/api/v1/simulate", { headers: { "x-api-key": api.keys.read } })
    await expectProblem(onSimulate, 405, "/problems/method-not-allowed")
    expect(onSimulate.headers.get("allow")).toBe("POST")
    const onHealth = await api.send("/health", { method: "DELETE" })
    await expectProblem(onHealth, 405, "/problems/method-not-allowed")
    expect(onHealth.headers.get("allow")).toBe("GET, HEAD")
    const onSimulation = await api.send("/api/v1/simulations/abc", {
      method: "PUT",
      headers: { "x-api-key": api.keys.write }
    })
    expect(onSimulation.status).toBe(405)
    expect(onSimulation.headers.get("allow")).toBe("GET, HEAD")
  })

  it("answers malformed JSON with 400", async () => {
    const problem = await expectProblem(
      await api.send("/api/v1/simulate", jsonPost(api.keys.write, '{"intervention": ')),
      400,
      "/problems/invalid-request"
    )
    expect(problem.title).toContain("not valid JSON")
  })

  it("lists every invalid field of a simulate request by path", async () => {
    const problem = await expectProblem(
      await api.send(
        "/api/v1/simulate",
        jsonPost(api.keys.write, {
          intervention: { channels: ["Email!"], content_variants: [{ id: "a" }, { id: "a", template: "x" }] },
          target_population: { segments: [] },
          simulation_params: { num_personas: -1 }
        })
      ),
      400,
      "/problems/invalid-request"
    )
    const paths = (problem.errors ?? []).map((issue) => issue.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        "intervention.channels.0",
        "intervention.content_variants.0.template",
        "target_population.segments",
        "simulation_params.num_personas"
      ])
    )
  })

  it("names invalid query and path parameters", async () => {
    const query = await expectProblem(
      await api.send("/api/v1/simulate?async=maybe", jsonPost(api.keys.write, {})),
      400,
      "/problems/invalid-request"
    )
    expect((query.errors ?? []).map((issue) => issue.path)).toContain("query.async")
    const table = await expectProblem(
      await api.send("/api/v1/data/customers", {
        method: "POST",
        headers: { "x-api-key": api.keys.write, "content-type": "text/csv" },
        body: "a\n1\n"
      }),
      400,
      "/problems/invalid-request"
    )
    expect(table.errors?.[0]?.path).toBe("path.table")
  })

  it("answers a body in another media type with 415", async () => {
    await expectProblem(
      await api.send("/api/v1/simulate", {
        method: "POST",
        headers: { "x-api-key": api.keys.write, "content-type": "text/plain" },
        body: "{}"
      }),
      415,
      "/problems/unsupported-media-type"
    )
  })

  it("answers a simulation before any fit with 409 naming what to do", async () => {
    const client = api.clientFor(api.keys.write)
    const result = await client.simulate({
      intervention: { channels: ["email"], content_variants: [{ id: "a", template: "Hello" }] },
      target_population: { segments: ["vip"] }
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.status).toBe(409)
    expect(result.problem.type).toBe("/problems/models-not-ready")
    expect(result.problem.detail).toContain("preflight fit")
  })

  it("answers an unknown simulation id with 404", async () => {
    const result = await api.clientFor(api.keys.read).getSimulation("does-not-exist")
    expect(result.status).toBe(404)
  })
})
