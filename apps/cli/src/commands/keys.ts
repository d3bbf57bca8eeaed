// `preflight keys create|list|revoke`: API keys for `preflight serve`. A key is shown once, at creation; the
// database keeps only a scrypt hash of its secret and its public prefix.
import { createApiKey, listKeys, revokeKey } from "@preflight/api"
import { migrate } from "@preflight/storage"
import { Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { databaseLayer } from "../config.ts"
import { printResult, reported } from "../output.ts"
import { root } from "./root.ts"

export const createKeyCommand = Command.make(
  "create",
  {
    name: Flag.String("name").pipe(Flag.withDescription("Who or what the key is for")),
    scopes: Flag.String("scopes").pipe(
      Flag.withDescription("Comma-separated scopes: read, write, admin (each includes the ones before it)"),
      Flag.withDefault("read")
    ),
    rateLimit: Flag.Int("rate-limit").pipe(
      Flag.withDescription("Requests per minute for this key (default: the server's PREFLIGHT_API_RATE_LIMIT)"),
      Flag.optional
    )
  },
  ({ name, scopes, rateLimit }) =>
    Effect.gen(function* () {
      const { dataDir, json } = yield* root
      const body = Effect.gen(function* () {
        yield* migrate()
        const created = yield* createApiKey({
          name,
          scopes: scopes
            .split(",")
            .map((scope) => scope.trim())
            .filter((scope) => scope !== ""),
          rateLimitPerMinute: Option.getOrUndefined(rateLimit)
        })
        yield* printResult(json, { key: created.key, ...created.summary }, [
          created.key,
          "",
          `Key ${created.summary.prefix} (${created.summary.name}, scopes ${created.summary.scopes.join(", ")}) created. Send it in the x-api-key header; it is not shown again.`
        ])
      }).pipe(Effect.provide(databaseLayer(dataDir)))
      yield* reported(json, body)
    })
).pipe(Command.withDescription("Create an API key and print it (once)"))

export const listKeysCommand = Command.make("list", {}, () =>
  Effect.gen(function* () {
    const { dataDir, json } = yield* root
    const body = Effect.gen(function* () {
      yield* migrate()
      const keys = yield* listKeys()
      yield* printResult(
        json,
        { keys },
        keys.length === 0
          ? ["No API keys yet: `preflight keys create --name NAME --scopes read,write`."]
          : keys.map(
              (key) =>
                `${key.prefix}  ${key.name}  ${key.scopes.join(",")}  ${key.rateLimitPerMinute === null ? "default limit" : `${key.rateLimitPerMinute}/min`}  created ${key.createdAt}${key.revokedAt === null ? "" : `  REVOKED ${key.revokedAt}`}`
            )
      )
    }).pipe(Effect.provide(databaseLayer(dataDir)))
    yield* reported(json, body)
  })
).pipe(Command.withDescription("List API keys (prefix, name, scopes, limit, revocation); never their secrets"))

export const revokeKeyCommand = Command.make(
  "revoke",
  { prefix: Argument.String("prefix").pipe(Argument.withDescription("The key's prefix (or the whole key)")) },
  ({ prefix }) =>
    Effect.gen(function* () {
      const { dataDir, json } = yield* root
      const body = Effect.gen(function* () {
        yield* migrate()
        const revoked = yield* revokeKey(prefix)
        yield* printResult(json, { key: revoked }, [
          `Key ${revoked.prefix} (${revoked.name}) revoked at ${revoked.revokedAt}; a running server refuses it within PREFLIGHT_API_KEY_CACHE_SECONDS (30 s by default).`
        ])
      }).pipe(Effect.provide(databaseLayer(dataDir)))
      yield* reported(json, body)
    })
).pipe(Command.withDescription("Revoke an API key"))

export const keysCommand = Command.make("keys").pipe(
  Command.withDescription("API keys for `preflight serve`"),
  Command.withSubcommands([createKeyCommand, listKeysCommand, revokeKeyCommand])
)
