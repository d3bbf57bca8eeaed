// The simulating routes on a fitted demo world (imported and fitted once for the file), through the typed client
// over `app.request` and over a real server on 127.0.0.1: synchronous and background simulations, determinism,
// idempotent retries, evaluate-creative and predict-uplift, refusals, 2,000-body fuzzing per route, and a
// graceful stop that lets an in-flight simulation finish.
import { CreativeEvaluation, createPreflightClient, SimulationStatus, UpliftPrediction } from "@preflight/client"
import { SimulateResponse } from "@preflight/simulator"
import type { World } from "@preflight/worlds"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { z } from "zod"
import { type RunningServer, startServer } from "../src/server.ts"
import { type Harness, makeHarness, makeRuntime } from "./support/api-harness.ts"
import { importAndFitDemoWorld, requestFor } from "./support/fitted-world.ts"
import { junkBody, simulateLikeBody, validSimulateBody } from "./support/fuzz-bodies.ts"

let api: Harness
let world: World
let server: RunningServer

beforeAll(async () => {
  const runtime = makeRuntime()
  world = await runtime.runPromise(importAndFitDemoWorld({ seed: 808 }))
  api = await makeHarness({ runtime, settings: { rateLimitPerMinute: 1_000_000_000, syncMaxPersonas: 200 } })
  server = await startServer({ app: api.app, runtime, port: 0, host: "127.0.0.1" })
}, 600_000)
afterAll(() => server.close(1_000))

const known = () => ({
  segments: world.tables.segments.map((segment) => segment.segment_id),
  channels: requestFor(world).intervention.channels
})

describe("POST /api/v1/simulate", () => {
  it("answers a small request at once with a valid response, stored and readable by its id", async () => {
    const client = api.clientFor(api.keys.write)
    const request = requestFor(world, { seed: 11 })
    const result = await client.simulate(request)
    expect(result.status).toBe(200)
    if (!result.ok) return
    const response = SimulateResponse.parse(result.data)
    expect(response.seed).toBe(11)
    expect(response.predictions.variant_breakdown.map((variant) => variant.variant_id).sort()).toEqual(
      request.intervention.content_variants.map((variant) => variant.id).sort()
    )
    const stored = await api.clientFor(api.keys.read).getSimulation(response.simulation_id)
    expect(stored.ok && stored.data.status).toBe("completed")
    expect(stored.ok && stored.data.result).toEqual(response)
  })

  it("gives the same bytes for the same request and seed, and different ones for another seed", async () => {
    const client = api.clientFor(api.keys.write)
    const body = (seed: number) =>
      api.send("/api/v1/simulate", {
        method: "POST",
        headers: { "x-api-key": api.keys.write, "content-type": "application/json" },
        body: JSON.stringify(requestFor(world, { seed }))
      })
    const once = await (await body(21)).text()
    const twice = await (await body(21)).text()
    expect(twice).toBe(once)
    const other = await client.simulate(requestFor(world, { seed: 22 }))
    expect(other.ok && "simulation_id" in other.data && other.data.simulation_id).not.toBe(
      JSON.parse(once).simulation_id
    )
  })

  it("runs a request in the background with ?async=true: 202, a Location, then completed", async () => {
    const client = api.clientFor(api.keys.write)
    const accepted = await client.simulate(requestFor(world, { seed: 31 }), { async: true })
    expect(accepted.status).toBe(202)
    if (!accepted.ok || !("location" in accepted.data)) throw new Error("expected a job")
    expect(accepted.headers.get("location")).toBe(accepted.data.location)
    expect(accepted.data.status).toBe("queued")
    const done = await client.waitForSimulation(accepted.data.simulation_id, { timeoutMs: 120_000 })
    expect(done.ok && done.data.status).toBe("completed")
    if (!done.ok) return
    expect(SimulationStatus.safeParse(done.data).success).toBe(true)
    expect(done.data.result?.seed).toBe(31)
  })

  it("runs a large request in the background without being asked, and reports a job's failure as a problem", async () => {
    const client = api.clientFor(api.keys.write)
    const large = await client.simulate(requestFor(world, { seed: 41, personas: 300 }))
    expect(large.status).toBe(202)
    const request = requestFor(world, { seed: 42 })
    const failing = await client.simulate(
      { ...request, target_population: { ...request.target_population, segments: ["martians"] } },
      { async: true }
    )
    if (!failing.ok || !("location" in failing.data)) throw new Error("expected a job")
    const failed = await client.waitForSimulation(failing.data.simulation_id, { timeoutMs: 120_000 })
    expect(failed.ok && failed.data.status).toBe("failed")
    expect(failed.ok && failed.data.error).toMatchObject({ status: 422, type: "/problems/not-in-history" })
    expect(failed.ok && failed.data.error?.detail).toContain("martians")
    if (large.ok && "location" in large.data) {
      const finished = await client.waitForSimulation(large.data.simulation_id, { timeoutMs: 120_000 })
      expect(finished.ok && finished.data.status).toBe("completed")
    }
  })

  it("replays a retried simulation with the same Idempotency-Key instead of running it again", async () => {
    const client = api.clientFor(api.keys.write)
    const first = await client.simulate(requestFor(world, { seed: 51 }), { idempotencyKey: "sim-51" })
    const retry = await client.simulate(requestFor(world, { seed: 51 }), { idempotencyKey: "sim-51" })
    expect(retry.headers.get("idempotent-replayed")).toBe("true")
    expect(retry.ok && retry.data).toEqual(first.ok && first.data)
    const changed = await client.simulate(requestFor(world, { seed: 52 }), { idempotencyKey: "sim-51" })
    expect(changed.status).toBe(422)
  })

  it("refuses segments and channels the history does not know with 422 naming them", async () => {
    const client = api.clientFor(api.keys.write)
    const request = requestFor(world, { seed: 61 })
    const segment = await client.simulate({
      ...request,
      target_population: { ...request.target_population, segments: ["martians"] }
    })
    expect(segment.status).toBe(422)
    expect(!segment.ok && segment.problem.detail).toContain("martians")
    const channel = await client.simulate({
      ...request,
      intervention: { ...request.intervention, channels: ["pigeon"] }
    })
    expect(channel.status).toBe(422)
    expect(!channel.ok && channel.problem.detail).toContain("pigeon")
  })

  it("accepts feedback on a stored simulation", async () => {
    const client = api.clientFor(api.keys.write)
    const simulated = await client.simulate(requestFor(world, { seed: 71 }))
    if (!simulated.ok || !("predictions" in simulated.data)) throw new Error("expected a response")
    const feedback = await client.sendFeedback({
      simulation_id: simulated.data.simulation_id,
      rating: 4,
      comment: "close"
    })
    expect(feedback.status).toBe(201)
    const thumb = await client.sendFeedback({ simulation_id: simulated.data.simulation_id, thumbs: "down" })
    expect(thumb.status).toBe(201)
  })
})

describe("POST /api/v1/evaluate-creative and /api/v1/predict-uplift", () => {
  it("return the panel's reactions per segment × variant × channel", async () => {
    const request = requestFor(world, { seed: 81, personas: 40 })
    const result = await api.clientFor(api.keys.write).evaluateCreative(request)
    expect(result.status).toBe(200)
    if (!result.ok) return
    const evaluation = CreativeEvaluation.parse(result.data)
    expect(evaluation.personas).toBeGreaterThan(0)
    const variants = new Set(evaluation.reactions.map((reaction) => reaction.variant_id))
    expect([...variants].sort()).toEqual(request.intervention.content_variants.map((variant) => variant.id).sort())
    for (const reaction of evaluation.reactions) {
      expect(reaction.mean_intent_delta).toBeGreaterThanOrEqual(-1)
      expect(reaction.mean_intent_delta).toBeLessThanOrEqual(1)
    }
  })

  it("return treated and control rates per variant × channel and segment", async () => {
    const request = requestFor(world, { seed: 82 })
    const result = await api.clientFor(api.keys.write).predictUplift(request)
    expect(result.status).toBe(200)
    if (!result.ok) return
    const prediction = UpliftPrediction.parse(result.data)
    expect(prediction.variants).toHaveLength(
      request.intervention.content_variants.length * request.intervention.channels.length
    )
    for (const variant of prediction.variants)
      for (const segment of variant.segments) {
        expect(segment.treated).toBeGreaterThan(0)
        expect(segment.treated).toBeLessThan(1)
        expect(segment.uplift).toBeCloseTo(segment.treated - (segment.control ?? Number.NaN), 9)
      }
  })
})

describe("fuzzing the simulating routes (2,000 generated bodies each, never a 5xx)", () => {
  const routes: ReadonlyArray<readonly [string, z.ZodType]> = [
    ["/api/v1/simulate", SimulateResponse],
    ["/api/v1/evaluate-creative", CreativeEvaluation],
    ["/api/v1/predict-uplift", UpliftPrediction]
  ]
  for (const [path, schema] of routes)
    it(path, async () => {
      const statuses = new Map<number, number>()
      const body = fc.oneof(
        { weight: 6, arbitrary: junkBody },
        { weight: 12, arbitrary: simulateLikeBody(known()).map((document) => JSON.stringify(document)) },
        // About one body in twenty is valid: each of those runs the models (a few hundred ms).
        { weight: 1, arbitrary: validSimulateBody(known()).map((document) => JSON.stringify(document)) }
      )
      await fc.assert(
        fc.asyncProperty(body, async (text) => {
          const response = await api.send(path, {
            method: "POST",
            headers: { "x-api-key": api.keys.write, "content-type": "application/json" },
            body: text
          })
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
          const answer = await response.text()
          if (response.status >= 500) throw new Error(`${path} answered ${response.status} to ${text}: ${answer}`)
          if (response.status === 200 && !schema.safeParse(JSON.parse(answer)).success)
            throw new Error(`${path} answered an undocumented body: ${answer}`)
          if (response.status >= 400) expect(response.headers.get("content-type")).toBe("application/problem+json")
        }),
        { numRuns: 2_000 }
      )
      console.log(
        `${path}: ${[...statuses]
          .sort()
          .map(([status, count]) => `${status}×${count}`)
          .join(" ")}`
      )
      // Valid requests got through to the models, invalid ones were refused.
      expect(statuses.get(200) ?? 0).toBeGreaterThan(0)
      expect(statuses.get(400) ?? 0).toBeGreaterThan(0)
    })
})

describe("a real server on 127.0.0.1", () => {
  it("serves the typed client over TCP: health, a 401 without a key, a simulation", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const anonymous = createPreflightClient({ baseUrl: server.url })
    expect((await anonymous.health()).status).toBe(200)
    expect((await anonymous.ready()).status).toBe(200)
    expect((await anonymous.listPrograms()).status).toBe(401)
    const client = createPreflightClient({ baseUrl: server.url, apiKey: api.keys.write })
    const result = await client.simulate(requestFor(world, { seed: 91 }))
    expect(result.status).toBe(200)
    expect(result.headers.get("ratelimit-policy")).toContain("q=1000000000")
  })

  it("stops gracefully: an in-flight simulation completes, then new connections are refused", async () => {
    const client = createPreflightClient({ baseUrl: server.url, apiKey: api.keys.write })
    const inFlight = client.simulate(requestFor(world, { seed: 92 }))
    await new Promise((resolve) => setTimeout(resolve, 30))
    const closed = server.close(30_000)
    const result = await inFlight
    expect(result.status).toBe(200)
    await closed
    await expect(fetch(`${server.url}/health`)).rejects.toThrow()
  })
})
