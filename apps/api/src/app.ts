// The Hono application: middleware in the order a request meets it (request id, access log, secure headers,
// CORS, then for /api/v1 the key, the rate limit and the body limit), the route modules, the OpenAPI 3.1
// document generated from the same zod schemas the routes validate with, `/docs`, and problem+json for
// everything that goes wrong, unknown routes (404) and wrong methods (405) included.
import { OpenAPIHono } from "@hono/zod-openapi"
import type { Context, MiddlewareHandler } from "hono"
import { cors } from "hono/cors"
import { HTTPException } from "hono/http-exception"
import { secureHeaders } from "hono/secure-headers"
import { makeKeyVerifier } from "./auth/key-verifier.ts"
import { type ApiSettings, DEFAULT_API_SETTINGS } from "./config.ts"
import type { ApiEnv } from "./http/api-env.ts"
import { DOCS_CSP, DOCS_HTML } from "./http/docs-page.ts"
import { gatedRunner, makeFifoGate } from "./http/fifo-gate.ts"
import { problemResponse } from "./http/problem.ts"
import type { ApiApp } from "./http/route-kit.ts"
import { type AccessLogSink, makeEffectRunner } from "./http/run-effect.ts"
import { accessLog, stdoutSink } from "./middleware/access-log.ts"
import { authenticate } from "./middleware/authenticate.ts"
import { bodyLimits } from "./middleware/body-limit.ts"
import { rateLimit } from "./middleware/rate-limit.ts"
import { requestId } from "./middleware/request-id.ts"
import { ROUTE_MODULES } from "./routes/index.ts"
import type { ApiRuntime } from "./runtime.ts"

export const API_VERSION = "1.0.0"

export interface ApiOptions {
  readonly runtime: ApiRuntime
  readonly settings?: ApiSettings | undefined
  /** Where access and error log lines go (default: stdout as JSON lines, or nowhere with accessLog off). */
  readonly log?: AccessLogSink | undefined
  /** The clock of rate limits and the key cache (tests move it). */
  readonly now?: (() => number) | undefined
}

const PARTS = { json: "", query: "query.", param: "path.", header: "header.", form: "", cookie: "cookie." } as const

/** Requests the route validators refuse: 400 with every issue and its path (`query.async`, `intervention.channels`). */
const validationProblem = (
  result: {
    success: boolean
    target: keyof typeof PARTS
    data?: unknown
    error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }
  },
  c: Context<ApiEnv>
) => {
  // Postgres text and jsonb cannot hold U+0000: refuse it here, naming the field, rather than fail on insert.
  const nul = result.success ? pathOfNulCharacter(result.data, []) : undefined
  const issues =
    nul !== undefined
      ? [{ path: nul, message: "text cannot contain the NUL character (U+0000)" }]
      : result.success
        ? []
        : (result.error?.issues ?? [])
  if (issues.length === 0) return undefined
  const prefix = PARTS[result.target]
  const errors = issues.map((issue) => ({
    path: `${prefix}${issue.path.map(String).join(".")}`.replace(/\.$/, ""),
    message: issue.message
  }))
  return problemResponse(c, {
    status: 400,
    kind: "invalid-request",
    title: result.target === "json" ? "The request body is invalid" : `The request ${result.target} is invalid`,
    detail: errors.map((error) => `${error.path === "" ? "(body)" : error.path}: ${error.message}`).join("; "),
    extra: { errors }
  })
}

/** The path of the first string (key or value) holding U+0000, or undefined. */
const pathOfNulCharacter = (
  value: unknown,
  path: ReadonlyArray<PropertyKey>
): ReadonlyArray<PropertyKey> | undefined => {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = pathOfNulCharacter(value[index], [...path, index])
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, entry] of Object.entries(value)) {
      if (key.includes("\u0000")) return [...path, key]
      const found = pathOfNulCharacter(entry, [...path, key])
      if (found !== undefined) return found
    }
  }
  return undefined
}

/** A strict default CSP for the JSON API; a route that serves HTML (/docs) sets its own. */
const defaultContentSecurityPolicy: MiddlewareHandler<ApiEnv> = async (c, next) => {
  await next()
  if (!c.res.headers.has("content-security-policy"))
    c.res.headers.set("content-security-policy", "default-src 'none'; frame-ancestors 'none'")
}

const patternOf = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\/:[^/]+/g, "/[^/]+")}/?$`)

export const makeApi = (options: ApiOptions): ApiApp => {
  const settings = options.settings ?? DEFAULT_API_SETTINGS
  const log: AccessLogSink = options.log ?? (settings.accessLog ? stdoutSink : () => undefined)
  const run = makeEffectRunner(options.runtime, log)
  const verifier = makeKeyVerifier({
    cacheSeconds: settings.keyCacheSeconds,
    ...(options.now === undefined ? {} : { now: options.now })
  })

  const app: ApiApp = new OpenAPIHono<ApiEnv>({ defaultHook: validationProblem })

  app.use("*", requestId())
  if (options.log !== undefined || settings.accessLog) app.use("*", accessLog(log))
  app.use("*", secureHeaders({ crossOriginResourcePolicy: false }))
  app.use("*", defaultContentSecurityPolicy)
  if (settings.corsOrigins.length > 0)
    app.use(
      "*",
      cors({
        origin: settings.corsOrigins.includes("*") ? "*" : [...settings.corsOrigins],
        allowMethods: ["GET", "POST", "OPTIONS"],
        allowHeaders: ["content-type", "x-api-key", "idempotency-key", "x-request-id"],
        exposeHeaders: [
          "location",
          "retry-after",
          "ratelimit",
          "ratelimit-policy",
          "x-request-id",
          "idempotent-replayed"
        ],
        maxAge: 600
      })
    )
  app.use("/api/v1/*", authenticate(options.runtime, verifier, log))
  app.use("/api/v1/*", rateLimit(settings.rateLimitPerMinute, options.now))
  app.use(
    "/api/v1/*",
    bodyLimits({ jsonBytes: settings.jsonBodyLimitBytes, importBytes: settings.importBodyLimitBytes })
  )

  const runModelWork = gatedRunner(run, makeFifoGate(settings.modelConcurrency))
  const dependencies = { runtime: options.runtime, run, runModelWork, settings, log }
  for (const register of ROUTE_MODULES) register(app, dependencies)

  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "apiKey",
    in: "header",
    name: "x-api-key",
    description: "A key from `preflight keys create`; scopes read < write < admin"
  })
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Preflight API",
      version: API_VERSION,
      description:
        "Test a marketing campaign before it is sent. Errors are RFC 9457 problem documents (application/problem+json). POSTs accept an Idempotency-Key header. Every /api/v1 route needs an x-api-key."
    },
    tags: [
      { name: "simulations", description: "Simulate, evaluate creatives, predict uplift" },
      { name: "history", description: "Import the organisation's history" },
      { name: "calibrations", description: "Fit the persona program to the history" },
      { name: "programs", description: "Persona program versions" },
      { name: "learning", description: "Feedback and actual results" },
      { name: "operations", description: "Health and readiness" }
    ]
  })
  app.get("/docs", (c) => c.html(DOCS_HTML, 200, { "content-security-policy": DOCS_CSP }))

  // Computed on first use, once every route is registered.
  let routeTable: ReadonlyArray<{ readonly method: string; readonly pattern: RegExp }> | undefined
  app.notFound((c) => {
    routeTable ??= app.routes
      .filter((route) => route.method !== "ALL")
      .map((route) => ({ method: route.method, pattern: patternOf(route.path) }))
    const allowed = [
      ...new Set(routeTable.filter((route) => route.pattern.test(c.req.path)).map((route) => route.method))
    ]
    if (allowed.length === 0)
      return problemResponse(c, {
        status: 404,
        kind: "not-found",
        title: "No such route",
        detail: `${c.req.path} is not a route of this API; see /docs`
      })
    if (allowed.includes("GET")) allowed.push("HEAD")
    return problemResponse(c, {
      status: 405,
      kind: "method-not-allowed",
      title: "Method not allowed",
      detail: `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(", ")}`,
      headers: { allow: allowed.join(", ") }
    })
  })

  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      const status = error.status
      const malformedJson = status === 400 && /JSON/i.test(error.message)
      return problemResponse(c, {
        status,
        kind: malformedJson ? "invalid-request" : status === 415 ? "unsupported-media-type" : "http-error",
        title: malformedJson ? "The request body is not valid JSON" : error.message || `HTTP ${status}`,
        ...(malformedJson ? { extra: { errors: [{ path: "", message: "not valid JSON" }] } } : {}),
        ...(status === 415 ? { detail: "send the body as application/json" } : {})
      })
    }
    log({
      time: new Date().toISOString(),
      level: "error",
      msg: "unhandled error",
      request_id: c.get("requestId"),
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    })
    return problemResponse(c, {
      status: 500,
      kind: "internal",
      title: "Internal error",
      detail: "the failure was logged"
    })
  })

  return app
}

export type ApiAppType = ReturnType<typeof makeApi>
