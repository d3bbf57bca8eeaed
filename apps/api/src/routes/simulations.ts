// `POST /api/v1/simulate` (the PRD's contract: answered at once when small, `202 Accepted` with a job to poll
// when large or with `?async=true`) and `GET /api/v1/simulations/{id}` (a stored simulation or a job's state).
import { createRoute, z } from "@hono/zod-openapi"
import { SimulationAccepted, SimulationStatus } from "@preflight/client"
import { SimulateRequest, SimulateResponse } from "@preflight/simulator"
import { NotFound } from "@preflight/storage"
import { Effect } from "effect"
import {
  API_KEY_SECURITY,
  AUTHENTICATED_PROBLEMS,
  addRoute,
  problemResponses,
  type RouteModule
} from "../http/route-kit.ts"
import { SimulationJobs, simulationLocation } from "../jobs/simulation-jobs.ts"
import { requireScope } from "../middleware/authenticate.ts"
import { idempotent } from "../middleware/idempotency.ts"
import { runSimulation } from "../runtime.ts"

export const SimulationId = z
  .string()
  .min(1)
  .max(200)
  .openapi({ param: { name: "id", in: "path" }, example: "simjob_0b7e0c2e-1f43-4c55-9c1e-0d5a6a8c9f10" })

export const simulationRoutes: RouteModule = (app, { run, runModelWork, runtime, settings, log }) => {
  const simulateRoute = createRoute({
    method: "post",
    path: "/api/v1/simulate",
    tags: ["simulations"],
    summary: "Simulate a campaign before it is sent",
    description: `Predicted conversion, revenue, ROI and unsubscribes with intervals, per variant, channel and segment, the best configuration and insights. Answered at once up to ${settings.syncMaxPersonas.toLocaleString("en-US")} personas; larger requests, or \`?async=true\`, get 202 and a simulation to poll.`,
    security: API_KEY_SECURITY,
    middleware: [requireScope("write"), idempotent(runtime, log)] as const,
    request: {
      query: z.object({
        async: z
          .enum(["true", "false"])
          .optional()
          .openapi({ description: "Run in the background and answer 202 with a simulation to poll" })
      }),
      body: { required: true, content: { "application/json": { schema: SimulateRequest } } }
    },
    responses: {
      200: { description: "The simulation", content: { "application/json": { schema: SimulateResponse } } },
      202: {
        description: "Accepted: poll the Location",
        headers: z.object({ location: z.string() }),
        content: { "application/json": { schema: SimulationAccepted } }
      },
      ...problemResponses(400, 409, 413, 415, 422, 502, ...AUTHENTICATED_PROBLEMS)
    }
  })

  addRoute(app, simulateRoute, (c) => {
    const request = c.req.valid("json")
    const background =
      c.req.valid("query").async === "true" || request.simulation_params.num_personas > settings.syncMaxPersonas
    if (background)
      return run(
        c,
        Effect.gen(function* () {
          return yield* (yield* SimulationJobs).enqueue(request)
        }),
        (ticket) => {
          const location = simulationLocation(ticket.simulationId)
          return c.json({ simulation_id: ticket.simulationId, status: ticket.status, location }, 202, { location })
        }
      )
    return runModelWork(c, runSimulation(request), (response) => c.json(response, 200))
  })

  const statusRoute = createRoute({
    method: "get",
    path: "/api/v1/simulations/{id}",
    tags: ["simulations"],
    summary: "A simulation: its state, and its response once completed",
    security: API_KEY_SECURITY,
    middleware: [requireScope("read")] as const,
    request: { params: z.object({ id: SimulationId }) },
    responses: {
      200: { description: "The simulation", content: { "application/json": { schema: SimulationStatus } } },
      ...problemResponses(400, 404, ...AUTHENTICATED_PROBLEMS)
    }
  })

  addRoute(app, statusRoute, (c) => {
    const { id } = c.req.valid("param")
    return run(
      c,
      Effect.gen(function* () {
        const record = yield* (yield* SimulationJobs).status(id)
        if (record === undefined) return yield* new NotFound({ entity: "simulation", id })
        return record
      }),
      (record) =>
        c.json(
          {
            simulation_id: record.simulationId,
            status: record.status,
            created_at: record.createdAt.toISOString(),
            completed_at: record.completedAt?.toISOString() ?? null,
            ...(record.status === "completed" ? { result: record.response as SimulateResponse } : {}),
            ...(record.status === "failed" ? { error: record.error as z.infer<typeof SimulationStatus>["error"] } : {})
          },
          200
        )
    )
  })
}
