// Creating, listing and revoking API keys (the CLI's `preflight keys …` and the tests use these): the secret is
// hashed before it is stored and the whole key is returned once, at creation.
import {
  API_KEY_SCOPES,
  type ApiKeyRow,
  type ApiKeyScope,
  insertApiKey,
  listApiKeys,
  revokeApiKey
} from "@preflight/storage"
import { Data, Effect } from "effect"
import { generateApiKey, hashSecret } from "./api-key-secret.ts"

export class InvalidKeyRequest extends Data.TaggedError("InvalidKeyRequest")<{ readonly message: string }> {}

export interface NewKeyRequest {
  readonly name: string
  readonly scopes: ReadonlyArray<string>
  readonly rateLimitPerMinute?: number | undefined
}

/** What may be shown about a key: never its hash. */
export interface ApiKeySummary {
  readonly prefix: string
  readonly name: string
  readonly scopes: ReadonlyArray<ApiKeyScope>
  readonly rateLimitPerMinute: number | null
  readonly createdAt: string
  readonly revokedAt: string | null
}

export const summarizeKey = (row: ApiKeyRow): ApiKeySummary => ({
  prefix: row.prefix,
  name: row.name,
  scopes: row.scopes,
  rateLimitPerMinute: row.rateLimitPerMinute,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null
})

const isScope = (scope: string): scope is ApiKeyScope => (API_KEY_SCOPES as ReadonlyArray<string>).includes(scope)

/** Creates a key; the result's `key` is the only time the secret exists outside the caller's hands. */
export const createApiKey = Effect.fn("ApiKeys.create")(function* (request: NewKeyRequest) {
  const name = request.name.trim()
  if (name === "") return yield* new InvalidKeyRequest({ message: "a key needs a name" })
  const unknown = request.scopes.filter((scope) => !isScope(scope))
  if (request.scopes.length === 0 || unknown.length > 0)
    return yield* new InvalidKeyRequest({
      message: `scopes must be some of ${API_KEY_SCOPES.join(", ")}${unknown.length > 0 ? `; unknown: ${unknown.join(", ")}` : ""}`
    })
  const limit = request.rateLimitPerMinute
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0))
    return yield* new InvalidKeyRequest({ message: "the rate limit must be a positive number of requests per minute" })
  const generated = generateApiKey()
  const secretHash = yield* Effect.promise(() => hashSecret(generated.secret))
  const row = yield* insertApiKey({
    prefix: generated.prefix,
    secretHash,
    name,
    scopes: [...new Set(request.scopes.filter(isScope))],
    rateLimitPerMinute: limit
  })
  return { key: generated.key, summary: summarizeKey(row) }
})

export const listKeys = Effect.fn("ApiKeys.listSummaries")(function* () {
  return (yield* listApiKeys()).map(summarizeKey)
})

/** Revokes a key by its prefix or by the whole key (only the prefix part is used). */
export const revokeKey = Effect.fn("ApiKeys.revokeByPrefix")(function* (prefixOrKey: string) {
  const prefix = /^pfk_([a-z0-9]+)_/.exec(prefixOrKey)?.[1] ?? prefixOrKey
  return summarizeKey(yield* revokeApiKey(prefix))
})
