// `x-api-key` authentication for /api/v1 (401 without a valid key) and the scope check each route declares
// (403 when the key lacks it). Scopes are ordered: admin can do what write can, write what read can.
import type { ApiKeyScope } from "@preflight/storage"
import { Exit } from "effect"
import type { MiddlewareHandler } from "hono"
import type { KeyVerifier } from "../auth/key-verifier.ts"
import type { ApiEnv } from "../http/api-env.ts"
import { problemResponse } from "../http/problem.ts"
import { type AccessLogSink, failureResponse } from "../http/run-effect.ts"
import type { ApiRuntime } from "../runtime.ts"

const RANK: Readonly<Record<ApiKeyScope, number>> = { read: 0, write: 1, admin: 2 }

const CHALLENGE = { "www-authenticate": 'ApiKey realm="preflight", header="x-api-key"' }

export const authenticate =
  (runtime: ApiRuntime, verifier: KeyVerifier, log: AccessLogSink): MiddlewareHandler<ApiEnv> =>
  async (c, next) => {
    const presented = c.req.header("x-api-key")
    if (presented === undefined || presented.trim() === "")
      return problemResponse(c, {
        status: 401,
        kind: "unauthenticated",
        title: "An API key is required",
        detail: "send the key in the x-api-key header",
        headers: CHALLENGE
      })
    const exit = await runtime.runPromiseExit(verifier.verify(presented.trim()))
    if (Exit.isFailure(exit)) return failureResponse(c, exit.cause, log)
    if (exit.value === undefined)
      return problemResponse(c, {
        status: 401,
        kind: "unauthenticated",
        title: "The API key is not valid",
        detail: "the key is malformed, unknown or revoked",
        headers: CHALLENGE
      })
    c.set("apiKey", exit.value)
    await next()
  }

export const requireScope =
  (scope: ApiKeyScope): MiddlewareHandler<ApiEnv> =>
  async (c, next) => {
    const key = c.get("apiKey")
    if (key === undefined)
      return problemResponse(c, {
        status: 401,
        kind: "unauthenticated",
        title: "An API key is required",
        headers: CHALLENGE
      })
    if (!key.scopes.some((held) => RANK[held] >= RANK[scope]))
      return problemResponse(c, {
        status: 403,
        kind: "forbidden",
        title: "The API key lacks the scope this route needs",
        detail: `this route needs the ${scope} scope; the key has ${key.scopes.join(", ")}`
      })
    await next()
  }
