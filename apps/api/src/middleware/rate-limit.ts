// Per-key rate limits: a fixed one-minute window per key (the key's own limit, else the server's default),
// announced on every response with the IETF RateLimit-Policy / RateLimit header fields
// (draft-ietf-httpapi-ratelimit-headers) and enforced with 429 and Retry-After. Counts live in this process:
// several API processes each allow the limit.
import type { MiddlewareHandler } from "hono"
import type { ApiEnv } from "../http/api-env.ts"
import { problemResponse } from "../http/problem.ts"

const WINDOW_MS = 60_000

export const rateLimit = (defaultPerMinute: number, now: () => number = Date.now): MiddlewareHandler<ApiEnv> => {
  const windows = new Map<string, { startedAt: number; count: number }>()
  return async (c, next) => {
    const key = c.get("apiKey")
    if (key === undefined) return next()
    const limit = key.rateLimitPerMinute ?? defaultPerMinute
    const at = now()
    let window = windows.get(key.keyId)
    if (window === undefined || at - window.startedAt >= WINDOW_MS) {
      window = { startedAt: at, count: 0 }
      windows.set(key.keyId, window)
    }
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - at) / 1000))
    const policy = `"per-key";q=${limit};w=${WINDOW_MS / 1000}`
    if (window.count >= limit)
      return problemResponse(c, {
        status: 429,
        kind: "rate-limited",
        title: "Too many requests",
        detail: `this key may make ${limit} requests per minute; try again in ${resetSeconds} s`,
        headers: {
          "ratelimit-policy": policy,
          ratelimit: `"per-key";r=0;t=${resetSeconds}`,
          "retry-after": String(resetSeconds)
        }
      })
    window.count += 1
    const remaining = limit - window.count
    await next()
    c.res.headers.set("ratelimit-policy", policy)
    c.res.headers.set("ratelimit", `"per-key";r=${remaining};t=${resetSeconds}`)
  }
}
