// `pnpm bench api-load`: the API under load on loopback (issue 14). A demo world is imported and fitted with the
// default settings into an embedded database in a temp directory; the API then runs as its own process
// (`node src/main.ts`, access logs on) and autocannon sends 100-persona `POST /api/v1/simulate` requests that all
// differ (seed, variant texts and send hour change every request, so no cache answers them): 32 connections
// for 30 s, then 1 connection for 15 s. Latency percentiles are computed from every response time.
// Goals: p95 ≤ 250 ms with 0 errors and 0 non-2xx at 32 connections; single-connection p50 ≤ 30 ms.
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { reportBench } from "@preflight/bench-harness"
import { OfflinePersonaModel } from "@preflight/personas"
import { defaultCreativeReader, fit, SimulateRequest } from "@preflight/simulator"
import { Database, importFile, migrate } from "@preflight/storage"
import { generateWorld, writeWorld } from "@preflight/worlds"
import autocannon from "autocannon"
import { Effect, Layer, ManagedRuntime } from "effect"
import { createApiKey } from "../src/auth/api-keys.ts"

const CONNECTIONS = Number(process.env.API_LOAD_CONNECTIONS ?? 32)
const DURATION_S = Number(process.env.API_LOAD_DURATION_S ?? 30)
const SINGLE_DURATION_S = Number(process.env.API_LOAD_SINGLE_DURATION_S ?? 15)

const notes = [
  `load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`
]
const workDir = mkdtempSync(join(tmpdir(), "preflight-api-load-"))
const dataDir = join(workDir, "db")

// 1. History and fit, then a key, in this process; the database is closed before the server opens it.
const setupRuntime = ManagedRuntime.make(Layer.mergeAll(Database.layerPglite({ dataDir }), OfflinePersonaModel.layer()))
const setupStarted = performance.now()
const { base, key } = await setupRuntime.runPromise(
  Effect.gen(function* () {
    const world = yield* generateWorld({ industry: "retail", seed: 808, size: "demo" })
    const written = yield* writeWorld(world, join(workDir, "world"))
    yield* migrate()
    for (const file of written.tables) yield* importFile({ table: file.table, file: file.path })
    const summary = yield* fit({ reader: defaultCreativeReader })
    notes.push(`fit of the demo world (default settings): ${summary.seconds.toFixed(1)} s`)
    const created = yield* createApiKey({ name: "bench", scopes: ["write"], rateLimitPerMinute: 1_000_000_000 })
    const entry = world.requests[0]
    if (entry === undefined) throw new Error("the demo world has no held-out request")
    return { base: SimulateRequest.parse(entry.request), key: created.key }
  })
)
await setupRuntime.dispose()
notes.push(`setup (world, import, fit): ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`)

// 2. The API in its own process.
const port = await new Promise<number>((resolve, reject) => {
  const probe = createServer()
  probe.once("error", reject)
  probe.listen(0, "127.0.0.1", () => {
    const address = probe.address()
    probe.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
  })
})
const { DATABASE_URL: _ignored, ...env } = process.env
const server = spawn(process.execPath, [fileURLToPath(new URL("../src/main.ts", import.meta.url))], {
  env: { ...env, PORT: String(port), PREFLIGHT_API_HOST: "127.0.0.1", PREFLIGHT_DATA_DIR: dataDir },
  stdio: ["ignore", "pipe", "inherit"]
})
await new Promise<void>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("the API did not start within 120 s")), 120_000)
  let seen = ""
  server.stdout?.on("data", (chunk: Buffer) => {
    if (seen.length < 10_000) seen += chunk.toString()
    if (seen.includes('"msg":"listening"')) {
      clearTimeout(timer)
      resolve()
    }
  })
  server.on("exit", (code) => reject(new Error(`the API exited with ${code}`)))
})
server.stdout?.resume()

// 3. Requests that differ: every one has its own seed, its variants' texts carry that number, and it is sent at
// its own hour. The simulator caches forecasts per fit keyed by what the models read (population, send time,
// channel, the creative's features), so without the send time most requests would be forecast from that cache.
let counter = 0
const baseSendMs = Date.parse(base.intervention.timing.send_at ?? new Date().toISOString())
const bodyFor = (n: number) =>
  JSON.stringify({
    ...base,
    intervention: {
      ...base.intervention,
      timing: { ...base.intervention.timing, send_at: new Date(baseSendMs + n * 3_600_000).toISOString() },
      content_variants: base.intervention.content_variants.map((variant, index) => ({
        ...variant,
        id: `v${index}-${n}`,
        template: `${variant.template} Offer ${n % 97}.`
      }))
    },
    simulation_params: { ...base.simulation_params, num_personas: 100, seed: n }
  })

const load = (connections: number, durationS: number) =>
  new Promise<{ result: autocannon.Result; latenciesMs: Array<number> }>((resolve, reject) => {
    const latenciesMs: Array<number> = []
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: durationS,
        // Latency is what is measured: a slow answer must count as slow, not as a timeout error.
        timeout: 120,
        requests: [
          {
            method: "POST",
            path: "/api/v1/simulate",
            headers: { "content-type": "application/json", "x-api-key": key },
            setupRequest: (request) => ({ ...request, body: bodyFor(++counter) })
          }
        ]
      },
      (error, result) => (error === null || error === undefined ? resolve({ result, latenciesMs }) : reject(error))
    )
    instance.on("response", (_client, _status, _bytes, responseTimeMs) => latenciesMs.push(responseTimeMs))
  })

const percentile = (values: ReadonlyArray<number>, share: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN
}

await load(2, 3) // warm-up: JIT, fit loaded into the server's memory
const loaded = await load(CONNECTIONS, DURATION_S)
const single = await load(1, SINGLE_DURATION_S)

server.kill("SIGTERM")
const exitCode = await new Promise<number | null>((resolve) => server.on("exit", (code) => resolve(code)))
rmSync(workDir, { recursive: true, force: true })
notes.push(
  `server exit code after SIGTERM: ${exitCode}`,
  `${CONNECTIONS} connections × ${DURATION_S} s: ${loaded.result.requests.total} requests; 1 connection × ${SINGLE_DURATION_S} s: ${single.result.requests.total} requests`,
  `load average after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`
)

const round = (value: number) => Math.round(value * 10) / 10
reportBench({
  id: "api-load",
  figures: {
    connections: CONNECTIONS,
    duration_s: DURATION_S,
    requests_total: loaded.result.requests.total,
    requests_per_s: round(loaded.result.requests.total / DURATION_S),
    p50_ms: round(percentile(loaded.latenciesMs, 0.5)),
    p95_ms: round(percentile(loaded.latenciesMs, 0.95)),
    p99_ms: round(percentile(loaded.latenciesMs, 0.99)),
    max_ms: round(Math.max(...loaded.latenciesMs)),
    errors: loaded.result.errors,
    timeouts: loaded.result.timeouts,
    non_2xx: loaded.result.non2xx,
    single_connection_requests_per_s: round(single.result.requests.total / SINGLE_DURATION_S),
    single_connection_p50_ms: round(percentile(single.latenciesMs, 0.5)),
    single_connection_p95_ms: round(percentile(single.latenciesMs, 0.95)),
    single_connection_errors: single.result.errors + single.result.non2xx
  },
  goals: [
    { figure: "p95_ms", target: 250, better: "lower" },
    { figure: "errors", target: 0, better: "lower" },
    { figure: "non_2xx", target: 0, better: "lower" },
    { figure: "single_connection_p50_ms", target: 30, better: "lower" }
  ],
  notes
})
