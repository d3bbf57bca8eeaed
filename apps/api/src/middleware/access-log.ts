// One structured JSON line per request. It names the request (id, method, route, path without the query),
// the outcome (status, duration) and the key's id; it never contains a key, a body, a query string or a header
// value, so prompts, creative texts and personal data cannot end up in the logs.
import type { MiddlewareHandler } from "hono"
import type { ApiEnv } from "../http/api-env.ts"
import type { AccessLogSink } from "../http/run-effect.ts"

/** Writes JSON lines to stdout. */
export const stdoutSink: AccessLogSink = (entry) => {
  process.stdout.write(`${JSON.stringify(entry)}\n`)
}

export const accessLog =
  (sink: AccessLogSink): MiddlewareHandler<ApiEnv> =>
  async (c, next) => {
    const started = performance.now()
    await next()
    const status = c.res.status
    sink({
      time: new Date().toISOString(),
      level: status >= 500 ? "error" : status >= 400 ? "warn" : "info",
      msg: "request",
      request_id: c.get("requestId"),
      method: c.req.method,
      route: c.req.routePath,
      path: c.req.path,
      status,
      duration_ms: Math.round((performance.now() - started) * 100) / 100,
      key_id: c.get("apiKey")?.keyId ?? null
    })
  }
