// Gives every request an id (the caller's `X-Request-Id` when it is a sane token, else a new UUID), echoed in
// the response and written in its access log line and in every problem document.
import { randomUUID } from "node:crypto"
import type { MiddlewareHandler } from "hono"
import type { ApiEnv } from "../http/api-env.ts"

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/

export const requestId = (): MiddlewareHandler<ApiEnv> => async (c, next) => {
  const incoming = c.req.header("x-request-id")
  const id = incoming !== undefined && ACCEPTABLE.test(incoming) ? incoming : randomUUID()
  c.set("requestId", id)
  c.set("apiKey", undefined)
  await next()
  c.res.headers.set("x-request-id", id)
}
