// `preflight demo`: the main job end to end on the embedded default. It writes a seeded retail world (two years
// of campaigns with holdouts, known ground truth), imports its history, fits the causal models, calibrates the
// persona program (registered only when it passes the gate), simulates the
// first campaign the history never saw (request_0.json, its variants' text only) with the persona panel, prints
// the report, and, since the world's truth is known, how the forecast compares with it.

import { join } from "node:path"
import { defaultLanguageModelLayer } from "@preflight/personas"
import { calibrate, defaultCreativeReader, fit } from "@preflight/simulator"
import { Database, importFile, migrate } from "@preflight/storage"
import { Console, Effect } from "effect"
import { Command, Flag } from "effect/cli"
import { databaseLayer, demoDirectory } from "../config.ts"
import { formatCount, importProgressBar, reported, stageReporter } from "../output.ts"
import { simulationReport, table } from "../report.ts"
import { calibrationReportLines } from "./calibrate.ts"
import { fitSummaryLines, runSimulation } from "./model.ts"
import { root } from "./root.ts"
import { industryFlag, worldSeedFlag, writeDemoWorld } from "./world.ts"

const percent = (value: number) => `${(value * 100).toFixed(2)}%`

export const demoCommand = Command.make(
  "demo",
  {
    industry: industryFlag.pipe(Flag.withDefault("retail" as const)),
    seed: worldSeedFlag
  },
  ({ industry, seed }) =>
    Effect.gen(function* () {
      const { dataDir, json } = yield* root
      const say = (line: string) => (json ? Effect.void : Console.log(line))
      const body = Effect.gen(function* () {
        const db = yield* Database
        const applied = yield* migrate()
        const directory = yield* demoDirectory(dataDir)
        yield* say(
          `Database: ${db.backend} at ${db.location}${applied.length > 0 ? ` (${applied.length} migration(s) applied)` : ""}.`
        )
        yield* say(
          `1. Writing a ${industry} world (seed ${seed}): two years of campaigns with holdouts and known truth`
        )
        const { world, written, generatedSeconds } = yield* writeDemoWorld({ industry, seed, size: "demo" }, directory)
        yield* say(`   ${directory} (${generatedSeconds.toFixed(1)} s)`)
        yield* say("2. Importing its history")
        const imports = []
        for (const file of written.tables) {
          const progress = importProgressBar(!json)
          const summary = yield* importFile({ table: file.table, file: file.path, onProgress: progress.update }).pipe(
            Effect.ensuring(Effect.sync(() => progress.finish()))
          )
          imports.push(summary)
          yield* say(
            `   ${file.table.padEnd(13)} ${formatCount(summary.rowsRead).padStart(8)} rows (${formatCount(summary.rowsWritten)} new, ${summary.seconds.toFixed(1)} s)`
          )
        }
        yield* say("3. Fitting the causal models on the history")
        const stages = stageReporter(!json)
        const summary = yield* fit({ reader: defaultCreativeReader, onStage: stages.stage }).pipe(
          Effect.ensuring(Effect.sync(stages.finish))
        )
        for (const line of fitSummaryLines(summary)) yield* say(`   ${line}`)
        yield* say("4. Calibrating the persona program on the history (gated on the most recent campaigns)")
        const calibrationStages = stageReporter(!json)
        const calibration = yield* calibrate({ seed, onStage: calibrationStages.stage }).pipe(
          Effect.provide(defaultLanguageModelLayer({ seed })),
          Effect.ensuring(Effect.sync(calibrationStages.finish))
        )
        for (const line of calibrationReportLines(calibration)) yield* say(`   ${line}`)
        const example = world.requests[0]
        const truth = world.truth.campaigns.find((campaign) => campaign.request === example?.file)
        if (example === undefined || truth === undefined) {
          yield* say("The world has no held-out campaign to simulate.")
          return
        }
        yield* say(
          `5. Simulating a campaign the models never saw: ${truth.name} (${example.file}), ${truth.variants.length} variants on ${truth.channel}, with the persona panel`
        )
        const response = yield* runSimulation(example.request, { causalOnly: false, seed })
        const comparison = truth.variants.map((variant) => {
          const predicted = response.predictions.variant_breakdown.find(
            (entry) => entry.variant_id === variant.variant_id && entry.channel === truth.channel
          )
          return { variant, predicted }
        })
        if (json) {
          yield* Console.log(
            JSON.stringify({
              ok: true,
              world: { directory, industry, seed, request: join(directory, example.file) },
              imports,
              fit: { fitId: summary.fitId, seconds: summary.seconds, diagnostics: summary.backbone.diagnostics },
              calibration,
              simulation: response,
              truth: truth
            })
          )
          return
        }
        yield* Console.log("")
        for (const line of simulationReport(response)) yield* Console.log(line)
        yield* Console.log("")
        yield* Console.log("Against the world's known truth (expected rates of the true response model):")
        for (const line of table(
          ["variant", "predicted", "90% interval", "true", "inside"],
          [
            ...comparison.map(({ variant, predicted }) => [
              variant.variant_id,
              predicted === undefined ? "n/a" : percent(predicted.conversion_rate.value),
              predicted === undefined
                ? ""
                : `[${percent(predicted.conversion_rate.confidence_interval[0])}, ${percent(predicted.conversion_rate.confidence_interval[1])}]`,
              percent(variant.conversion_rate),
              predicted === undefined
                ? ""
                : variant.conversion_rate >= predicted.conversion_rate.confidence_interval[0] &&
                    variant.conversion_rate <= predicted.conversion_rate.confidence_interval[1]
                  ? "yes"
                  : "no"
            ]),
            [
              "control",
              percent(response.predictions.control.conversion_rate.value),
              "",
              percent(truth.control.conversion_rate),
              ""
            ]
          ]
        ))
          yield* Console.log(`  ${line}`)
        yield* Console.log("")
        yield* Console.log(
          `Next: simulate your own request with \`npm run preflight -- simulate --file ${join(directory, "request_1.json")}\`, or check the models with \`npm run preflight -- backtest\`.`
        )
      }).pipe(Effect.provide(databaseLayer(dataDir)))
      yield* reported(json, body)
    })
).pipe(
  Command.withDescription(
    "The main job end to end: write a demo world, import its history, fit the models, simulate a campaign they never saw and compare with the truth"
  )
)
