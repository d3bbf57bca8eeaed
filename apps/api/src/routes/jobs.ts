// `GET /api/v1/jobs` (admin): the background queues with their jobs counted by state, the figures
// `preflight jobs status` prints (both read them with @preflight/worker's `jobCounts`).
import { createRoute } from "@hono/zod-openapi"
import { JobCounts } from "@preflight/client"
import { jobCounts } from "@preflight/worker"
import {
  API_KEY_SECURITY,
  AUTHENTICATED_PROBLEMS,
  addRoute,
  problemResponses,
  type RouteModule
} from "../http/route-kit.ts"
import { requireScope } from "../middleware/authenticate.ts"

export const jobRoutes: RouteModule = (app, { run }) => {
  const countsRoute = createRoute({
    method: "get",
    path: "/api/v1/jobs",
    tags: ["operations"],
    summary: "Counts of background jobs by queue and state",
    security: API_KEY_SECURITY,
    middleware: [requireScope("admin")] as const,
    responses: {
      200: {
        description: "Every queue with its jobs by state",
        content: { "application/json": { schema: JobCounts } }
      },
      ...problemResponses(...AUTHENTICATED_PROBLEMS)
    }
  })
  addRoute(app, countsRoute, (c) => run(c, jobCounts(), (queues) => c.json({ queues }, 200)))
}
