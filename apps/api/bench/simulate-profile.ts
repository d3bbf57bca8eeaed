// A profiling aid for `POST /api/v1/simulate`, not a benchmark: fits the bench's demo world once into
// PREFLIGHT_PROFILE_DIR (kept between runs), then sends N requests that differ (like `api-load`) through the app
// in this process, one at a time, and prints the time of each. Run it under `node --cpu-prof` to see where a
// request spends its time:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/simulate-profile.ts 40
// or, for the requests alone, PREFLIGHT_PROFILE_CPU=/tmp/requests.cpuprofile node bench/simulate-profile.ts 40
import { existsSync, mkdirSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { OfflinePersonaModel } from "@preflight/personas"
import { defaultCreativeReader, fit, SimulateRequest } from "@preflight/simulator"
import { Database, importFile, migrate } from "@preflight/storage"
import { generateWorld, writeWorld } from "@preflight/worlds"
import { Effect, Layer, ManagedRuntime } from "effect"
import { makeApi } from "../src/app.ts"
import { createApiKey } from "../src/auth/api-keys.ts"
import { DEFAULT_API_SETTINGS } from "../src/config.ts"
import { makeApiRuntime } from "../src/runtime.ts"

const count = Number(process.argv[2] ?? 20)
const workDir = process.env.PREFLIGHT_PROFILE_DIR ?? join(tmpdir(), "preflight-simulate-profile")
const dataDir = join(workDir, "db")

if (!existsSync(join(workDir, "ready"))) {
  mkdirSync(workDir, { recursive: true })
  const setup = ManagedRuntime.make(Layer.mergeAll(Database.layerPglite({ dataDir }), OfflinePersonaModel.layer()))
  await setup.runPromise(
    Effect.gen(function* () {
      const world = yield* generateWorld({ industry: "retail", seed: 808, size: "demo" })
      const written = yield* writeWorld(world, join(workDir, "world"))
      yield* migrate()
      for (const file of written.tables) yield* importFile({ table: file.table, file: file.path })
      yield* fit({ reader: defaultCreativeReader })
      const entry = world.requests[0]
      if (entry === undefined) throw new Error("the demo world has no held-out request")
      const { writeFileSync } = yield* Effect.promise(() => import("node:fs"))
      writeFileSync(join(workDir, "request.json"), JSON.stringify(SimulateRequest.parse(entry.request)))
    })
  )
  await setup.dispose()
  const { writeFileSync } = await import("node:fs")
  writeFileSync(join(workDir, "ready"), "")
}

const { readFileSync } = await import("node:fs")
const base = SimulateRequest.parse(JSON.parse(readFileSync(join(workDir, "request.json"), "utf8")))
// Time spent per statement (its first 70 characters), printed at the end: where the database time goes.
const statementMs = new Map<string, { calls: number; ms: number }>()
const timed = <A, E>(text: string, effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
  Effect.suspend(() => {
    const started = performance.now()
    return effect.pipe(
      Effect.ensuring(
        Effect.sync(() => {
          const key = text.replace(/\s+/g, " ").slice(0, 70)
          const entry = statementMs.get(key) ?? { calls: 0, ms: 0 }
          statementMs.set(key, { calls: entry.calls + 1, ms: entry.ms + performance.now() - started })
        })
      )
    )
  })
const timedDatabase = Layer.effect(
  Database,
  Effect.gen(function* () {
    const database = yield* Database
    return Database.of({
      ...database,
      query: (text, params) => timed(text, database.query(text, params)),
      execute: (text, params) => timed(text, database.execute(text, params))
    })
  })
).pipe(Layer.provide(Database.layerPglite({ dataDir })))
const runtime = makeApiRuntime({ database: timedDatabase, languageModel: OfflinePersonaModel.layer() })
const key = (await runtime.runPromise(createApiKey({ name: "profile", scopes: ["write"], rateLimitPerMinute: 1e9 })))
  .key
const app = makeApi({ runtime, settings: { ...DEFAULT_API_SETTINGS, accessLog: false } })

const bodyFor = (n: number) =>
  JSON.stringify({
    ...base,
    intervention: {
      ...base.intervention,
      content_variants: base.intervention.content_variants.map((variant, index) => ({
        ...variant,
        id: `v${index}-${n}`,
        template: `${variant.template} Offer ${n % 97}.`
      }))
    },
    simulation_params: { ...base.simulation_params, num_personas: 100, seed: n }
  })

// PREFLIGHT_PROFILE_OUT=file writes every response body (one per line) to compare runs before and after a change.
const outFile = process.env.PREFLIGHT_PROFILE_OUT
const bodies: Array<string> = []
const times: Array<number> = []
// PREFLIGHT_PROFILE_CPU=file.cpuprofile profiles the requests after the first three (steady state, no start-up).
const cpuProfile = process.env.PREFLIGHT_PROFILE_CPU
const { Session } = await import("node:inspector/promises")
const session = new Session()
for (let n = 1; n <= count; n++) {
  if (cpuProfile !== undefined && n === 4) {
    session.connect()
    await session.post("Profiler.enable")
    await session.post("Profiler.start")
  }
  const started = performance.now()
  const response = await app.request("/api/v1/simulate", {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key },
    body: bodyFor(n)
  })
  const text = await response.text()
  if (outFile !== undefined) bodies.push(text)
  const ms = performance.now() - started
  times.push(ms)
  if (response.status !== 200) console.log(`request ${n}: status ${response.status}`)
}
if (cpuProfile !== undefined && count >= 4) {
  const { profile } = await session.post("Profiler.stop")
  const { writeFileSync } = await import("node:fs")
  writeFileSync(cpuProfile, JSON.stringify(profile))
}
const sorted = [...times].sort((a, b) => a - b)
console.log(
  `first ${times[0]?.toFixed(1)} ms; then ${times
    .slice(1)
    .map((ms) => ms.toFixed(0))
    .join(" ")}`
)
console.log(`p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms over ${count} requests`)
for (const [statement, { calls, ms }] of [...statementMs].sort((a, b) => b[1].ms - a[1].ms)) {
  console.log(`${ms.toFixed(0).padStart(7)} ms ${String(calls).padStart(5)} calls  ${statement}`)
}
if (outFile !== undefined) {
  const { writeFileSync } = await import("node:fs")
  writeFileSync(outFile, `${bodies.join("\n")}\n`)
}
await runtime.dispose()
