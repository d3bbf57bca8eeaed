// `preflight fit`, `preflight simulate` and `preflight backtest`: the simulator's use cases on the configured
// database, with the default creative reader and, for simulations, the persona panel on the default language
// model (OpenAI-compatible when OPENAI_API_KEY is set, the offline persona model otherwise).
import { readFile } from "node:fs/promises"
import { defaultLanguageModelLayer } from "@preflight/personas"
import {
  backtest,
  defaultCreativeReader,
  type FitSummary,
  fit,
  type SimulateResponse,
  simulateWithActiveProgram
} from "@preflight/simulator"
import { migrate } from "@preflight/storage"
import { Console, Data, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { databaseLayer } from "../config.ts"
import { formatCount, printResult, reported, stageReporter } from "../output.ts"
import { simulationReport, table } from "../report.ts"
import { root } from "./root.ts"

/** The request file cannot be read or is not JSON. */
export class RequestFileUnreadable extends Data.TaggedError("RequestFileUnreadable")<{
  readonly file: string
  readonly reason: string
}> {
  override get message(): string {
    return `cannot read the request ${this.file}: ${this.reason}`
  }
}

/** Reads a JSON request, with `seed` (when given) overriding `simulation_params.seed`. */
export const readRequestFile = (file: string, seed: Option.Option<number>) =>
  Effect.gen(function* () {
    const text = yield* Effect.tryPromise({
      try: () => readFile(file, "utf8"),
      catch: (error) =>
        new RequestFileUnreadable({ file, reason: error instanceof Error ? error.message : String(error) })
    })
    const body = yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: (error) =>
        new RequestFileUnreadable({
          file,
          reason: `not JSON (${error instanceof Error ? error.message : String(error)})`
        })
    })
    if (Option.isNone(seed) || typeof body !== "object" || body === null || Array.isArray(body)) return body
    const record = body as Record<string, unknown>
    const params =
      typeof record.simulation_params === "object" && record.simulation_params !== null ? record.simulation_params : {}
    return { ...record, simulation_params: { ...params, seed: seed.value } }
  })

export const fitSummaryLines = (summary: FitSummary): Array<string> => {
  const { diagnostics } = summary.backbone
  const backtestArms = diagnostics.backtest.filter((arm) => arm.arm !== "control")
  const within = backtestArms.filter((arm) => Math.abs(arm.predicted - arm.realized) <= 0.1 * arm.realized).length
  return [
    `Fitted ${summary.fitId.slice(0, 8)} in ${summary.seconds.toFixed(1)} s on ${formatCount(diagnostics.campaigns)} campaigns (${formatCount(diagnostics.trainingRows)} training rows, ${formatCount(diagnostics.conversions)} attributed conversions, ${formatCount(diagnostics.holdoutRows)} holdout rows).`,
    `  calibration ratio (predicted / observed conversions on the training rows): ${diagnostics.calibrationRatio.toFixed(3)}`,
    backtestArms.length === 0
      ? "  backtest: not enough campaigns to hold any out; intervals use the default error model"
      : `  backtest on the last ${new Set(backtestArms.map((arm) => arm.campaign)).size} campaigns: ${within} of ${backtestArms.length} variants within 10% of what they realised (realised rates carry sampling noise)`
  ]
}

const seedFlag = Flag.Int("seed").pipe(Flag.withDescription("Seed of every random choice"), Flag.optional)

export const fitCommand = Command.make(
  "fit",
  {
    window: Flag.Int("attribution-window").pipe(
      Flag.withDescription("Days after a message in which a purchase is credited to it (default 7)"),
      Flag.optional
    ),
    seed: seedFlag
  },
  ({ window, seed }) =>
    Effect.gen(function* () {
      const { dataDir, json } = yield* root
      const stages = stageReporter(!json)
      const body = Effect.gen(function* () {
        yield* migrate()
        const summary = yield* fit({
          reader: defaultCreativeReader,
          onStage: stages.stage,
          ...(Option.isSome(window) ? { attributionWindowDays: window.value } : {}),
          ...(Option.isSome(seed) ? { seed: seed.value } : {})
        }).pipe(Effect.ensuring(Effect.sync(stages.finish)))
        yield* printResult(
          json,
          {
            fitId: summary.fitId,
            seconds: summary.seconds,
            readerVersion: summary.backbone.readerVersion,
            diagnostics: summary.backbone.diagnostics
          },
          fitSummaryLines(summary)
        )
      }).pipe(Effect.provide(databaseLayer(dataDir)))
      yield* reported(json, body)
    })
).pipe(
  Command.withDescription(
    "Fit the causal models on the imported history (attribution, response and uplift models, unsubscribe hazard, backtest) and make them the ones simulations use"
  )
)

/** Runs a simulation of a request body with the active persona program's panel (or without, `causalOnly`). */
export const runSimulation = (body: unknown, options: { readonly causalOnly: boolean; readonly seed?: number }) =>
  simulateWithActiveProgram(body, {
    reader: defaultCreativeReader,
    causalOnly: options.causalOnly
  }).pipe(Effect.provide(defaultLanguageModelLayer(options.seed === undefined ? {} : { seed: options.seed })))

export const simulateCommand = Command.make(
  "simulate",
  {
    file: Flag.String("file").pipe(
      Flag.withDescription("A simulate request as JSON (the API's POST /api/v1/simulate body)")
    ),
    seed: seedFlag,
    causalOnly: Flag.Boolean("causal-only").pipe(
      Flag.withDescription("Skip the persona panel: the fitted causal models alone"),
      Flag.withDefault(false)
    )
  },
  ({ file, seed, causalOnly }) =>
    Effect.gen(function* () {
      const { dataDir, json } = yield* root
      const body = Effect.gen(function* () {
        const request = yield* readRequestFile(file, seed)
        const response: SimulateResponse = yield* runSimulation(request, {
          causalOnly,
          ...(Option.isSome(seed) ? { seed: seed.value } : {})
        })
        // The response document itself, so it validates against the exported schema as it stands.
        if (json) yield* Console.log(JSON.stringify(response))
        else yield* Effect.forEach(simulationReport(response), (line) => Console.log(line), { discard: true })
      }).pipe(Effect.provide(databaseLayer(dataDir)))
      yield* reported(json, body)
    })
).pipe(
  Command.withDescription(
    "Simulate a campaign: conversion, revenue, ROI and unsubscribes with intervals per variant, channel and segment, the best configuration and insights"
  )
)

export const backtestCommand = Command.make(
  "backtest",
  {
    holdout: Flag.Int("holdout").pipe(
      Flag.withDescription("Hold out the last K campaigns (default: the last 20%)"),
      Flag.optional
    ),
    seed: seedFlag
  },
  ({ holdout, seed }) =>
    Effect.gen(function* () {
      const { dataDir, json } = yield* root
      const stages = stageReporter(!json)
      const body = Effect.gen(function* () {
        const report = yield* backtest({
          reader: defaultCreativeReader,
          onStage: stages.stage,
          ...(Option.isSome(holdout) ? { holdout: holdout.value } : {}),
          ...(Option.isSome(seed) ? { seed: seed.value } : {})
        }).pipe(Effect.ensuring(Effect.sync(stages.finish)))
        const { figures } = report
        const format = (value: number | null) => (value === null || Number.isNaN(value) ? "n/a" : value.toFixed(3))
        yield* printResult(json, { backtest: report }, [
          `Backtest: fitted on the history before the last ${report.heldOutCampaigns} campaigns, predicted their ${figures.variants} variants from the text alone (${report.seconds.toFixed(1)} s).`,
          ...table(
            ["campaign", "arm", "predicted", "realised", "recipients"],
            report.arms.map((arm) => [
              arm.campaign.slice(0, 12),
              arm.arm.slice(0, 12),
              `${(arm.predicted * 100).toFixed(2)}%`,
              `${(arm.realized * 100).toFixed(2)}%`,
              formatCount(arm.recipients)
            ])
          ),
          `Within 10% of the realised rate: ${format(figures.within10Percent)}; Kendall tau within campaigns: ${format(figures.kendallTau)}; uplift MAE: ${format(figures.upliftMae)}.`,
          "Realised rates carry sampling noise, so even a perfect model misses some by more than 10%."
        ])
      }).pipe(Effect.provide(databaseLayer(dataDir)))
      yield* reported(json, body)
    })
).pipe(
  Command.withDescription(
    "Hold out the last K campaigns, fit on the rest, predict each from its variants' text and compare with what happened"
  )
)
