// What middleware hands to route handlers through Hono's context.
import type { ApiKeyScope } from "@preflight/storage"

/** The key a request was authenticated with (never its secret). */
export interface AuthenticatedKey {
  readonly keyId: string
  readonly prefix: string
  readonly scopes: ReadonlyArray<ApiKeyScope>
  readonly rateLimitPerMinute: number | null
}

export interface ApiEnv {
  Variables: {
    requestId: string
    apiKey: AuthenticatedKey | undefined
  }
}
