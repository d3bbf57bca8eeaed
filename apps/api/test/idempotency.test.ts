// Idempotency-Key: a retry gets the original response, the same key with another body is refused, a key whose
// first request is still running answers 409, and keys belong to one API key.
import { createHash } from "node:crypto"
import { claimIdempotencyKey, findApiKeyByPrefix } from "@preflight/storage"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { parseApiKey } from "../src/auth/api-key-secret.ts"
import { type Harness, makeHarness } from "./support/api-harness.ts"

let api: Harness
beforeAll(async () => {
  api = await makeHarness()
})
afterAll(() => api.dispose())

const outcomes = (conversions: number) => ({
  campaign_id: "spring-sale",
  results: [{ variant_id: "a", channel: "email", recipients: 1_000, conversions }]
})

describe("Idempotency-Key", () => {
  it("replays the first response for a retry with the same body", async () => {
    const client = api.clientFor(api.keys.write)
    const first = await client.sendOutcomes(outcomes(12), { idempotencyKey: "retry-1" })
    expect(first.status).toBe(201)
    expect(first.headers.get("idempotent-replayed")).toBeNull()
    const retry = await client.sendOutcomes(outcomes(12), { idempotencyKey: "retry-1" })
    expect(retry.status).toBe(201)
    expect(retry.headers.get("idempotent-replayed")).toBe("true")
    expect(retry.ok && first.ok && retry.data).toEqual(first.ok && first.data)
  })

  it("refuses the same key with a different body (422) and does not apply it", async () => {
    const client = api.clientFor(api.keys.write)
    await client.sendOutcomes(outcomes(5), { idempotencyKey: "reuse-1" })
    const other = await client.sendOutcomes(outcomes(6), { idempotencyKey: "reuse-1" })
    expect(other.status).toBe(422)
    expect(!other.ok && other.problem.type).toBe("/problems/idempotency-key-reused")
  })

  it("answers 409 while the first request with the key is still being answered", async () => {
    const parts = parseApiKey(api.keys.write)
    const row = parts === undefined ? undefined : await api.run(findApiKeyByPrefix(parts.prefix))
    if (row === undefined) throw new Error("the write key is not stored")
    // A claim without a stored response is what a request in flight leaves behind.
    const body = JSON.stringify(outcomes(1))
    const hash = createHash("sha256").update("POST /api/v1/outcomes\n").update(body).digest("hex")
    await api.run(claimIdempotencyKey(row.keyId, "in-flight-2", hash))
    const response = await api.send("/api/v1/outcomes", {
      method: "POST",
      headers: { "x-api-key": api.keys.write, "content-type": "application/json", "idempotency-key": "in-flight-2" },
      body
    })
    expect(response.status).toBe(409)
    expect(response.headers.get("retry-after")).toBe("1")
  })

  it("keeps keys apart per API key", async () => {
    const admin = api.clientFor(api.keys.admin)
    const writer = api.clientFor(api.keys.write)
    expect((await writer.sendOutcomes(outcomes(7), { idempotencyKey: "shared-name" })).status).toBe(201)
    const adminFirst = await admin.sendOutcomes(outcomes(8), { idempotencyKey: "shared-name" })
    expect(adminFirst.status).toBe(201)
    expect(adminFirst.headers.get("idempotent-replayed")).toBeNull()
  })

  it("replays refusals too, so a retry sees the same answer", async () => {
    const client = api.clientFor(api.keys.write)
    const first = await client.sendFeedback({ simulation_id: "unknown", rating: 4 }, { idempotencyKey: "fb-1" })
    expect(first.status).toBe(404)
    const retry = await client.sendFeedback({ simulation_id: "unknown", rating: 4 }, { idempotencyKey: "fb-1" })
    expect(retry.status).toBe(404)
    expect(retry.headers.get("idempotent-replayed")).toBe("true")
    expect(retry.headers.get("content-type")).toBe("application/problem+json")
  })

  it("refuses an unusable Idempotency-Key header with 400", async () => {
    const response = await api.send("/api/v1/outcomes", {
      method: "POST",
      headers: { "x-api-key": api.keys.write, "content-type": "application/json", "idempotency-key": "a b" },
      body: JSON.stringify(outcomes(1))
    })
    expect(response.status).toBe(400)
  })
})
