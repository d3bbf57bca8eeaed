// Body size limits: JSON bodies are small (a simulate request is a few kB), history imports may be large; a
// body over its limit is refused with 413 before it is read to the end.
import type { MiddlewareHandler } from "hono"
import { bodyLimit } from "hono/body-limit"
import type { ApiEnv } from "../http/api-env.ts"
import { problemResponse } from "../http/problem.ts"

const limited = (maxBytes: number): MiddlewareHandler<ApiEnv> =>
  bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      problemResponse(c, {
        status: 413,
        kind: "body-too-large",
        title: "The request body is too large",
        detail: `this route accepts at most ${maxBytes.toLocaleString("en-US")} bytes`
      })
  })

export const bodyLimits = (limits: {
  readonly jsonBytes: number
  readonly importBytes: number
}): MiddlewareHandler<ApiEnv> => {
  const json = limited(limits.jsonBytes)
  const imports = limited(limits.importBytes)
  return (c, next) => (c.req.path.startsWith("/api/v1/data/") ? imports(c, next) : json(c, next))
}
