// `preflight learn` (one step of the learning loop: buffer new outcomes, check drift, re-optimize, start a
// canary) and `preflight canary` (one look at the running canary: hold, step up, promote or roll back). The
// worker runs both on schedules (optimize daily, canary-tick hourly); these run them now.
import { defaultLanguageModelLayer } from "@preflight/personas"
import {
  type CanaryTickReport,
  canaryTick,
  DEFAULT_BUFFER_THRESHOLD,
  defaultCreativeReader,
  type LearnReport,
  learn,
  OPTIMIZER_NAMES
} from "@preflight/simulator"
import { migrate } from "@preflight/storage"
import { Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { databaseLayer } from "../config.ts"
import { printResult, reported, stageReporter } from "../output.ts"
import { calibrationReportLines } from "./calibrate.ts"
import { root } from "./root.ts"

const learnLines = (report: LearnReport): Array<string> => [
  `Learning step: ${report.action}.`,
  ...report.reasons.map((reason) => `  ${reason}`),
  ...(report.buffer === null
    ? []
    : [
        `Buffer: ${report.buffer.cells} new cells from ${report.buffer.campaigns} campaigns since ${report.buffer.dataThrough} (threshold ${report.buffer.threshold}; ${report.buffer.stored} stored now).`
      ]),
  ...(report.drift === null
    ? []
    : [
        report.drift.anyDrift
          ? `Drift against the calibration's data: ${report.drift.drifted.join(", ")}.`
          : `Drift against the calibration's data: none${report.drift.note === null ? "" : ` (${report.drift.note})`}.`
      ]),
  ...(report.feedback === null
    ? []
    : [
        `Feedback: ${report.feedback.judged} simulations judged, ${report.feedback.accepted} above the quality threshold, ${report.feedback.stored} examples stored.`
      ]),
  ...(report.calibration === null ? [] : ["", ...calibrationReportLines(report.calibration)])
]

export const learnCommand = Command.make(
  "learn",
  {
    threshold: Flag.Int("buffer-threshold").pipe(
      Flag.withDescription(`New cells that trigger a re-optimization (default ${DEFAULT_BUFFER_THRESHOLD})`),
      Flag.withDefault(DEFAULT_BUFFER_THRESHOLD)
    ),
    optimizer: Flag.Literals("optimizer", OPTIMIZER_NAMES).pipe(
      Flag.withDescription("Which optimizer re-optimizes the persona program (default mipro)"),
      Flag.withDefault("mipro" as const)
    ),
    seed: Flag.Int("seed").pipe(Flag.withDescription("Seed of every random choice (default 0)"), Flag.optional)
  },
  ({ threshold, optimizer, seed }) =>
    Effect.gen(function* () {
      const { dataDir, json } = yield* root
      const stages = stageReporter(!json)
      const body = Effect.gen(function* () {
        yield* migrate()
        const report = yield* learn({
          reader: defaultCreativeReader,
          bufferThreshold: threshold,
          optimizer,
          seed: Option.getOrElse(seed, () => 0),
          onStage: stages.stage
        }).pipe(
          Effect.provide(defaultLanguageModelLayer(Option.isSome(seed) ? { seed: seed.value } : {})),
          Effect.ensuring(Effect.sync(stages.finish))
        )
        yield* printResult(json, { report }, learnLines(report))
      }).pipe(Effect.provide(databaseLayer(dataDir)))
      yield* reported(json, body)
    })
).pipe(
  Command.withDescription(
    "One step of the learning loop: buffer the outcomes since the last calibration, check them for drift, and when enough arrived refit, re-optimize and put the new program in canary"
  )
)

const canaryLines = (report: CanaryTickReport): Array<string> => [
  report.action === "none" ? "No canary is running." : `Canary ${report.experimentId}: ${report.action}.`,
  ...report.reasons.map((reason) => `  ${reason}`),
  ...(report.action === "none"
    ? []
    : [
        `Feedback units: ${report.feedback.active} active, ${report.feedback.candidate} candidate (${report.feedback.awaiting} simulations still without results).`
      ])
]

export const canaryCommand = Command.make("canary", {}, () =>
  Effect.gen(function* () {
    const { dataDir, json } = yield* root
    const body = Effect.gen(function* () {
      yield* migrate()
      const report = yield* canaryTick()
      yield* printResult(json, { report }, canaryLines(report))
    }).pipe(Effect.provide(databaseLayer(dataDir)))
    yield* reported(json, body)
  })
).pipe(
  Command.withDescription(
    "Look at the running canary now: hold, raise the candidate's traffic, promote it or roll it back on the feedback so far"
  )
)
