// `POST /api/v1/evaluate-creative` (the persona panel's reactions: directions and reasons, never KPIs) and
// `POST /api/v1/predict-uplift` (the causal models alone). Both take the simulate request body. The panel is
// the active calibrated persona program (its demos and κ), as in `simulate`.
import { createRoute } from "@hono/zod-openapi"
import { CreativeEvaluation, UpliftPrediction } from "@preflight/client"
import {
  activeCalibration,
  defaultCreativeReader,
  evaluateCreative,
  predictUplift,
  SimulateRequest
} from "@preflight/simulator"
import { Effect } from "effect"
import {
  API_KEY_SECURITY,
  AUTHENTICATED_PROBLEMS,
  addRoute,
  problemResponses,
  type RouteModule
} from "../http/route-kit.ts"
import { requireScope } from "../middleware/authenticate.ts"

const evaluateWithActiveProgram = (request: SimulateRequest) =>
  Effect.gen(function* () {
    const active = yield* activeCalibration()
    const evaluation = yield* evaluateCreative(request, { ...active?.panelOptions, reader: defaultCreativeReader })
    return { evaluation, programVersion: active?.version ?? null }
  })

const body = { required: true, content: { "application/json": { schema: SimulateRequest } } } as const

export const panelAndUpliftRoutes: RouteModule = (app, { runModelWork }) => {
  const evaluateRoute = createRoute({
    method: "post",
    path: "/api/v1/evaluate-creative",
    tags: ["simulations"],
    summary: "How the persona panel reacts to each variant (intent, emotion, reasons; no KPIs)",
    security: API_KEY_SECURITY,
    middleware: [requireScope("write")] as const,
    request: { body },
    responses: {
      200: { description: "The panel's reactions", content: { "application/json": { schema: CreativeEvaluation } } },
      ...problemResponses(400, 409, 413, 415, 422, 502, ...AUTHENTICATED_PROBLEMS)
    }
  })

  addRoute(app, evaluateRoute, (c) =>
    runModelWork(c, evaluateWithActiveProgram(c.req.valid("json")), ({ evaluation, programVersion }) =>
      c.json(
        {
          program_version: programVersion,
          personas: evaluation.personas,
          program_calls: evaluation.programCalls,
          calls_saved: evaluation.callsSaved,
          reactions: evaluation.summaries.map((summary) => ({
            segment: summary.segmentId,
            variant_id: summary.creativeId,
            channel: summary.channel,
            personas: summary.personas,
            weight: summary.weight,
            mean_intent_delta: summary.meanIntentDelta,
            mean_receptivity: summary.meanReceptivity,
            action_shares: summary.actionShares,
            emotion_shares: summary.emotionShares,
            purchase_shares: summary.purchaseShares,
            intent_quantiles: summary.intentQuantiles,
            dominant_emotion: summary.dominantEmotion,
            sample_rationales: [...summary.sampleRationales]
          }))
        },
        200
      )
    )
  )

  const upliftRoute = createRoute({
    method: "post",
    path: "/api/v1/predict-uplift",
    tags: ["simulations"],
    summary: "Conversion with and without the message, from the fitted causal models alone",
    security: API_KEY_SECURITY,
    middleware: [requireScope("write")] as const,
    request: { body },
    responses: {
      200: {
        description: "Uplift per variant × channel",
        content: { "application/json": { schema: UpliftPrediction } }
      },
      ...problemResponses(400, 409, 413, 415, 422, ...AUTHENTICATED_PROBLEMS)
    }
  })

  addRoute(app, upliftRoute, (c) =>
    runModelWork(c, predictUplift(c.req.valid("json"), { reader: defaultCreativeReader }), (variants) =>
      c.json(
        {
          variants: variants.map((variant) => ({
            variant_id: variant.variantId,
            channel: variant.channel,
            uplift: variant.uplift,
            segments: variant.segments.map((segment) => ({
              segment: segment.segment,
              recipients: segment.recipients,
              treated: segment.treated,
              // A segment without a control estimate is null rather than NaN (JSON has no NaN).
              control: Number.isFinite(segment.control) ? segment.control : null,
              uplift: segment.uplift,
              treated_interval: [segment.treatedInterval[0], segment.treatedInterval[1]] as [number, number]
            }))
          }))
        },
        200
      )
    )
  )
}
