// `GET /health` (the process is up) and `GET /ready` (the database answers and no migration is pending). Both
// are public: load balancers and orchestrators probe them without a key.
import { createRoute } from "@hono/zod-openapi"
import { Health, Readiness } from "@preflight/client"
import { Database, migrationStatus } from "@preflight/storage"
import { Effect } from "effect"
import { problemResponse } from "../http/problem.ts"
import { addRoute, problemResponses, type RouteModule } from "../http/route-kit.ts"

const started = performance.now()

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["operations"],
  summary: "The process is up",
  responses: { 200: { description: "Up", content: { "application/json": { schema: Health } } } }
})

const readyRoute = createRoute({
  method: "get",
  path: "/ready",
  tags: ["operations"],
  summary: "The database is reachable and its migrations are current",
  responses: {
    200: { description: "Ready", content: { "application/json": { schema: Readiness } } },
    ...problemResponses(503)
  }
})

const readiness = Effect.gen(function* () {
  const database = yield* Database
  const reachable = yield* database.query("SELECT 1 AS up").pipe(
    Effect.as(true),
    Effect.catch(() => Effect.succeed(false))
  )
  const pending = reachable
    ? yield* migrationStatus().pipe(
        Effect.map((status) => status.pending.map((file) => `${String(file.id).padStart(4, "0")}_${file.name}`)),
        Effect.catch((error) => Effect.succeed([`unreadable: ${error._tag}`]))
      )
    : []
  return { backend: database.backend, reachable, pending }
})

export const healthRoutes: RouteModule = (app, { run }) => {
  addRoute(app, healthRoute, (c) =>
    c.json({ status: "ok" as const, uptime_seconds: Math.round(performance.now() - started) / 1000 }, 200)
  )
  addRoute(app, readyRoute, (c) =>
    run(c, readiness, (state) => {
      const body = {
        database: { backend: state.backend, reachable: state.reachable },
        migrations: { pending: state.pending }
      }
      if (state.reachable && state.pending.length === 0) return c.json({ status: "ready" as const, ...body }, 200)
      return problemResponse(c, {
        status: 503,
        kind: "not-ready",
        title: "Not ready",
        detail: state.reachable ? "migrations are pending: run `preflight db migrate`" : "the database does not answer",
        extra: { ...body, status_text: "not_ready" }
      })
    })
  )
}
