// `pnpm bench worlds-generate [-- --seed N] [-- --no-import]`: per industry, the time to generate and write a
// standard world and a demo world, their row counts, campaign sizes, and the ranges of the truth (control 7-day
// conversion by segment, treated ÷ control for variant × segment pairs, unsubscribes per send); then the
// import of a retail demo world into an in-memory PGlite through storage's importFile (the demo's budget).
// Goals are the numbers: a standard world in a few seconds (≤ 5 s), campaigns of 2,000–20,000
// recipients, ~150k demo exposure rows, control 0.5–5%, treated up to ~2–3× control, unsubscribes 0.05–1%.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Figures, type Goal, reportBench, timeSeconds } from "@preflight/bench-harness"
import { Database, importFile, migrate } from "@preflight/storage"
import { Effect } from "effect"
import { type CampaignTruth, generateWorld, INDUSTRIES, type World, type WorldSize, writeWorld } from "../src/index.ts"

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : Number(process.argv[index + 1])
}
const seed = argument("seed", 2026)
const withImport = !process.argv.includes("--no-import")
/** Segment cells with fewer recipients than this are too noisy to quote. */
const MIN_CELL = 200

const figures: Figures = { seed }
const notes: Array<string> = []
const workDir = mkdtempSync(join(tmpdir(), "preflight-worlds-bench-"))

const truthRanges = (campaigns: ReadonlyArray<CampaignTruth>) => {
  let controlMin = Number.POSITIVE_INFINITY
  let controlMax = 0
  let ratioMax = 0
  let ratioMin = Number.POSITIVE_INFINITY
  let unsubscribeMin = Number.POSITIVE_INFINITY
  let unsubscribeMax = 0
  for (const campaign of campaigns) {
    const control = new Map(campaign.control.segments.map((segment) => [segment.segment, segment]))
    for (const segment of campaign.control.segments) {
      if (segment.recipients < MIN_CELL) continue
      controlMin = Math.min(controlMin, segment.conversion_rate)
      controlMax = Math.max(controlMax, segment.conversion_rate)
    }
    for (const variant of campaign.variants) {
      if (campaign.channel === "email" || campaign.channel === "sms") {
        unsubscribeMin = Math.min(unsubscribeMin, variant.unsubscribe_rate)
        unsubscribeMax = Math.max(unsubscribeMax, variant.unsubscribe_rate)
      }
      for (const segment of variant.segments) {
        const base = control.get(segment.segment)
        if (base === undefined || segment.recipients < MIN_CELL || base.recipients < MIN_CELL) continue
        ratioMax = Math.max(ratioMax, segment.conversion_rate / base.conversion_rate)
        ratioMin = Math.min(ratioMin, segment.conversion_rate / base.conversion_rate)
      }
    }
  }
  return { controlMin, controlMax, ratioMin, ratioMax, unsubscribeMin, unsubscribeMax }
}

const campaignSizes = (world: World) => {
  const sizes = [...world.historyTruth, ...world.truth.campaigns].map(
    (campaign) => campaign.control.recipients + campaign.variants.reduce((sum, variant) => sum + variant.recipients, 0)
  )
  return { min: Math.min(...sizes), max: Math.max(...sizes) }
}

const run = async (industry: (typeof INDUSTRIES)[number], size: WorldSize) => {
  const generated = await timeSeconds(() => Effect.runPromise(generateWorld({ industry, seed, size })))
  const directory = join(workDir, `${industry}-${size}`)
  const written = await timeSeconds(() => Effect.runPromise(writeWorld(generated.value, directory)))
  return {
    world: generated.value,
    generateSeconds: generated.seconds,
    writeSeconds: written.seconds,
    written: written.value
  }
}

let slowestStandard = 0
let smallestCampaign = Number.POSITIVE_INFINITY
let largestCampaign = 0
let largestDemoExposures = 0
const ranges = { controlMin: 1, controlMax: 0, ratioMax: 0, unsubscribeMin: 1, unsubscribeMax: 0 }
for (const industry of INDUSTRIES) {
  for (const size of ["standard", "demo"] as const) {
    const { world, generateSeconds, writeSeconds } = await run(industry, size)
    const prefix = `${industry}_${size}`
    const sizes = campaignSizes(world)
    figures[`${prefix}_generate_s`] = Number(generateSeconds.toFixed(2))
    figures[`${prefix}_write_s`] = Number(writeSeconds.toFixed(2))
    figures[`${prefix}_entities`] = world.tables.entities.length
    figures[`${prefix}_interventions`] = world.tables.interventions.length
    figures[`${prefix}_exposures`] = world.tables.exposures.length
    figures[`${prefix}_outcomes`] = world.tables.outcomes.length
    figures[`${prefix}_campaign_recipients_min`] = sizes.min
    figures[`${prefix}_campaign_recipients_max`] = sizes.max
    figures[`${prefix}_heldout_variants`] = world.truth.campaigns.reduce(
      (sum, campaign) => sum + campaign.variants.length,
      0
    )
    // History campaigns in the last week before the history's end have windows cut by it; leave them out.
    const complete = world.historyTruth.filter(
      (campaign) => Date.parse(campaign.send_time) < Date.parse(world.historyEnd) - 8 * 86_400_000
    )
    const truth = truthRanges([...complete, ...world.truth.campaigns])
    figures[`${prefix}_control_conversion_min`] = Number(truth.controlMin.toFixed(4))
    figures[`${prefix}_control_conversion_max`] = Number(truth.controlMax.toFixed(4))
    figures[`${prefix}_treated_over_control_max`] = Number(truth.ratioMax.toFixed(2))
    figures[`${prefix}_unsubscribe_per_send_min`] = Number(truth.unsubscribeMin.toFixed(5))
    figures[`${prefix}_unsubscribe_per_send_max`] = Number(truth.unsubscribeMax.toFixed(5))
    if (size === "standard") {
      slowestStandard = Math.max(slowestStandard, generateSeconds)
      smallestCampaign = Math.min(smallestCampaign, sizes.min)
      largestCampaign = Math.max(largestCampaign, sizes.max)
      ranges.controlMin = Math.min(ranges.controlMin, truth.controlMin)
      ranges.controlMax = Math.max(ranges.controlMax, truth.controlMax)
      ranges.ratioMax = Math.max(ranges.ratioMax, truth.ratioMax)
      ranges.unsubscribeMin = Math.min(ranges.unsubscribeMin, truth.unsubscribeMin)
      ranges.unsubscribeMax = Math.max(ranges.unsubscribeMax, truth.unsubscribeMax)
    } else {
      largestDemoExposures = Math.max(largestDemoExposures, world.tables.exposures.length)
    }
    console.log(`${prefix}: generated in ${generateSeconds.toFixed(2)} s, ${world.tables.exposures.length} exposures`)
  }
}
figures.standard_generate_s_max = Number(slowestStandard.toFixed(2))
figures.standard_campaign_recipients_min = smallestCampaign
figures.standard_campaign_recipients_max = largestCampaign
figures.demo_exposures_max = largestDemoExposures
figures.standard_control_conversion_min = Number(ranges.controlMin.toFixed(4))
figures.standard_control_conversion_max = Number(ranges.controlMax.toFixed(4))
figures.standard_treated_over_control_max = Number(ranges.ratioMax.toFixed(2))
figures.standard_unsubscribe_per_send_min = Number(ranges.unsubscribeMin.toFixed(5))
figures.standard_unsubscribe_per_send_max = Number(ranges.unsubscribeMax.toFixed(5))

if (withImport) {
  const directory = join(workDir, "retail-demo")
  const imported = await timeSeconds(() =>
    Effect.runPromise(
      Effect.gen(function* () {
        yield* migrate()
        let rows = 0
        for (const table of ["segments", "entities", "interventions", "exposures", "outcomes"] as const) {
          const summary = yield* importFile({ table, file: join(directory, `${table}.csv`) })
          rows += summary.rowsWritten
        }
        return rows
      }).pipe(Effect.provide(Database.layerPglite()))
    )
  )
  figures.retail_demo_import_rows = imported.value
  figures.retail_demo_import_s = Number(imported.seconds.toFixed(1))
  figures.retail_demo_import_rows_per_s = Math.round(imported.value / imported.seconds)
} else notes.push("import skipped (--no-import)")

const goals: ReadonlyArray<Goal> = [
  { figure: "standard_generate_s_max", target: 5, better: "lower" },
  { figure: "standard_campaign_recipients_min", target: 2000, better: "higher" },
  { figure: "standard_campaign_recipients_max", target: 20000, better: "lower" },
  { figure: "demo_exposures_max", target: 150000, better: "lower" },
  { figure: "standard_control_conversion_min", target: 0.005, better: "higher" },
  { figure: "standard_control_conversion_max", target: 0.05, better: "lower" },
  { figure: "standard_treated_over_control_max", target: 3, better: "lower" },
  { figure: "standard_treated_over_control_max", target: 1.8, better: "higher" },
  { figure: "standard_unsubscribe_per_send_min", target: 0.0005, better: "higher" },
  { figure: "standard_unsubscribe_per_send_max", target: 0.01, better: "lower" }
]
rmSync(workDir, { recursive: true, force: true })
reportBench({ id: "worlds-generate", figures, goals, notes })
