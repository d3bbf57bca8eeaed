import { describe, expect, it } from "vitest"
import { canonicalJson, canonicalRequest, messageDigest, requestKey } from "../../src/lm/request-key.ts"
import type { LmRequest } from "../../src/lm/types.ts"

const base: LmRequest = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "sys" },
    { role: "user", content: "hello" }
  ],
  temperature: 0,
  maxTokens: 100,
  n: 1,
  seed: undefined,
  responseFormat: undefined,
  rolloutId: undefined
}

describe("canonicalJson", () => {
  it("sorts keys recursively and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}'
    )
  })
})

describe("requestKey", () => {
  it("is the SHA-256 of the canonical request with messages replaced by their digests", () => {
    const canonical = canonicalRequest(base)
    expect(canonical).toBe(
      canonicalJson({ ...base, messages: base.messages.map((message) => messageDigest({ ...message })) })
    )
    expect(requestKey(base)).toMatch(/^[0-9a-f]{64}$/)
  })

  it("depends on content, not object identity or key order", () => {
    const copy: LmRequest = {
      rolloutId: undefined,
      responseFormat: undefined,
      seed: undefined,
      n: 1,
      maxTokens: 100,
      temperature: 0,
      messages: base.messages.map((message) => ({ content: message.content, role: message.role })),
      model: "gpt-4o-mini"
    }
    expect(requestKey(copy)).toBe(requestKey(base))
  })

  it("changes with the model, any setting, the messages and the rollout id", () => {
    const key = requestKey(base)
    expect(requestKey({ ...base, model: "gpt-4o" })).not.toBe(key)
    expect(requestKey({ ...base, temperature: 0.7 })).not.toBe(key)
    expect(requestKey({ ...base, messages: [...base.messages, { role: "user", content: "more" }] })).not.toBe(key)
    expect(requestKey({ ...base, rolloutId: 1 })).not.toBe(key)
    expect(requestKey({ ...base, rolloutId: 1 })).not.toBe(requestKey({ ...base, rolloutId: 2 }))
    expect(requestKey({ ...base, responseFormat: { type: "json_object" } })).not.toBe(key)
  })
})
