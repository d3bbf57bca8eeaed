// `preflight world generate`: write a seeded demo world (history CSVs, held-out simulate requests, truth).

import { generateWorld, INDUSTRIES, WORLD_SIZES, writeWorld } from "@preflight/worlds"
import { Effect } from "effect"
import { Command, Flag } from "effect/cli"
import { formatCount, printResult, reported } from "../output.ts"
import { root } from "./root.ts"

export const industryFlag = Flag.Literals("industry", INDUSTRIES).pipe(Flag.withDescription("Industry template"))
export const worldSeedFlag = Flag.Int("seed").pipe(
  Flag.withDescription("Seed of the generator: same seed, same files"),
  Flag.withDefault(42)
)

/** Generates and writes a world, timing the generation (the files themselves carry no time). */
export const writeDemoWorld = (options: Parameters<typeof generateWorld>[0], directory: string) =>
  Effect.gen(function* () {
    const started = performance.now()
    const world = yield* generateWorld(options)
    const generatedSeconds = (performance.now() - started) / 1000
    const written = yield* writeWorld(world, directory)
    return { world, written, generatedSeconds }
  })

export const worldGenerateCommand = Command.make(
  "generate",
  {
    industry: industryFlag,
    seed: worldSeedFlag,
    out: Flag.String("out").pipe(Flag.withDescription("Directory for the world's files (created if missing)")),
    holdout: Flag.Int("holdout").pipe(
      Flag.withDescription("Hold out the last K campaigns as simulate requests (default: 20% of the campaigns)"),
      Flag.optional
    ),
    newPhrasings: Flag.Boolean("new-phrasings").pipe(
      Flag.withDescription("Write the held-out creatives in words the history never used (another copywriter)"),
      Flag.withDefault(false)
    ),
    size: Flag.Literals("size", WORLD_SIZES).pipe(
      Flag.withDescription("standard: ~50 campaigns, 30k customers (the accuracy benchmark); demo: ~40 campaigns, 10k"),
      Flag.withDefault("standard" as const)
    ),
    traitPriors: Flag.Boolean("trait-priors").pipe(
      Flag.withDescription("Write the generating priors into segments.trait_priors"),
      Flag.withDefault(false)
    )
  },
  ({ industry, seed, out, holdout, newPhrasings, size, traitPriors }) =>
    Effect.gen(function* () {
      const { json } = yield* root
      const body = Effect.gen(function* () {
        const { world, written, generatedSeconds } = yield* writeDemoWorld(
          {
            industry,
            seed,
            size,
            newPhrasings,
            includeTraitPriors: traitPriors,
            ...(holdout._tag === "Some" ? { holdoutCampaigns: holdout.value } : {})
          },
          out
        )
        yield* printResult(
          json,
          {
            directory: written.directory,
            industry,
            seed,
            size,
            newPhrasings,
            heldOutCampaigns: world.requests.length,
            historyStart: world.historyStart,
            historyEnd: world.historyEnd,
            generatedSeconds,
            tables: written.tables,
            requests: written.requests,
            truth: written.truth,
            manifest: written.manifest
          },
          [
            `Wrote a ${size} ${industry} world (seed ${seed}) to ${written.directory}, generated in ${generatedSeconds.toFixed(1)} s:`,
            ...written.tables.map(
              (file) => `  ${file.table.padEnd(13)} ${formatCount(file.rows).padStart(9)} rows  ${file.path}`
            ),
            `  history ${world.historyStart.slice(0, 10)} to ${world.historyEnd.slice(0, 10)}; ${world.requests.length} held-out campaign(s) as request_<i>.json${newPhrasings ? " (new phrasings)" : ""}, their truth in truth.json`,
            `Import it with \`preflight import <table> ${written.directory}/<table>.csv\` in the order listed.`
          ]
        )
      })
      yield* reported(json, body)
    })
).pipe(
  Command.withDescription(
    "Generate a seeded demo world with known ground truth: five history CSVs, held-out campaigns as simulate requests, truth.json"
  )
)

export const worldCommand = Command.make("world").pipe(
  Command.withDescription("Seeded demo worlds (industry templates with a known true response model)"),
  Command.withSubcommands([worldGenerateCommand])
)
