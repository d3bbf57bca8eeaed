// `preflight calibrate` and `preflight programs list|promote|rollback`: the persona program fitted to the
// history (on the default language model: OpenAI-compatible when OPENAI_API_KEY is set, the offline persona
// model otherwise), and the registry of its versions.
import { defaultLanguageModelLayer } from "@preflight/personas"
import { type CalibrationReport, calibrate, OPTIMIZER_NAMES, PERSONA_PROGRAM_ID } from "@preflight/simulator"
import { migrate, ProgramRegistry } from "@preflight/storage"
import { Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { databaseLayer } from "../config.ts"
import { formatCount, printResult, reported, stageReporter } from "../output.ts"
import { table } from "../report.ts"
import { root } from "./root.ts"

const score = (value: number) => value.toFixed(4)

/** The report's lines: before and after on the validation campaigns, the gate, what was registered. */
export const calibrationReportLines = (report: CalibrationReport): Array<string> => {
  const parts = (name: string) => [
    report.before.parts.find((part) => part.name === name)?.score,
    report.after.parts.find((part) => part.name === name)?.score
  ]
  const row = (name: string) => {
    const [before, after] = parts(name)
    return [name, before === undefined ? "" : score(before), after === undefined ? "" : score(after)]
  }
  const budgetNote =
    report.optimization.status === "budget_exhausted"
      ? ` The budget ran out (${report.optimization.stoppedBy}); the best program found so far was used.`
      : ""
  return [
    `Calibrated against fit ${report.fitId.slice(0, 8)}: ${formatCount(report.examples.trainCells)} training cells from ${report.examples.trainCampaigns} campaigns, validated on ${formatCount(report.examples.validationCells)} cells of the last ${report.examples.validationCampaigns} campaigns.`,
    `Optimizer ${report.optimizer} (seed ${report.seed}): ${report.optimization.trials} trials, ${formatCount(report.optimization.lmCalls)} language-model calls.${budgetNote}`,
    "",
    ...table(
      [
        "composite on validation",
        report.before.programVersion === null ? "before (uncalibrated)" : `before (v${report.before.programVersion})`,
        "after"
      ],
      [
        ["total", score(report.before.score), score(report.after.score)],
        row("ranking"),
        row("moments"),
        row("calibration"),
        [
          "κ (logit per unit intent)",
          report.before.kappa.toFixed(3),
          `${report.after.kappa.toFixed(3)}${report.after.kappaStandardError === null ? "" : ` ± ${report.after.kappaStandardError.toFixed(3)}`}`
        ]
      ]
    ).map((line) => `  ${line}`),
    "",
    report.registered === null
      ? `Not registered: ${report.gate.reasons.join("; ")}.`
      : `Registered version ${report.registered.version} as ${report.registered.status}${report.registered.status === "candidate" ? ` (promote it with \`preflight programs promote ${report.registered.version}\`)` : ""}.`,
    report.drift.anyDrift
      ? `Drift: the most recent campaigns differ from the training period in ${report.drift.drifted.join(", ")}.`
      : "Drift: none between the training period and the most recent campaigns."
  ]
}

export const calibrateCommand = Command.make(
  "calibrate",
  {
    optimizer: Flag.Literals("optimizer", OPTIMIZER_NAMES).pipe(
      Flag.withDescription("Which optimizer tunes the persona program (default mipro)"),
      Flag.withDefault("mipro" as const)
    ),
    budgetCalls: Flag.Int("budget-calls").pipe(
      Flag.withDescription("Stop the optimization after this many language-model calls (best program so far)"),
      Flag.optional
    ),
    seed: Flag.Int("seed").pipe(Flag.withDescription("Seed of every random choice (default 0)"), Flag.optional)
  },
  ({ optimizer, budgetCalls, seed }) =>
    Effect.gen(function* () {
      const { dataDir, json } = yield* root
      const stages = stageReporter(!json)
      const body = Effect.gen(function* () {
        yield* migrate()
        const report = yield* calibrate({
          optimizer,
          seed: Option.getOrElse(seed, () => 0),
          ...(Option.isSome(budgetCalls) ? { budget: { maxLmCalls: budgetCalls.value } } : {}),
          onStage: stages.stage
        }).pipe(
          Effect.provide(defaultLanguageModelLayer(Option.isSome(seed) ? { seed: seed.value } : {})),
          Effect.ensuring(Effect.sync(stages.finish))
        )
        yield* printResult(json, { report }, calibrationReportLines(report))
      }).pipe(Effect.provide(databaseLayer(dataDir)))
      yield* reported(json, body)
    })
).pipe(
  Command.withDescription(
    "Fit the persona program to the history: optimize it on past campaigns, map its intents to probabilities, and register it when it passes the gate on the most recent campaigns"
  )
)

const versionArgument = Argument.Int("version").pipe(
  Argument.withDescription("The version number (see `programs list`)")
)

const listCommand = Command.make("list", {}, () =>
  Effect.gen(function* () {
    const { dataDir, json } = yield* root
    const body = Effect.gen(function* () {
      yield* migrate()
      const registry = yield* ProgramRegistry
      const versions = yield* registry.listVersions(PERSONA_PROGRAM_ID)
      const rows = versions.map((version) => {
        const state = version.state as { kappa?: number; calibratedAt?: string } | null
        return {
          version: version.version,
          status: version.status,
          score: version.score,
          kappa: typeof state?.kappa === "number" ? state.kappa : null,
          calibratedAt: state?.calibratedAt ?? version.createdAt.toISOString()
        }
      })
      yield* printResult(
        json,
        { program: PERSONA_PROGRAM_ID, versions: rows },
        rows.length === 0
          ? ["No calibrated versions yet: run `preflight calibrate`."]
          : table(
              ["version", "status", "score", "κ", "calibrated at"],
              rows.map((row) => [
                String(row.version),
                row.status,
                row.score === null ? "" : score(row.score),
                row.kappa === null ? "" : row.kappa.toFixed(3),
                row.calibratedAt
              ])
            )
      )
    }).pipe(Effect.provide(ProgramRegistry.layer), Effect.provide(databaseLayer(dataDir)))
    yield* reported(json, body)
  })
).pipe(Command.withDescription("The persona program's versions, newest first"))

const activateCommand = (name: "promote" | "rollback", description: string) =>
  Command.make(name, { version: versionArgument }, ({ version }) =>
    Effect.gen(function* () {
      const { dataDir, json } = yield* root
      const body = Effect.gen(function* () {
        yield* migrate()
        const registry = yield* ProgramRegistry
        const active = yield* registry.activate(PERSONA_PROGRAM_ID, version)
        yield* printResult(json, { program: PERSONA_PROGRAM_ID, active: active.version }, [
          `Version ${active.version} is now the active persona program; simulations use it from now on.`
        ])
      }).pipe(Effect.provide(ProgramRegistry.layer), Effect.provide(databaseLayer(dataDir)))
      yield* reported(json, body)
    })
  ).pipe(Command.withDescription(description))

export const programsCommand = Command.make("programs").pipe(
  Command.withDescription("The registry of calibrated persona programs"),
  Command.withSubcommands([
    listCommand,
    activateCommand("promote", "Make a version (usually the candidate) the active one"),
    activateCommand("rollback", "Make an earlier version active again (the current one is marked rolled back)")
  ])
)
