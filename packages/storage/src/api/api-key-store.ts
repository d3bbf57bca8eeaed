// API keys as rows: a public lookup prefix, the scrypt hash of the secret (hashing and verifying belong to the
// API; this module only stores what it is given), scopes, an optional per-key rate limit and revocation.
import { Effect } from "effect"
import { Database } from "../database.ts"
import { NotFound } from "../errors.ts"
import { readDate, readJson, readOptionalDate, readOptionalNumber } from "../registry/registry-values.ts"

/** Scopes in increasing power: a key with a scope may do everything the scopes before it allow. */
export const API_KEY_SCOPES = ["read", "write", "admin"] as const
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number]

export interface ApiKeyRow {
  readonly keyId: string
  readonly prefix: string
  readonly secretHash: string
  readonly name: string
  readonly scopes: ReadonlyArray<ApiKeyScope>
  /** Requests per minute for this key; null means the server's default. */
  readonly rateLimitPerMinute: number | null
  readonly createdAt: Date
  readonly revokedAt: Date | null
}

export interface NewApiKey {
  readonly prefix: string
  readonly secretHash: string
  readonly name: string
  readonly scopes: ReadonlyArray<ApiKeyScope>
  readonly rateLimitPerMinute?: number | undefined
}

const COLUMNS = `key_id::text AS key_id, prefix, secret_hash, name, array_to_json(scopes)::text AS scopes,
  rate_limit_per_minute, created_at, revoked_at`

const decodeKey = (row: Record<string, unknown>): ApiKeyRow => ({
  keyId: String(row.key_id),
  prefix: String(row.prefix),
  secretHash: String(row.secret_hash),
  name: String(row.name),
  scopes: readJson(row.scopes) as ReadonlyArray<ApiKeyScope>,
  rateLimitPerMinute: readOptionalNumber(row.rate_limit_per_minute),
  createdAt: readDate(row.created_at),
  revokedAt: readOptionalDate(row.revoked_at)
})

/** Stores a new key (the prefix must be unique: ConstraintViolation otherwise). */
export const insertApiKey = Effect.fn("ApiKeys.insert")(function* (key: NewApiKey) {
  const db = yield* Database
  const rows = yield* db.query<Record<string, unknown>>(
    `INSERT INTO api_keys (prefix, secret_hash, name, scopes, rate_limit_per_minute)
     VALUES ($1, $2, $3, ARRAY(SELECT jsonb_array_elements_text($4::text::jsonb)), $5)
     RETURNING ${COLUMNS}`,
    [key.prefix, key.secretHash, key.name, JSON.stringify(key.scopes), key.rateLimitPerMinute ?? null]
  )
  return decodeKey(rows[0] ?? {})
})

/** The key with this prefix (revoked or not), or undefined. */
export const findApiKeyByPrefix = Effect.fn("ApiKeys.findByPrefix")(function* (prefix: string) {
  const db = yield* Database
  const rows = yield* db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM api_keys WHERE prefix = $1`, [prefix])
  const row = rows[0]
  return row === undefined ? undefined : decodeKey(row)
})

/** Every key, oldest first. */
export const listApiKeys = Effect.fn("ApiKeys.list")(function* () {
  const db = yield* Database
  const rows = yield* db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, prefix`)
  return rows.map(decodeKey)
})

/** Revokes the key with this prefix (revoking twice keeps the first revocation time). */
export const revokeApiKey = Effect.fn("ApiKeys.revoke")(function* (prefix: string) {
  const db = yield* Database
  const rows = yield* db.query<Record<string, unknown>>(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE prefix = $1 RETURNING ${COLUMNS}`,
    [prefix]
  )
  const row = rows[0]
  if (row === undefined) return yield* new NotFound({ entity: "API key", id: prefix })
  return decodeKey(row)
})
