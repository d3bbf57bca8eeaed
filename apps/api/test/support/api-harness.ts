// An API on an in-memory embedded database with the offline persona model, three keys (read, write, admin),
// captured log lines and typed clients that go through `app.request` (no socket).
import { createPreflightClient } from "@preflight/client"
import { OfflinePersonaModel } from "@preflight/personas"
import { Database } from "@preflight/storage"
import { Effect } from "effect"
import { makeApi } from "../../src/app.ts"
import { createApiKey, type NewKeyRequest } from "../../src/auth/api-keys.ts"
import { type ApiSettings, DEFAULT_API_SETTINGS } from "../../src/config.ts"
import { type ApiRuntime, makeApiRuntime } from "../../src/runtime.ts"

export interface HarnessOptions {
  readonly settings?: Partial<ApiSettings>
  readonly now?: () => number
  /** Reuse a runtime (one fitted database shared by several apps). */
  readonly runtime?: ApiRuntime
}

export const makeRuntime = (): ApiRuntime =>
  makeApiRuntime({ database: Database.layerPglite(), languageModel: OfflinePersonaModel.layer({ seed: 3 }) })

export const makeHarness = async (options: HarnessOptions = {}) => {
  const runtime = options.runtime ?? makeRuntime()
  const logs: Array<Readonly<Record<string, unknown>>> = []
  const settings: ApiSettings = { ...DEFAULT_API_SETTINGS, accessLog: true, ...options.settings }
  const app = makeApi({ runtime, settings, log: (entry) => logs.push(entry), now: options.now })
  const newKey = async (request: NewKeyRequest) => (await runtime.runPromise(createApiKey(request))).key
  const keys = {
    read: await newKey({ name: "reader", scopes: ["read"] }),
    write: await newKey({ name: "writer", scopes: ["write"] }),
    admin: await newKey({ name: "admin", scopes: ["admin"] })
  }
  const clientFor = (apiKey: string | undefined) =>
    createPreflightClient({
      baseUrl: "http://api.test",
      apiKey,
      fetch: (request) => Promise.resolve(app.request(request))
    })
  return {
    runtime,
    app,
    settings,
    logs,
    keys,
    newKey,
    clientFor,
    /** A raw request through the app. */
    send: (path: string, init: RequestInit = {}) => Promise.resolve(app.request(path, init)),
    run: <A, E>(effect: Effect.Effect<A, E, Database>) => runtime.runPromise(effect),
    dispose: () => (options.runtime === undefined ? runtime.dispose() : Promise.resolve())
  }
}

export type Harness = Awaited<ReturnType<typeof makeHarness>>

export const jsonPost = (
  apiKey: string | undefined,
  body: unknown,
  headers: Record<string, string> = {}
): RequestInit => ({
  method: "POST",
  headers: {
    "content-type": "application/json",
    ...(apiKey === undefined ? {} : { "x-api-key": apiKey }),
    ...headers
  },
  body: typeof body === "string" ? body : JSON.stringify(body)
})

export { Effect }
