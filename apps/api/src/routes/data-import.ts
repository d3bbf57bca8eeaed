// `POST /api/v1/data/{table}`: a CSV or JSON Lines body imported into one history table through the storage
// importer: validated first and written in one transaction or not at all, every bad row named (422).
import { randomUUID } from "node:crypto"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createRoute, z } from "@hono/zod-openapi"
import { HISTORY_TABLES, ImportSummary } from "@preflight/client"
import { type ImportFormat, importFile } from "@preflight/storage"
import { Effect } from "effect"
import { problemResponse } from "../http/problem.ts"
import {
  API_KEY_SECURITY,
  AUTHENTICATED_PROBLEMS,
  addRoute,
  problemResponses,
  type RouteModule
} from "../http/route-kit.ts"
import { requireScope } from "../middleware/authenticate.ts"
import { idempotent } from "../middleware/idempotency.ts"

/** Media types read as each format (`text/csv` per RFC 4180; JSON Lines has several names in use). */
const FORMAT_OF_MEDIA_TYPE: Readonly<Record<string, ImportFormat>> = {
  "text/csv": "csv",
  "application/x-ndjson": "jsonl",
  "application/jsonl": "jsonl",
  "application/jsonlines": "jsonl",
  "application/x-jsonlines": "jsonl"
}

const textBody = z.string().openapi({ format: "binary" })

/**
 * The storage importer streams from a file (it re-reads it when a transaction is retried), so the body is
 * spooled to a private temporary directory that is removed whatever happens.
 */
const importBody = (table: (typeof HISTORY_TABLES)[number], body: Uint8Array, format: ImportFormat) =>
  Effect.acquireUseRelease(
    Effect.promise(() => mkdtemp(join(tmpdir(), "preflight-import-"))),
    (directory) =>
      Effect.gen(function* () {
        const file = join(directory, `${randomUUID()}.${format}`)
        yield* Effect.promise(() => writeFile(file, body))
        return yield* importFile({ table, file, format })
      }),
    (directory) => Effect.promise(() => rm(directory, { recursive: true, force: true }))
  )

export const dataImportRoutes: RouteModule = (app, { run, runtime, log }) => {
  const importRoute = createRoute({
    method: "post",
    path: "/api/v1/data/{table}",
    tags: ["history"],
    summary: "Import history rows (CSV or JSON Lines) into one table, all or nothing",
    description:
      "Rows are validated first and written in one transaction; with any invalid row nothing is written and the 422 problem lists the first 100 (`rows`: row, line, column, reason). Rows are upserted by primary key, so sending the same file again changes nothing.",
    security: API_KEY_SECURITY,
    middleware: [requireScope("write"), idempotent(runtime, log)] as const,
    request: {
      params: z.object({ table: z.enum(HISTORY_TABLES).openapi({ param: { name: "table", in: "path" } }) }),
      body: {
        required: true,
        content: {
          "text/csv": { schema: textBody },
          "application/x-ndjson": { schema: textBody }
        }
      }
    },
    responses: {
      200: { description: "Imported", content: { "application/json": { schema: ImportSummary } } },
      ...problemResponses(400, 413, 415, 422, ...AUTHENTICATED_PROBLEMS)
    }
  })

  addRoute(app, importRoute, async (c) => {
    const { table } = c.req.valid("param")
    const mediaType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? ""
    const format = FORMAT_OF_MEDIA_TYPE[mediaType]
    if (format === undefined)
      return problemResponse(c, {
        status: 415,
        kind: "unsupported-media-type",
        title: "Send CSV (text/csv) or JSON Lines (application/x-ndjson)",
        detail: mediaType === "" ? "the request has no Content-Type" : `${mediaType} is not an import format`
      })
    const body = new Uint8Array(await c.req.arrayBuffer())
    if (body.byteLength === 0)
      return problemResponse(c, {
        status: 400,
        kind: "invalid-request",
        title: "The body is empty",
        extra: { errors: [{ path: "", message: "send the rows to import" }] }
      })
    return run(c, importBody(table, body, format), (summary) =>
      c.json(
        {
          table,
          format: summary.format,
          rows_read: summary.rowsRead,
          rows_written: summary.rowsWritten,
          rows_unchanged: summary.rowsUnchanged,
          inferred_parents: Object.fromEntries(
            Object.entries(summary.inferredParents).filter((entry): entry is [string, number] => entry[1] !== undefined)
          ),
          seconds: summary.seconds
        },
        200
      )
    )
  })
}
