// `GET /api/v1/programs` (the persona programs with their active and candidate versions) and the admin
// actions on them: promote the candidate, roll back (the candidate, or else the active version).
import { createRoute, z } from "@hono/zod-openapi"
import { ProgramList, ProgramPromoted, ProgramRolledBack } from "@preflight/client"
import { ProgramRegistry, type ProgramVersionRow } from "@preflight/storage"
import { Effect } from "effect"
import {
  API_KEY_SECURITY,
  AUTHENTICATED_PROBLEMS,
  addRoute,
  problemResponses,
  type RouteModule
} from "../http/route-kit.ts"
import { requireScope } from "../middleware/authenticate.ts"
import { idempotent } from "../middleware/idempotency.ts"

const versionBody = (version: ProgramVersionRow) => ({
  version_id: version.versionId,
  version: version.version,
  status: version.status,
  traffic_share: version.trafficShare,
  score: version.score,
  created_at: version.createdAt.toISOString(),
  status_changed_at: version.statusChangedAt.toISOString()
})

const ProgramId = z
  .string()
  .min(1)
  .max(200)
  .openapi({ param: { name: "program_id", in: "path" }, example: "persona-response" })

const listPrograms = Effect.gen(function* () {
  const registry = yield* ProgramRegistry
  const programs = yield* registry.listPrograms()
  return yield* Effect.forEach(programs, (program) =>
    Effect.gen(function* () {
      const active = yield* registry.activeVersion(program.programId)
      const candidate = yield* registry.candidateVersion(program.programId)
      return {
        program_id: program.programId,
        name: program.name,
        description: program.description,
        active: active === undefined ? null : versionBody(active),
        candidate: candidate === undefined ? null : versionBody(candidate)
      }
    })
  )
})

export const programRoutes: RouteModule = (app, { run, runtime, log }) => {
  const listRoute = createRoute({
    method: "get",
    path: "/api/v1/programs",
    tags: ["programs"],
    summary: "Persona programs with their active and candidate versions",
    security: API_KEY_SECURITY,
    middleware: [requireScope("read")] as const,
    responses: {
      200: { description: "The programs", content: { "application/json": { schema: ProgramList } } },
      ...problemResponses(...AUTHENTICATED_PROBLEMS)
    }
  })
  addRoute(app, listRoute, (c) => run(c, listPrograms, (programs) => c.json({ programs }, 200)))

  const promoteRoute = createRoute({
    method: "post",
    path: "/api/v1/programs/{program_id}/promote",
    tags: ["programs"],
    summary: "Make the candidate version the active one (the previous active version is deprecated)",
    security: API_KEY_SECURITY,
    middleware: [requireScope("admin"), idempotent(runtime, log)] as const,
    request: { params: z.object({ program_id: ProgramId }) },
    responses: {
      200: { description: "Promoted", content: { "application/json": { schema: ProgramPromoted } } },
      ...problemResponses(400, 404, ...AUTHENTICATED_PROBLEMS)
    }
  })
  addRoute(app, promoteRoute, (c) => {
    const { program_id } = c.req.valid("param")
    return run(
      c,
      Effect.gen(function* () {
        return yield* (yield* ProgramRegistry).promote(program_id)
      }),
      (active) => c.json({ program_id, active: versionBody(active) }, 200)
    )
  })

  const rollbackRoute = createRoute({
    method: "post",
    path: "/api/v1/programs/{program_id}/rollback",
    tags: ["programs"],
    summary: "Roll back the candidate (or, without one, the active version to the one it replaced)",
    security: API_KEY_SECURITY,
    middleware: [requireScope("admin"), idempotent(runtime, log)] as const,
    request: { params: z.object({ program_id: ProgramId }) },
    responses: {
      200: { description: "Rolled back", content: { "application/json": { schema: ProgramRolledBack } } },
      ...problemResponses(400, 404, ...AUTHENTICATED_PROBLEMS)
    }
  })
  addRoute(app, rollbackRoute, (c) => {
    const { program_id } = c.req.valid("param")
    return run(
      c,
      Effect.gen(function* () {
        return yield* (yield* ProgramRegistry).rollback(program_id)
      }),
      (result) =>
        c.json({ program_id, rolled_back: versionBody(result.rolledBack), active: versionBody(result.active) }, 200)
    )
  })
}
