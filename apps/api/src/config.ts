// The API's settings, read from the environment through Config in this one module: port and host, CORS
// origins, body size limits, the default per-key rate limit, when a simulation runs in the background, how many
// run at once, and whether access logs are written.
import { Config, Data, Effect } from "effect"

export interface ApiSettings {
  readonly port: number
  readonly host: string
  /** Origins allowed by CORS (`*` for any); empty: no CORS headers, browsers on other origins are refused. */
  readonly corsOrigins: ReadonlyArray<string>
  /** Largest JSON body, in bytes. */
  readonly jsonBodyLimitBytes: number
  /** Largest CSV / JSON Lines import body, in bytes. */
  readonly importBodyLimitBytes: number
  /** Requests per minute per key, unless the key has its own limit. */
  readonly rateLimitPerMinute: number
  /** A simulate request for more personas than this runs in the background (202). */
  readonly syncMaxPersonas: number
  /**
   * Simulations, creative evaluations and uplift predictions running at once; more wait their turn in arrival
   * order (`http/fifo-gate.ts`). Their work is CPU on the one event loop, so a few suffice.
   */
  readonly modelConcurrency: number
  /** How long a verified key is trusted without asking the database again (revocation delay). */
  readonly keyCacheSeconds: number
  readonly accessLog: boolean
}

export const DEFAULT_API_SETTINGS: ApiSettings = {
  port: 3000,
  host: "0.0.0.0",
  corsOrigins: [],
  jsonBodyLimitBytes: 1024 * 1024,
  importBodyLimitBytes: 100 * 1024 * 1024,
  rateLimitPerMinute: 600,
  syncMaxPersonas: 1_000,
  modelConcurrency: 2,
  keyCacheSeconds: 30,
  accessLog: true
}

const positiveInt = (name: string, fallback: number) => Config.Int(name).pipe(Config.withDefault(fallback))

/** A setting is out of range (a zero rate limit, a negative body limit). */
export class InvalidApiSettings extends Data.TaggedError("InvalidApiSettings")<{ readonly message: string }> {}

/** Settings from PORT, PREFLIGHT_API_* variables; every one has a default. */
export const apiSettingsConfig = Config.all({
  port: Config.Port("PORT").pipe(Config.withDefault(DEFAULT_API_SETTINGS.port)),
  host: Config.String("PREFLIGHT_API_HOST").pipe(Config.withDefault(DEFAULT_API_SETTINGS.host)),
  corsOrigins: Config.String("PREFLIGHT_API_CORS_ORIGINS").pipe(
    Config.withDefault(""),
    Config.map((list) =>
      list
        .split(",")
        .map((origin) => origin.trim())
        .filter((origin) => origin !== "")
    )
  ),
  jsonBodyLimitBytes: positiveInt("PREFLIGHT_API_BODY_LIMIT_BYTES", DEFAULT_API_SETTINGS.jsonBodyLimitBytes),
  importBodyLimitBytes: positiveInt("PREFLIGHT_API_IMPORT_LIMIT_BYTES", DEFAULT_API_SETTINGS.importBodyLimitBytes),
  rateLimitPerMinute: positiveInt("PREFLIGHT_API_RATE_LIMIT", DEFAULT_API_SETTINGS.rateLimitPerMinute),
  syncMaxPersonas: positiveInt("PREFLIGHT_API_SYNC_MAX_PERSONAS", DEFAULT_API_SETTINGS.syncMaxPersonas),
  modelConcurrency: positiveInt("PREFLIGHT_API_MODEL_CONCURRENCY", DEFAULT_API_SETTINGS.modelConcurrency),
  keyCacheSeconds: Config.Int("PREFLIGHT_API_KEY_CACHE_SECONDS").pipe(
    Config.withDefault(DEFAULT_API_SETTINGS.keyCacheSeconds)
  ),
  accessLog: Config.Boolean("PREFLIGHT_API_ACCESS_LOG").pipe(Config.withDefault(DEFAULT_API_SETTINGS.accessLog))
}) satisfies Config.Config<ApiSettings>

const POSITIVE: ReadonlyArray<[keyof ApiSettings, string]> = [
  ["jsonBodyLimitBytes", "PREFLIGHT_API_BODY_LIMIT_BYTES"],
  ["importBodyLimitBytes", "PREFLIGHT_API_IMPORT_LIMIT_BYTES"],
  ["rateLimitPerMinute", "PREFLIGHT_API_RATE_LIMIT"],
  ["syncMaxPersonas", "PREFLIGHT_API_SYNC_MAX_PERSONAS"],
  ["modelConcurrency", "PREFLIGHT_API_MODEL_CONCURRENCY"]
]

/** The settings from the environment, with `overrides` (the CLI's `--port`) applied; out-of-range values fail. */
export const loadApiSettings = (overrides: Partial<ApiSettings> = {}) =>
  Effect.gen(function* () {
    const settings: ApiSettings = { ...(yield* apiSettingsConfig), ...overrides }
    for (const [field, variable] of POSITIVE) {
      const value = settings[field]
      if (typeof value !== "number" || value <= 0)
        return yield* new InvalidApiSettings({
          message: `${variable} must be a positive integer, got ${String(value)}`
        })
    }
    if (!Number.isInteger(settings.port) || settings.port < 0 || settings.port > 65_535)
      return yield* new InvalidApiSettings({ message: `the port must be 0 to 65535, got ${settings.port}` })
    if (settings.keyCacheSeconds < 0)
      return yield* new InvalidApiSettings({ message: "PREFLIGHT_API_KEY_CACHE_SECONDS cannot be negative" })
    return settings
  })
