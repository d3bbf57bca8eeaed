// `POST /api/v1/calibrations` (fit the persona program to the history in the background: 202 and a calibration
// to poll) and `GET /api/v1/calibrations/{id}` (its state, report or problem). Admin scope: a calibration can
// register and activate the program every later simulation uses, as promote and roll back do.
import { createRoute, z } from "@hono/zod-openapi"
import { CalibrationAccepted, CalibrationRequest, CalibrationStatus } from "@preflight/client"
import { NotFound } from "@preflight/storage"
import { Effect } from "effect"
import {
  API_KEY_SECURITY,
  AUTHENTICATED_PROBLEMS,
  addRoute,
  problemResponses,
  type RouteModule
} from "../http/route-kit.ts"
import { CalibrationJobs, type CalibrationSettings, calibrationLocation } from "../jobs/calibration-jobs.ts"
import { requireScope } from "../middleware/authenticate.ts"
import { idempotent } from "../middleware/idempotency.ts"
import { calibrationBody } from "./calibration-body.ts"

const CalibrationId = z
  .string()
  .min(1)
  .max(200)
  .openapi({ param: { name: "id", in: "path" }, example: "0b7e0c2e-1f43-4c55-9c1e-0d5a6a8c9f10" })

/** The request with its defaults resolved (the threshold stays absent: the gate's default). */
const settingsOf = (request: z.infer<typeof CalibrationRequest>): CalibrationSettings => ({
  optimizer: request.optimizer ?? "mipro",
  seed: request.seed ?? 0,
  budget: {
    ...(request.budget_calls === undefined ? {} : { maxLmCalls: request.budget_calls }),
    ...(request.budget_tokens === undefined ? {} : { maxTokens: request.budget_tokens }),
    ...(request.budget_usd === undefined ? {} : { maxUsd: request.budget_usd })
  },
  ...(request.threshold === undefined ? {} : { threshold: request.threshold })
})

export const calibrationRoutes: RouteModule = (app, { run, runtime, log }) => {
  const startRoute = createRoute({
    method: "post",
    path: "/api/v1/calibrations",
    tags: ["calibrations"],
    summary: "Calibrate the persona program on the history (in the background)",
    description:
      "Optimizes the persona program on past campaigns, maps its intents to conversion probabilities, and registers it when it passes the gate on the most recent campaigns (the first passing version becomes active, later ones candidates). Runs one at a time per API process; poll the Location. A failure (no fitted models, too little history) is the calibration's `error`.",
    security: API_KEY_SECURITY,
    middleware: [requireScope("admin"), idempotent(runtime, log)] as const,
    request: { body: { required: true, content: { "application/json": { schema: CalibrationRequest } } } },
    responses: {
      202: {
        description: "Accepted: poll the Location",
        headers: z.object({ location: z.string() }),
        content: { "application/json": { schema: CalibrationAccepted } }
      },
      ...problemResponses(400, 409, 413, 415, 422, ...AUTHENTICATED_PROBLEMS)
    }
  })

  addRoute(app, startRoute, (c) => {
    const settings = settingsOf(c.req.valid("json"))
    return run(
      c,
      Effect.gen(function* () {
        return yield* (yield* CalibrationJobs).enqueue(settings)
      }),
      (ticket) => {
        const location = calibrationLocation(ticket.calibrationId)
        return c.json({ calibration_id: ticket.calibrationId, status: ticket.status, location }, 202, { location })
      }
    )
  })

  const statusRoute = createRoute({
    method: "get",
    path: "/api/v1/calibrations/{id}",
    tags: ["calibrations"],
    summary: "A calibration: its state, its report once completed, its problem once failed",
    security: API_KEY_SECURITY,
    middleware: [requireScope("read")] as const,
    request: { params: z.object({ id: CalibrationId }) },
    responses: {
      200: { description: "The calibration", content: { "application/json": { schema: CalibrationStatus } } },
      ...problemResponses(400, 404, ...AUTHENTICATED_PROBLEMS)
    }
  })

  addRoute(app, statusRoute, (c) => {
    const { id } = c.req.valid("param")
    return run(
      c,
      Effect.gen(function* () {
        const row = yield* (yield* CalibrationJobs).status(id)
        if (row === undefined) return yield* new NotFound({ entity: "calibration", id })
        return row
      }),
      (row) => c.json(calibrationBody(row), 200)
    )
  })
}
