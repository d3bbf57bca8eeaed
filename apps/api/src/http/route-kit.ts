// What every route module needs: the app type, the dependencies handed to route modules, and the OpenAPI
// pieces shared by all routes (the key security scheme, problem responses by status).
import type { OpenAPIHono, RouteConfig, RouteHandler } from "@hono/zod-openapi"
import { Problem } from "@preflight/client"
import type { ApiSettings } from "../config.ts"
import type { ApiRuntime } from "../runtime.ts"
import type { ApiEnv } from "./api-env.ts"
import type { AccessLogSink, EffectRunner } from "./run-effect.ts"

export type ApiApp = OpenAPIHono<ApiEnv>

export interface RouteDependencies {
  readonly runtime: ApiRuntime
  readonly run: EffectRunner
  /** `run` for model work (simulations, creative evaluations, uplift): a few at a time, in arrival order. */
  readonly runModelWork: EffectRunner
  readonly settings: ApiSettings
  readonly log: AccessLogSink
}

/** A route module adds its routes to the app; `routes/index.ts` lists them all. */
export type RouteModule = (app: ApiApp, dependencies: RouteDependencies) => void

export const API_KEY_SECURITY = [{ apiKey: [] }]

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: "The request is invalid; `errors` lists each problem with its field path",
  401: "No API key, or a key that is malformed, unknown or revoked",
  403: "The API key lacks the scope this route needs",
  404: "Not found",
  409: "Conflicts with the current state (models not fitted yet, a request with this Idempotency-Key in flight)",
  413: "The body is larger than this route accepts",
  415: "The body's content type is not one this route reads",
  422: "Well-formed but not processable (unknown segments or channels, invalid rows, a reused Idempotency-Key)",
  429: "Over this key's rate limit; see Retry-After",
  502: "The language model failed",
  503: "The database or the language model is unavailable; see Retry-After"
}

/** OpenAPI responses for problem statuses, all `application/problem+json`. */
export const problemResponses = (...statuses: ReadonlyArray<number>) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: DESCRIPTIONS[status] ?? "Problem",
        content: { "application/problem+json": { schema: Problem } }
      }
    ])
  )

/** The statuses every authenticated route can answer with. */
export const AUTHENTICATED_PROBLEMS = [401, 403, 429, 503] as const

/** The context a route's handler gets: its validated params, query and body typed from the route's schemas. */
export type RouteContext<R extends RouteConfig> = Parameters<RouteHandler<R, ApiEnv>>[0]

/**
 * Adds a documented route. Handlers return plain Responses because Hono's typed responses cannot express the
 * problem+json answers every route also gives; the tests check each success body against the route's schema.
 */
export const addRoute = <R extends RouteConfig>(
  app: ApiApp,
  route: R,
  handler: (c: RouteContext<R>) => Response | Promise<Response>
): void => {
  app.openapi(route, handler as unknown as RouteHandler<R, ApiEnv>)
}
