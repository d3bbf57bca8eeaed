// Keys, scopes, rate limits, body limits, CORS and headers, through `app.request`.
import { Problem } from "@preflight/client"
import { findApiKeyByPrefix } from "@preflight/storage"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { parseApiKey } from "../src/auth/api-key-secret.ts"
import { revokeKey } from "../src/auth/api-keys.ts"
import { type Harness, jsonPost, makeHarness } from "./support/api-harness.ts"

let api: Harness
let clock = 1_000_000
beforeAll(async () => {
  api = await makeHarness({ settings: { keyCacheSeconds: 0, corsOrigins: ["https://app.example"] }, now: () => clock })
})
afterAll(() => api.dispose())

describe("API keys", () => {
  it("answers 401 with a problem and a challenge when no key is sent", async () => {
    const response = await api.send("/api/v1/programs")
    expect(response.status).toBe(401)
    expect(response.headers.get("content-type")).toBe("application/problem+json")
    expect(response.headers.get("www-authenticate")).toContain("x-api-key")
    const problem = Problem.parse(await response.json())
    expect(problem).toMatchObject({ status: 401, type: "/problems/unauthenticated", instance: "/api/v1/programs" })
  })

  it("answers 401 for a malformed key, an unknown prefix and a wrong secret", async () => {
    const parts = parseApiKey(api.keys.read)
    if (parts === undefined) throw new Error("the harness key is not shaped like a key")
    const wrongSecret = `pfk_${parts.prefix}_${"A".repeat(43)}`
    const unknownPrefix = `pfk_${"z".repeat(12)}_${parts.secret}`
    for (const key of ["nonsense", wrongSecret, unknownPrefix]) {
      const response = await api.send("/api/v1/programs", { headers: { "x-api-key": key } })
      expect(response.status, key).toBe(401)
    }
  })

  it("stores only a scrypt hash of the secret", async () => {
    const parts = parseApiKey(api.keys.write)
    if (parts === undefined) throw new Error("the harness key is not shaped like a key")
    const row = await api.run(findApiKeyByPrefix(parts.prefix))
    expect(row?.secretHash).toMatch(/^scrypt\$16384\$8\$1\$/)
    expect(row?.secretHash).not.toContain(parts.secret)
  })

  it("refuses a read key on a write route (403) and lets write and admin keys through", async () => {
    const body = { simulation_id: "missing", rating: 3 }
    const asReader = await api.send("/api/v1/feedback", jsonPost(api.keys.read, body))
    expect(asReader.status).toBe(403)
    expect(Problem.parse(await asReader.json()).detail).toContain("write scope")
    // Past the scope check, the (unknown) simulation is what stops them: 404, not 403.
    expect((await api.send("/api/v1/feedback", jsonPost(api.keys.write, body))).status).toBe(404)
    expect((await api.send("/api/v1/feedback", jsonPost(api.keys.admin, body))).status).toBe(404)
    // Promote needs admin.
    const promote = { method: "POST", headers: { "x-api-key": api.keys.write } }
    expect((await api.send("/api/v1/programs/p/promote", promote)).status).toBe(403)
  })

  it("refuses a revoked key", async () => {
    const key = await api.newKey({ name: "short-lived", scopes: ["read"] })
    expect((await api.send("/api/v1/programs", { headers: { "x-api-key": key } })).status).toBe(200)
    await api.run(revokeKey(key))
    expect((await api.send("/api/v1/programs", { headers: { "x-api-key": key } })).status).toBe(401)
  })
})

describe("rate limits", () => {
  it("announces the limit, answers 429 with Retry-After over it, and opens again after the window", async () => {
    const key = await api.newKey({ name: "limited", scopes: ["read"], rateLimitPerMinute: 3 })
    const get = () => api.send("/api/v1/programs", { headers: { "x-api-key": key } })
    clock = 2_000_000
    const first = await get()
    expect(first.headers.get("ratelimit-policy")).toBe('"per-key";q=3;w=60')
    expect(first.headers.get("ratelimit")).toBe('"per-key";r=2;t=60')
    await get()
    clock += 15_000
    expect((await get()).headers.get("ratelimit")).toBe('"per-key";r=0;t=45')
    const limited = await get()
    expect(limited.status).toBe(429)
    expect(limited.headers.get("retry-after")).toBe("45")
    expect(limited.headers.get("content-type")).toBe("application/problem+json")
    expect(Problem.parse(await limited.json()).type).toBe("/problems/rate-limited")
    // Another key is not affected.
    expect((await api.send("/api/v1/programs", { headers: { "x-api-key": api.keys.read } })).status).toBe(200)
    clock += 45_000
    expect((await get()).status).toBe(200)
  })
})

describe("transport", () => {
  it("refuses a JSON body over the limit with 413", async () => {
    const huge = { simulation_id: "x", rating: 3, comment: "a".repeat(api.settings.jsonBodyLimitBytes) }
    const response = await api.send("/api/v1/feedback", jsonPost(api.keys.write, huge))
    expect(response.status).toBe(413)
    expect(Problem.parse(await response.json()).type).toBe("/problems/body-too-large")
  })

  it("sets secure headers and a strict CSP on API responses", async () => {
    const response = await api.send("/health")
    expect(response.headers.get("x-content-type-options")).toBe("nosniff")
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN")
    expect(response.headers.get("strict-transport-security")).toContain("max-age=")
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'")
  })

  it("answers CORS preflights for configured origins only", async () => {
    const preflight = (origin: string) =>
      api.send("/api/v1/simulate", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "x-api-key" }
      })
    const allowed = await preflight("https://app.example")
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example")
    expect(allowed.headers.get("access-control-allow-headers")).toContain("x-api-key")
    const other = await preflight("https://evil.example")
    expect(other.headers.get("access-control-allow-origin")).toBeNull()
  })

  it("echoes a sane X-Request-Id and replaces an unsafe one", async () => {
    const kept = await api.send("/health", { headers: { "x-request-id": "trace-123" } })
    expect(kept.headers.get("x-request-id")).toBe("trace-123")
    const replaced = await api.send("/health", { headers: { "x-request-id": "bad id\twith spaces" } })
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe("access logs", () => {
  it("write one JSON line per request with its id, and never the key or the body", async () => {
    const secretText = "Dear Jane Doe, your account 4242 is eligible"
    const before = api.logs.length
    const response = await api.send(
      "/api/v1/feedback?email=jane@example.com",
      jsonPost(
        api.keys.write,
        { simulation_id: "nope", rating: 2, comment: secretText },
        { "x-request-id": "log-check-1" }
      )
    )
    expect(response.status).toBe(404)
    const lines = api.logs.slice(before)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ msg: "request", request_id: "log-check-1", method: "POST", status: 404 })
    expect(lines[0]?.key_id).toMatch(/^[0-9a-f-]{36}$/)
    const text = JSON.stringify(api.logs)
    for (const key of Object.values(api.keys)) {
      expect(text).not.toContain(key)
      expect(text).not.toContain(key.slice(0, 17))
    }
    expect(text).not.toContain("Jane")
    expect(text).not.toContain("jane@example.com")
  })
})
