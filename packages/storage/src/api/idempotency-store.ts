// Idempotency records: the first request under an `Idempotency-Key` claims the key, its response is stored
// when it is answered, and a retry with the same key and the same request gets that response again.
import { Effect } from "effect"
import { Database } from "../database.ts"
import { readOptionalNumber, readOptionalText } from "../registry/registry-values.ts"

export interface IdempotencyRecord {
  readonly requestHash: string
  /** null while the first request is still being answered. */
  readonly statusCode: number | null
  readonly contentType: string | null
  readonly location: string | null
  readonly responseBody: string | null
}

export interface StoredResponse {
  readonly statusCode: number
  readonly contentType: string | null
  readonly location: string | null
  readonly responseBody: string
}

export type IdempotencyClaim =
  | { readonly claimed: true }
  | { readonly claimed: false; readonly record: IdempotencyRecord }

const decodeRecord = (row: Record<string, unknown>): IdempotencyRecord => ({
  requestHash: String(row.request_hash),
  statusCode: readOptionalNumber(row.status_code),
  contentType: readOptionalText(row.content_type),
  location: readOptionalText(row.location),
  responseBody: readOptionalText(row.response_body)
})

/**
 * Claims `idempotencyKey` for `keyId` and this request, or returns the record already there. Records older
 * than `retentionHours` (default 24, as Stripe keeps them) are forgotten first, so a key can be reused later.
 */
export const claimIdempotencyKey = Effect.fn("Idempotency.claim")(function* (
  keyId: string,
  idempotencyKey: string,
  requestHash: string,
  retentionHours = 24
) {
  const db = yield* Database
  yield* db.execute(
    `DELETE FROM idempotency_records
      WHERE key_id = $1 AND idempotency_key = $2 AND created_at < now() - make_interval(hours => $3)`,
    [keyId, idempotencyKey, retentionHours]
  )
  // A record deleted between the insert and the select (its first request failed and released it) is claimed
  // again on the next pass.
  for (;;) {
    const inserted = yield* db.execute(
      `INSERT INTO idempotency_records (key_id, idempotency_key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (key_id, idempotency_key) DO NOTHING`,
      [keyId, idempotencyKey, requestHash]
    )
    if (inserted === 1) return { claimed: true } as IdempotencyClaim
    const rows = yield* db.query<Record<string, unknown>>(
      `SELECT request_hash, status_code, content_type, location, response_body
         FROM idempotency_records WHERE key_id = $1 AND idempotency_key = $2`,
      [keyId, idempotencyKey]
    )
    const row = rows[0]
    if (row !== undefined) return { claimed: false, record: decodeRecord(row) } as IdempotencyClaim
  }
})

/** Stores the response a claimed key's request was answered with. */
export const completeIdempotencyKey = Effect.fn("Idempotency.complete")(function* (
  keyId: string,
  idempotencyKey: string,
  response: StoredResponse
) {
  const db = yield* Database
  yield* db.execute(
    `UPDATE idempotency_records SET status_code = $3, content_type = $4, location = $5, response_body = $6
      WHERE key_id = $1 AND idempotency_key = $2`,
    [keyId, idempotencyKey, response.statusCode, response.contentType, response.location, response.responseBody]
  )
})

/** Forgets a claim whose request could not be answered (a server fault), so a retry runs it again. */
export const releaseIdempotencyKey = Effect.fn("Idempotency.release")(function* (
  keyId: string,
  idempotencyKey: string
) {
  const db = yield* Database
  yield* db.execute("DELETE FROM idempotency_records WHERE key_id = $1 AND idempotency_key = $2", [
    keyId,
    idempotencyKey
  ])
})
