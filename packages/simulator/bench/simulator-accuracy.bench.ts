// `pnpm bench simulator-accuracy -- --seed <n>`: accuracy on campaigns the models never saw (issue 12).
//
// For seeds n, n+1, n+2: generate a standard world (ground truth known), import its history into an in-memory
// embedded database, `fit` (which uses only the history: the held-out last 20% of campaigns are not in it), and
// forecast each held-out campaign from its request (its variants' text only), then compare with truth.json:
//   (a) share of variants whose predicted conversion rate is within 10% (relative) of the true rate,
//   (b) Kendall tau-b between predicted and true variant rankings within campaigns,
//   (c) mean absolute error of the uplift over control,
//   (d) share of true rates inside the 90% intervals,
// for the naive baseline (the targeted segments' historical rate on the channel), the causal models alone and
// the full simulation with uncalibrated personas (offline persona model), on the world as generated and again
// with the held-out creatives rewritten by another copywriter (`newPhrasings`: same offers, other words; the
// history is identical, so one fit serves both). Figures are means over the three worlds with each world's
// value beside them.
//
// Flags: --seed <n> (default 7001), --worlds <k> (default 3), --industry <t> (default retail),
// --size standard|demo (default standard).
import { mkdtempSync, rmSync } from "node:fs"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { reportBench } from "@preflight/bench-harness"
import { OfflinePersonaModel } from "@preflight/personas"
import { Database, importFile, migrate } from "@preflight/storage"
import { generateWorld, type World, writeWorld } from "@preflight/worlds"
import { Effect } from "effect"
import { type AccuracyFigures, accuracyFigures, type VariantComparison } from "../src/evaluation/accuracy.ts"
import { naiveForecast } from "../src/evaluation/naive-baseline.ts"
import { defaultCreativeReader } from "../src/features/default-reader.ts"
import { attributeOutcomes } from "../src/history/attribution.ts"
import { loadHistory } from "../src/history/load-history.ts"
import { personaPanel } from "../src/simulation/persona-panel.ts"
import { fit } from "../src/use-cases/fit.ts"
import { simulate } from "../src/use-cases/simulate.ts"

const flag = (name: string, fallback: string): string => {
  const index = process.argv.indexOf(`--${name}`)
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback
}
const firstSeed = Number(flag("seed", "7001"))
const worldCount = Number(flag("worlds", "3"))
const industry = flag("industry", "retail") as World["options"]["industry"]
const size = flag("size", "standard") as World["options"]["size"]
const MODELS = ["naive", "causal", "full"] as const
type ModelName = (typeof MODELS)[number]
const PHRASINGS = ["as_generated", "new_phrasings"] as const
type Phrasing = (typeof PHRASINGS)[number]

const notes: Array<string> = [
  `load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`
]

/** The same history? (new phrasings must only rewrite the held-out requests) */
const sameHistory = (a: World, b: World): boolean =>
  a.tables.exposures.length === b.tables.exposures.length &&
  a.tables.outcomes.length === b.tables.outcomes.length &&
  JSON.stringify(a.tables.interventions) === JSON.stringify(b.tables.interventions)

type WorldResult = Record<Phrasing, Record<ModelName, AccuracyFigures>> & { fitSeconds: number; variants: number }

const evaluateWorld = (seed: number) =>
  Effect.gen(function* () {
    const world = yield* generateWorld({ industry, seed, size })
    const rephrased = yield* generateWorld({ industry, seed, size, newPhrasings: true })
    if (!sameHistory(world, rephrased)) throw new Error(`seed ${seed}: new phrasings changed the history`)
    const directory = mkdtempSync(join(tmpdir(), `preflight-accuracy-${seed}-`))
    const written = yield* writeWorld(world, directory)
    yield* migrate()
    for (const file of written.tables) yield* importFile({ table: file.table, file: file.path })
    rmSync(directory, { recursive: true, force: true })
    const fitted = yield* fit({ reader: defaultCreativeReader })
    const snapshot = yield* loadHistory()
    const attributed = attributeOutcomes(snapshot.exposures, snapshot.outcomes, 7 * 86_400_000)
    const result = { fitSeconds: fitted.seconds } as WorldResult
    for (const phrasing of PHRASINGS) {
      const source = phrasing === "as_generated" ? world : rephrased
      const rows: Record<ModelName, Array<VariantComparison>> = { naive: [], causal: [], full: [] }
      for (const campaign of source.truth.campaigns) {
        const request = source.requests.find((entry) => entry.file === campaign.request)?.request
        if (request === undefined) continue
        const naive = naiveForecast(snapshot, attributed, campaign.segments, campaign.channel)
        const causal = yield* simulate(request, { reader: defaultCreativeReader, persist: false })
        const full = yield* simulate(request, {
          reader: defaultCreativeReader,
          panel: personaPanel(),
          persist: false
        }).pipe(Effect.provide(OfflinePersonaModel.layer({ seed })))
        for (const variant of campaign.variants) {
          const base = {
            campaign: campaign.campaign_id,
            variant: variant.variant_id,
            actual: variant.conversion_rate,
            actualUplift: variant.conversion_rate - campaign.control.conversion_rate
          }
          rows.naive.push({
            ...base,
            predicted: naive.conversion,
            predictedUplift: naive.conversion - naive.control,
            interval: naive.interval
          })
          for (const [name, response] of [
            ["causal", causal],
            ["full", full]
          ] as const) {
            const predicted = response.predictions.variant_breakdown.find(
              (entry) => entry.variant_id === variant.variant_id && entry.channel === campaign.channel
            )
            if (predicted === undefined) throw new Error(`no forecast for ${variant.variant_id}`)
            rows[name].push({
              ...base,
              predicted: predicted.conversion_rate.value,
              predictedUplift: predicted.conversion_rate.uplift_vs_control,
              interval: predicted.conversion_rate.confidence_interval
            })
          }
        }
      }
      result[phrasing] = {
        naive: accuracyFigures(rows.naive),
        causal: accuracyFigures(rows.causal),
        full: accuracyFigures(rows.full)
      }
      result.variants = rows.full.length
    }
    return result
  }).pipe(Effect.provide(Database.layerPglite()))

const results: Array<WorldResult> = []
const seeds = Array.from({ length: worldCount }, (_, index) => firstSeed + index)
for (const seed of seeds) {
  const started = performance.now()
  results.push(await Effect.runPromise(evaluateWorld(seed)))
  console.log(`world ${industry} seed ${seed}: ${((performance.now() - started) / 1000).toFixed(0)} s`)
}

const METRICS = [
  ["within10", (f: AccuracyFigures) => f.within10Percent],
  ["tau", (f: AccuracyFigures) => f.kendallTau],
  ["uplift_mae", (f: AccuracyFigures) => f.upliftMae],
  ["coverage", (f: AccuracyFigures) => f.intervalCoverage ?? Number.NaN]
] as const

const round = (value: number) => Number(value.toFixed(4))
const figures: Record<string, number | string> = {
  industry,
  size,
  seeds: seeds.join(","),
  held_out_variants_per_world: results.map((result) => result.variants).join(","),
  fit_seconds_mean: round(results.reduce((sum, result) => sum + result.fitSeconds, 0) / results.length)
}
for (const phrasing of PHRASINGS) {
  for (const model of MODELS) {
    for (const [metric, read] of METRICS) {
      const values = results.map((result) => read(result[phrasing][model]))
      const key = `${phrasing}.${model}.${metric}`
      figures[key] = round(values.reduce((sum, value) => sum + value, 0) / values.length)
      figures[`${key}.per_world`] = values.map((value) => value.toFixed(3)).join(" ")
    }
  }
}

const goals = PHRASINGS.flatMap((phrasing) => [
  { figure: `${phrasing}.full.within10`, target: 0.75, better: "higher" as const },
  { figure: `${phrasing}.full.tau`, target: 0.7, better: "higher" as const },
  { figure: `${phrasing}.full.coverage`, target: 0.8, better: "higher" as const },
  { figure: `${phrasing}.full.coverage`, target: 0.98, better: "lower" as const }
])

reportBench({ id: "simulator-accuracy", figures, goals, notes })
