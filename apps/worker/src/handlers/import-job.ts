// The `import` queue: an all-or-nothing import of a history file (the `preflight import` use case), for
// uploads that should not hold a request open. The file must be readable by the worker that takes the job.
import { importFile, TABLE_NAMES } from "@preflight/storage"
import { Effect } from "effect"
import { z } from "zod"
import { defineJobHandler } from "../queues/job-handler.ts"

export const IMPORT_QUEUE = "import"

export const ImportPayload = z.strictObject({
  table: z.enum(TABLE_NAMES),
  file: z.string().min(1),
  format: z.enum(["csv", "jsonl"]).optional()
})
export type ImportPayload = z.output<typeof ImportPayload>

export const importJob = defineJobHandler({
  queue: IMPORT_QUEUE,
  description: "Import a CSV or JSON Lines file into a history table in one transaction",
  payload: ImportPayload,
  policy: { concurrency: 1, retryLimit: 2, retryDelaySeconds: 5, expireInSeconds: 60 * 60 },
  prepare: () => Effect.void,
  // The import's own transaction joins the job's, so the rows and the result row commit together.
  commit: (_prepared, payload) =>
    importFile({
      table: payload.table,
      file: payload.file,
      ...(payload.format === undefined ? {} : { format: payload.format })
    }).pipe(
      Effect.map((summary) => ({
        table: payload.table,
        file: payload.file,
        rowsRead: summary.rowsRead,
        rowsWritten: summary.rowsWritten,
        rowsUnchanged: summary.rowsUnchanged,
        seconds: summary.seconds
      }))
    )
})
