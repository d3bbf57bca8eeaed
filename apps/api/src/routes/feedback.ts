// `POST /api/v1/feedback` (a person's rating of a simulation) and `POST /api/v1/outcomes` (a sent campaign's
// actual results per variant × channel): what the learning loop compares predictions with.
import { createRoute } from "@hono/zod-openapi"
import { FeedbackRecorded, FeedbackRequest, OutcomesRecorded, OutcomesRequest } from "@preflight/client"
import { insertFeedback, upsertCampaignResults } from "@preflight/storage"
import {
  API_KEY_SECURITY,
  AUTHENTICATED_PROBLEMS,
  addRoute,
  problemResponses,
  type RouteModule
} from "../http/route-kit.ts"
import { requireScope } from "../middleware/authenticate.ts"
import { idempotent } from "../middleware/idempotency.ts"

export const feedbackRoutes: RouteModule = (app, { run, runtime, log }) => {
  const feedbackRoute = createRoute({
    method: "post",
    path: "/api/v1/feedback",
    tags: ["learning"],
    summary: "Rate a simulation (1 to 5, with an optional comment)",
    security: API_KEY_SECURITY,
    middleware: [requireScope("write"), idempotent(runtime, log)] as const,
    request: { body: { required: true, content: { "application/json": { schema: FeedbackRequest } } } },
    responses: {
      201: { description: "Recorded", content: { "application/json": { schema: FeedbackRecorded } } },
      ...problemResponses(400, 404, 413, 415, ...AUTHENTICATED_PROBLEMS)
    }
  })
  addRoute(app, feedbackRoute, (c) => {
    const feedback = c.req.valid("json")
    return run(
      c,
      insertFeedback({
        simulationId: feedback.simulation_id,
        // A thumb is the rating scale's ends, so the learning loop reads both the same way ((rating − 1) / 4).
        rating: feedback.rating ?? (feedback.thumbs === "up" ? 5 : 1),
        comment: feedback.comment,
        keyId: c.get("apiKey")?.keyId
      }),
      (recorded) => c.json({ feedback_id: recorded.feedbackId, created_at: recorded.createdAt.toISOString() }, 201)
    )
  })

  const outcomesRoute = createRoute({
    method: "post",
    path: "/api/v1/outcomes",
    tags: ["learning"],
    summary: "Report a sent campaign's actual results per variant × channel",
    description: "Reporting an arm (campaign, variant, channel) again replaces its figures.",
    security: API_KEY_SECURITY,
    middleware: [requireScope("write"), idempotent(runtime, log)] as const,
    request: { body: { required: true, content: { "application/json": { schema: OutcomesRequest } } } },
    responses: {
      201: { description: "Recorded", content: { "application/json": { schema: OutcomesRecorded } } },
      ...problemResponses(400, 404, 413, 415, ...AUTHENTICATED_PROBLEMS)
    }
  })
  addRoute(app, outcomesRoute, (c) => {
    const outcomes = c.req.valid("json")
    return run(
      c,
      upsertCampaignResults({
        campaignId: outcomes.campaign_id,
        simulationId: outcomes.simulation_id,
        sentAt: outcomes.sent_at,
        arms: outcomes.results.map((arm) => ({
          variantId: arm.variant_id,
          channel: arm.channel,
          recipients: arm.recipients,
          conversions: arm.conversions,
          unsubscribes: arm.unsubscribes,
          revenue: arm.revenue,
          cost: arm.cost
        }))
      }),
      (recorded) => c.json({ campaign_id: outcomes.campaign_id, arms_recorded: recorded }, 201)
    )
  })
}
