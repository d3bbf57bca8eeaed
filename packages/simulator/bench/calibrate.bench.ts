// `pnpm bench calibrate`: wall time, language-model calls and peak memory of `calibrate` on the demo world with
// the offline persona model (issue 13). Goal: under 60 s here.
//
// Writes the demo retail world (seed 42, as `preflight demo`), imports it into an in-memory embedded database,
// fits (not timed: `calibrate` reads the newest fit), then times `calibrate` with the defaults (MIPROv2, seed
// 0). LM calls are the optimizer's (counted by its own ledger) plus the validation panels' program runs. Peak
// memory is the process's maximum resident set size, which includes the embedded database and the fit.
//
// Flags: --seed <n> (world seed, default 42), --optimizer <name> (default mipro).
import { mkdtempSync, rmSync } from "node:fs"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { reportBench } from "@preflight/bench-harness"
import { OfflinePersonaModel } from "@preflight/personas"
import { Database, importFile, migrate } from "@preflight/storage"
import { generateWorld, writeWorld } from "@preflight/worlds"
import { Effect } from "effect"
import { defaultCreativeReader } from "../src/features/default-reader.ts"
import { calibrate } from "../src/use-cases/calibrate.ts"
import { fit } from "../src/use-cases/fit.ts"

const flag = (name: string, fallback: string): string => {
  const index = process.argv.indexOf(`--${name}`)
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback
}
const worldSeed = Number(flag("seed", "42"))
const optimizer = flag("optimizer", "mipro")
const notes = [
  `load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`
]

const measured = await Effect.runPromise(
  Effect.gen(function* () {
    const world = yield* generateWorld({ industry: "retail", seed: worldSeed, size: "demo" })
    const directory = mkdtempSync(join(tmpdir(), "preflight-calibrate-bench-"))
    const written = yield* writeWorld(world, directory)
    yield* migrate()
    for (const file of written.tables) yield* importFile({ table: file.table, file: file.path })
    rmSync(directory, { recursive: true, force: true })
    const fitted = yield* fit({ reader: defaultCreativeReader })
    const started = performance.now()
    const report = yield* calibrate({ optimizer })
    const seconds = (performance.now() - started) / 1000
    return { report, seconds, fitSeconds: fitted.seconds }
  }).pipe(Effect.provide(Database.layerPglite()), Effect.provide(OfflinePersonaModel.layer({ seed: 0 })))
)

const { report, seconds } = measured
console.log(
  `calibrate (${optimizer}) on the demo world: ${seconds.toFixed(1)} s, ${report.optimization.lmCalls} optimizer LM calls + ${report.programCalls} panel program runs; validation ${report.before.score.toFixed(4)} → ${report.after.score.toFixed(4)}, ${report.registered === null ? "not registered" : `registered v${report.registered.version}`}`
)
reportBench({
  id: "calibrate",
  figures: {
    world_seed: worldSeed,
    optimizer,
    wall_seconds: Number(seconds.toFixed(2)),
    fit_seconds_not_timed: Number(measured.fitSeconds.toFixed(1)),
    optimizer_lm_calls: report.optimization.lmCalls,
    validation_program_runs: report.programCalls,
    trials: report.optimization.trials,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    validation_score_before: Number(report.before.score.toFixed(4)),
    validation_score_after: Number(report.after.score.toFixed(4)),
    kappa: Number(report.after.kappa.toFixed(4)),
    registered: report.registered !== null
  },
  goals: [{ figure: "wall_seconds", target: 60, better: "lower" }],
  notes
})
