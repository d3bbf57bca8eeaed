// `pnpm bench simulator-speed`: wall time and peak memory of `simulate` for 1,000 and 10,000 personas × 3
// variants × 3 channels × 100 Monte Carlo runs on the offline persona model (issue 12). Goals: 1,000 personas
// under 1 s (the PRD asks under 30 s), 10,000 under 5 s.
//
// The parent writes a standard retail world (30,000 customers), imports it into an embedded database in a temp
// directory and fits once; each measurement then runs in a child process that opens that database, loads the
// fit (not timed: a server keeps it in memory between requests), runs one warm-up simulation with 10 personas,
// and times `simulate` for the given persona count. Peak memory is the child's maximum resident set size
// (which includes the loaded fit and the embedded database).
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { reportBench } from "@preflight/bench-harness"
import { OfflinePersonaModel } from "@preflight/personas"
import { Database, importFile, migrate } from "@preflight/storage"
import { generateWorld, writeWorld } from "@preflight/worlds"
import { Effect } from "effect"
import { defaultCreativeReader } from "../src/features/default-reader.ts"
import { loadLatestFit } from "../src/persistence/fit-store.ts"
import { personaPanel } from "../src/simulation/persona-panel.ts"
import { fit } from "../src/use-cases/fit.ts"
import { simulate } from "../src/use-cases/simulate.ts"

const CHILD = "--child"

const requestFor = (personas: number, segments: ReadonlyArray<string>) => ({
  simulation_type: "intervention_test",
  industry_context: "retail",
  intervention: {
    type: "campaign",
    channels: ["email", "sms", "push"],
    content_variants: [
      { id: "a", template: "Ends tonight: 30% off all running shoes. Shop now before midnight!" },
      { id: "b", template: "New arrivals in jackets, picked for you. Free shipping on every order." },
      { id: "c", template: "Thanks for being with us. Members get early access to the spring collection." }
    ]
  },
  target_population: { selection_method: "segment", segments },
  simulation_params: { num_personas: personas, monte_carlo_runs: 100, seed: 1 }
})

const measureInChild = (dataDir: string, personas: number, segments: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    yield* loadLatestFit()
    const run = (count: number) =>
      simulate(requestFor(count, segments), { reader: defaultCreativeReader, panel: personaPanel(), persist: false })
    yield* run(10)
    const started = performance.now()
    const response = yield* run(personas)
    const seconds = (performance.now() - started) / 1000
    console.log(
      JSON.stringify({
        seconds,
        sampled: response.personas.sampled,
        programCalls: response.personas.program_calls,
        peakRssMb: process.resourceUsage().maxRSS / 1024
      })
    )
  }).pipe(Effect.provide(OfflinePersonaModel.layer({ seed: 1 })), Effect.provide(Database.layerPglite({ dataDir })))

if (process.argv.includes(CHILD)) {
  const [dataDir, personas, segments] = process.argv.slice(process.argv.indexOf(CHILD) + 1)
  await Effect.runPromise(measureInChild(dataDir as string, Number(personas), (segments as string).split(",")))
} else {
  const notes = [
    `load average before: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`
  ]
  const workDir = mkdtempSync(join(tmpdir(), "preflight-speed-"))
  const dataDir = join(workDir, "db")
  const segments = await Effect.runPromise(
    Effect.gen(function* () {
      const world = yield* generateWorld({ industry: "retail", seed: 5, size: "standard" })
      const written = yield* writeWorld(world, join(workDir, "world"))
      yield* migrate()
      for (const file of written.tables) yield* importFile({ table: file.table, file: file.path })
      const summary = yield* fit({ reader: defaultCreativeReader })
      notes.push(`fit of the standard world: ${summary.seconds.toFixed(1)} s`)
      return world.tables.segments.map((segment) => segment.segment_id)
    }).pipe(Effect.provide(Database.layerPglite({ dataDir })))
  )
  const self = fileURLToPath(import.meta.url)
  const measure = (personas: number) =>
    JSON.parse(
      execFileSync(process.execPath, [self, CHILD, dataDir, String(personas), segments.join(",")], {
        encoding: "utf8"
      })
        .trim()
        .split("\n")
        .at(-1) ?? "{}"
    ) as { seconds: number; sampled: number; programCalls: number; peakRssMb: number }
  const small = measure(1_000)
  const large = measure(10_000)
  rmSync(workDir, { recursive: true, force: true })
  notes.push(
    `1,000 requested: ${small.sampled} sampled, ${small.programCalls} program calls; 10,000 requested: ${large.sampled} sampled, ${large.programCalls} program calls (archetype deduplication)`
  )
  reportBench({
    id: "simulator-speed",
    figures: {
      personas_1k_s: Number(small.seconds.toFixed(3)),
      personas_1k_peak_rss_mb: Math.round(small.peakRssMb),
      personas_1k_program_calls: small.programCalls,
      personas_10k_s: Number(large.seconds.toFixed(3)),
      personas_10k_peak_rss_mb: Math.round(large.peakRssMb),
      personas_10k_program_calls: large.programCalls
    },
    goals: [
      { figure: "personas_1k_s", target: 1, better: "lower" },
      { figure: "personas_10k_s", target: 5, better: "lower" }
    ],
    notes
  })
}
