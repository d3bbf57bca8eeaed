// Checks a presented API key: its prefix finds the row, scrypt verifies the secret in constant time, and a
// revoked key is refused. A verified key is trusted for `cacheSeconds` (a SHA-256 of the key, in memory only)
// so that scrypt's deliberate cost is paid once per key, not once per request; revocation therefore takes
// effect within that many seconds.
import { createHash } from "node:crypto"
import { findApiKeyByPrefix } from "@preflight/storage"
import { Effect } from "effect"
import type { AuthenticatedKey } from "../http/api-env.ts"
import { parseApiKey, verifySecret } from "./api-key-secret.ts"

const MAX_CACHED_KEYS = 10_000

export const makeKeyVerifier = (options: { readonly cacheSeconds: number; readonly now?: () => number }) => {
  const now = options.now ?? Date.now
  const cache = new Map<string, { readonly key: AuthenticatedKey; readonly expiresAt: number }>()

  /** The key's identity and scopes, or undefined when it is malformed, unknown, revoked or wrong. */
  const verify = (presented: string) =>
    Effect.gen(function* () {
      const digest = createHash("sha256").update(presented).digest("base64url")
      const cached = cache.get(digest)
      if (cached !== undefined && cached.expiresAt > now()) return cached.key
      cache.delete(digest)
      const parsed = parseApiKey(presented)
      if (parsed === undefined) return undefined
      const row = yield* findApiKeyByPrefix(parsed.prefix)
      if (row === undefined || row.revokedAt !== null) return undefined
      if (!(yield* Effect.promise(() => verifySecret(parsed.secret, row.secretHash)))) return undefined
      const key: AuthenticatedKey = {
        keyId: row.keyId,
        prefix: row.prefix,
        scopes: row.scopes,
        rateLimitPerMinute: row.rateLimitPerMinute
      }
      if (options.cacheSeconds > 0) {
        if (cache.size >= MAX_CACHED_KEYS) cache.clear()
        cache.set(digest, { key, expiresAt: now() + options.cacheSeconds * 1000 })
      }
      return key
    })

  return { verify }
}

export type KeyVerifier = ReturnType<typeof makeKeyVerifier>
