// The `calibrate` use case (DESIGN.md, the main job, step 3): the persona program fitted to the organisation's
// own history, gated and versioned.
//   1. Cells of every completed campaign (history-cells.ts), split by campaign and time: the validation
//      campaigns are the ones the fit's backtest forecast out of sample (the last ones); training campaigns
//      were all sent before them. All cells are stored as training examples with their provenance.
//   2. The persona program is optimized on the training cells (an optimizer of @preflight/optimizers, MIPROv2
//      by default, seeded, under a hard budget, every trial logged), with the seeds' composite as its score.
//   3. The intent → probability mapping (κ) is fitted by SMM on the validation cells; the new program is scored
//      there with κ cross-fitted by campaign, the program in use (the active version, or the uncalibrated
//      default) with the κ it is used with.
//   4. The gate: a version is registered only when its score is above the threshold and beats the program in
//      use on the same cells (the active version, or the uncalibrated default); the first passing version
//      becomes active, later ones candidates.
import type { CompositeResult, InvalidInput, SeedCompositeOptions } from "@preflight/calibration"
import { driftReport, validationGate } from "@preflight/calibration"
import type { LanguageModel, Module, Prediction } from "@preflight/core-signatures"
import { SeededRandom } from "@preflight/numeric"
import {
  BootstrapFewShotWithRandomSearch,
  type CompileOptions,
  type CompileResult,
  GEPA,
  LabeledFewShot,
  MIPROv2,
  type OptimizationBudget,
  type OptimizerError,
  SIMBA
} from "@preflight/optimizers"
import {
  type Persona,
  type PersonaInputError,
  type PersonaReaction,
  PersonaResponseModule,
  personaResponseInputs
} from "@preflight/personas"
import {
  type Database,
  type DatabaseError,
  type NotFound,
  OptimizationRunStore,
  ProgramRegistry,
  type RowValidationError,
  TrainingExampleStore
} from "@preflight/storage"
import { Data, Effect, Layer, Result } from "effect"
import {
  CALIBRATED_STATE_FORMAT,
  type CalibratedState,
  type CalibrationUnreadable,
  moduleFromState,
  PERSONA_PROGRAM_ID
} from "../calibration/calibrated-program.ts"
import {
  cellLabels,
  cellLogitUplift,
  type HistoryCell,
  historyCells,
  splitCells
} from "../calibration/history-cells.ts"
import { intentAggregate, intentMetric, intentScale, personaExamples } from "../calibration/persona-training.ts"
import {
  type ForecastCell,
  scoreOnValidation,
  validationIntents,
  withForecasts
} from "../calibration/validation-scoring.ts"
import { loadHistory } from "../history/load-history.ts"
import { completeCalibrationRow, failCalibrationRow, startCalibrationRow } from "../persistence/calibration-store.ts"
import { type FitUnreadable, loadLatestFit, type NoFittedModels } from "../persistence/fit-store.ts"
import { groundedPersonas, sampleSegmentMembers } from "../simulation/grounded-personas.ts"
import { UNCALIBRATED_SENSITIVITY } from "../simulation/persona-panel.ts"

export const OPTIMIZER_NAMES = ["mipro", "bootstrap", "labeled", "simba", "gepa"] as const
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number]

/** Campaigns and conversions below which a history cannot calibrate anything. */
export const MIN_TRAINING_CAMPAIGNS = 3
export const MIN_VALIDATION_CAMPAIGNS = 2
export const MIN_TRAINING_CONVERSIONS = 30
/** The gate's default threshold on the validation composite (the seeds': strictly above 0.8). */
export const DEFAULT_GATE_THRESHOLD = 0.8

/** The history cannot support a calibration; `missing` names what is lacking. */
export class CalibrationHistoryInsufficient extends Data.TaggedError("CalibrationHistoryInsufficient")<{
  readonly missing: string
  readonly have: number
  readonly need: number
}> {
  override get message(): string {
    return `not enough history to calibrate: ${this.missing} (have ${this.have}, need ${this.need})`
  }
}

/** The optimizer's name is not one of `OPTIMIZER_NAMES`. */
export class UnknownOptimizer extends Data.TaggedError("UnknownOptimizer")<{ readonly name: string }> {
  override get message(): string {
    return `unknown optimizer "${this.name}"; choose one of ${OPTIMIZER_NAMES.join(", ")}`
  }
}

/**
 * An optimizer of the persona program: any `@preflight/optimizers` optimizer fits (its `compile` takes the
 * program and the compile options calibrate builds); pass one to use an optimizer outside `OPTIMIZER_NAMES`.
 */
export interface PersonaProgramOptimizer {
  readonly name: string
  readonly compile: (
    program: PersonaResponseModule,
    options: CompileOptions<Reaction>
  ) => Effect.Effect<CompileResult<PersonaResponseModule>, OptimizerError, LanguageModel>
}

export interface CalibrateOptions {
  /** A name of `OPTIMIZER_NAMES` (default "mipro"), or an optimizer. */
  readonly optimizer?: string | PersonaProgramOptimizer | undefined
  readonly seed?: number | undefined
  readonly budget?: OptimizationBudget | undefined
  /** Grounded personas per segment in every panel (default 3). */
  readonly personasPerSegment?: number | undefined
  /** Training cells the optimizer sees at most (seeded sample, default 160). */
  readonly maxTrainingCells?: number | undefined
  readonly weights?: { readonly ranking?: number; readonly moments?: number; readonly calibration?: number }
  /** The gate's threshold on the validation composite (default 0.8). */
  readonly threshold?: number | undefined
  /** Use this id for the `calibrations` row (a queued row created by the API or the worker). */
  readonly calibrationId?: string | undefined
  readonly onStage?: ((stage: string) => void) | undefined
}

export interface ScoreSummary {
  readonly score: number
  readonly parts: ReadonlyArray<{ readonly name: string; readonly score: number; readonly weight: number }>
  readonly kappa: number
  /** The registered version scored (null: the uncalibrated default program). */
  readonly programVersion: number | null
}

export interface CalibrationReport {
  readonly calibrationId: string
  readonly fitId: string
  readonly optimizer: string
  readonly seed: number
  readonly examples: {
    readonly trainCells: number
    readonly validationCells: number
    readonly trainCampaigns: number
    readonly validationCampaigns: number
    readonly optimizerExamples: number
    readonly stored: number
  }
  readonly before: ScoreSummary
  readonly after: ScoreSummary & {
    readonly kappaStandardError: number | null
    /** The SMM estimate alone (before the prior) and its standard error; null when not identified. */
    readonly kappaEstimate: number | null
    readonly kappaEstimateStandardError: number | null
    readonly bias: number
  }
  readonly gate: { readonly passed: boolean; readonly threshold: number; readonly reasons: ReadonlyArray<string> }
  /** The version registered, or null when the gate refused (see `gate.reasons`). */
  readonly registered: {
    readonly version: number
    readonly status: "active" | "candidate"
    readonly versionId: string
  } | null
  readonly optimization: {
    readonly runId: string | null
    readonly status: "completed" | "budget_exhausted"
    readonly stoppedBy: string | null
    readonly trials: number
    readonly lmCalls: number
    readonly bestTrainingScore: number | null
  }
  readonly drift: { readonly anyDrift: boolean; readonly drifted: ReadonlyArray<string> }
  readonly programCalls: number
  readonly seconds: number
}

export type CalibrateError =
  | CalibrationHistoryInsufficient
  | UnknownOptimizer
  | NoFittedModels
  | FitUnreadable
  | CalibrationUnreadable
  | PersonaInputError
  | OptimizerError
  | Module.ErrorOf<PersonaResponseModule>
  | InvalidInput
  | RowValidationError
  | NotFound
  | DatabaseError

type Reaction = Prediction<PersonaReaction>

const optimize = (
  optimizer: OptimizerName | PersonaProgramOptimizer,
  program: PersonaResponseModule,
  options: CompileOptions<Reaction>
): Effect.Effect<CompileResult<PersonaResponseModule>, OptimizerError, LanguageModel> => {
  if (typeof optimizer !== "string") return optimizer.compile(program, options)
  switch (optimizer) {
    case "mipro":
      // A small explicit search: the offline persona model answers in microseconds, a hosted model does not,
      // and the budget caps both.
      return new MIPROv2({ auto: null, numCandidates: 4, numTrials: 8, minibatch: false }).compile(program, options)
    case "bootstrap":
      return new BootstrapFewShotWithRandomSearch({ numCandidatePrograms: 6 }).compile(program, options)
    case "labeled":
      return new LabeledFewShot({ k: 8 }).compile(program, options)
    case "simba":
      return new SIMBA({ bsize: 16, maxSteps: 4 }).compile(program, options)
    case "gepa":
      return new GEPA({ maxFullEvals: 4 }).compile(program, options)
  }
}

const summary = (composite: CompositeResult, kappa: number, programVersion: number | null): ScoreSummary => ({
  score: composite.total,
  parts: composite.parts.map((part) => ({ name: part.name, score: part.score, weight: part.weight })),
  kappa,
  programVersion
})

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null)

const campaignCount = (cells: ReadonlyArray<HistoryCell>) => new Set(cells.map((cell) => cell.campaign)).size

/** Training cells for the optimizer: campaigns in time order, the last third its own validation set. */
const optimizerSplit = (train: ReadonlyArray<HistoryCell>, maxCells: number, seed: number) => {
  const random = new SeededRandom(seed).fork("calibration-cells")
  const sampled = train.length <= maxCells ? [...train] : random.sample([...train], maxCells)
  sampled.sort((a, b) => a.sendMs - b.sendMs || (a.key < b.key ? -1 : 1))
  const campaigns = [...new Set(sampled.map((cell) => cell.campaign))]
  const cut = Math.max(1, Math.floor((campaigns.length * 2) / 3))
  const fitting = new Set(campaigns.slice(0, cut))
  return {
    trainset: sampled.filter((cell) => fitting.has(cell.campaign)),
    valset: sampled.filter((cell) => !fitting.has(cell.campaign))
  }
}

const storeExamples = (
  fitId: string,
  cells: { readonly train: ReadonlyArray<HistoryCell>; readonly val: ReadonlyArray<HistoryCell> },
  personasBySegment: ReadonlyMap<string, ReadonlyArray<Persona>>
) =>
  Effect.gen(function* () {
    const store = yield* TrainingExampleStore
    const source = `history/fit/${fitId}`
    // One set per fit: a second calibration against the same fit reuses what the first stored.
    if ((yield* store.count({ programId: PERSONA_PROGRAM_ID, source })) > 0) return 0
    const rows = (["train", "val"] as const).flatMap((split) =>
      cells[split].map((cell) => ({
        programId: PERSONA_PROGRAM_ID,
        source,
        split,
        inputs: {
          campaign: cell.campaign,
          variant: cell.variant,
          segment: cell.segment,
          channel: cell.channel,
          creative_text: cell.text,
          sent_at: new Date(cell.sendMs).toISOString(),
          // The segment as the persona program sees it, and the exposure context of the send.
          persona_profiles: (personasBySegment.get(cell.segment) ?? []).map(
            (persona) => personaResponseInputs(persona, cell.text, cell.channel).persona_profile
          ),
          context: (personasBySegment.get(cell.segment) ?? [])
            .slice(0, 1)
            .map((persona) => personaResponseInputs(persona, cell.text, cell.channel).context)
            .join("")
        },
        labels: cellLabels(cell)
      }))
    )
    yield* store.add(rows)
    return rows.length
  })

/** Calibrates the persona program against the newest fit and registers it when it passes the gate. */
export const calibrate = (
  options: CalibrateOptions = {}
): Effect.Effect<CalibrationReport, CalibrateError, Database | LanguageModel> =>
  Effect.gen(function* () {
    const started = Date.now()
    const seed = options.seed ?? 0
    const optimizer = options.optimizer ?? "mipro"
    const optimizerName = typeof optimizer === "string" ? optimizer : optimizer.name
    if (typeof optimizer === "string" && !(OPTIMIZER_NAMES as ReadonlyArray<string>).includes(optimizer)) {
      return yield* new UnknownOptimizer({ name: optimizer })
    }
    const settings = {
      optimizer: optimizerName,
      seed,
      budget: options.budget ?? {},
      personasPerSegment: options.personasPerSegment ?? 3,
      threshold: options.threshold ?? DEFAULT_GATE_THRESHOLD,
      weights: options.weights ?? {}
    }
    const calibrationId = yield* startCalibrationRow(settings, "running", options.calibrationId)
    return yield* runCalibration(
      calibrationId,
      optimizer as OptimizerName | PersonaProgramOptimizer,
      seed,
      options,
      started
    ).pipe(
      Effect.tapError((error) =>
        failCalibrationRow(calibrationId, { tag: error._tag, message: error.message }).pipe(Effect.ignore)
      )
    )
  }).pipe(
    Effect.provide(Layer.mergeAll(ProgramRegistry.layer, OptimizationRunStore.layer, TrainingExampleStore.layer)),
    Effect.withSpan("Simulator.calibrate")
  )

const runCalibration = (
  calibrationId: string,
  optimizer: OptimizerName | PersonaProgramOptimizer,
  seed: number,
  options: CalibrateOptions,
  started: number
) =>
  Effect.gen(function* () {
    const stage = options.onStage ?? (() => {})
    const optimizerName = typeof optimizer === "string" ? optimizer : optimizer.name
    const registry = yield* ProgramRegistry
    const runs = yield* OptimizationRunStore
    const fit = yield* loadLatestFit()
    stage("reading the history")
    const snapshot = yield* loadHistory()
    const cells = historyCells(snapshot, fit.backbone.attributionWindowDays)
    const validationCampaigns = new Set(fit.backbone.diagnostics.backtest.map((arm) => arm.campaign))
    if (validationCampaigns.size < MIN_VALIDATION_CAMPAIGNS) {
      return yield* new CalibrationHistoryInsufficient({
        missing:
          "validation campaigns forecast out of sample by the fit's backtest (it holds out the last fifth of the completed campaigns once there are at least 13)",
        have: validationCampaigns.size,
        need: MIN_VALIDATION_CAMPAIGNS
      })
    }
    const split = splitCells(cells, validationCampaigns)
    const validation = withForecasts(split.val, fit.backbone.diagnostics.backtest)
    if (campaignCount(split.train) < MIN_TRAINING_CAMPAIGNS) {
      return yield* new CalibrationHistoryInsufficient({
        missing: "training campaigns sent before the validation campaigns",
        have: campaignCount(split.train),
        need: MIN_TRAINING_CAMPAIGNS
      })
    }
    const trainingConversions = split.train.reduce((sum, cell) => sum + cell.conversions, 0)
    if (trainingConversions < MIN_TRAINING_CONVERSIONS) {
      return yield* new CalibrationHistoryInsufficient({
        missing: "attributed conversions in the training campaigns",
        have: trainingConversions,
        need: MIN_TRAINING_CONVERSIONS
      })
    }
    if (campaignCount(validation) < MIN_VALIDATION_CAMPAIGNS) {
      return yield* new CalibrationHistoryInsufficient({
        missing: "validation campaigns with per-segment forecasts (refit with this version: `preflight fit`)",
        have: campaignCount(validation),
        need: MIN_VALIDATION_CAMPAIGNS
      })
    }

    yield* registry.registerProgram({
      programId: PERSONA_PROGRAM_ID,
      name: "Persona response",
      description: "EvaluateCreative, AssessChannelPreference and SimulatePurchaseDecision, calibrated on history"
    })
    stage("sampling grounded personas")
    const segments = [...new Set(cells.map((cell) => cell.segment))].sort()
    const perSegment = options.personasPerSegment ?? 3
    const samples = sampleSegmentMembers(
      fit,
      segments,
      segments.map(() => perSegment),
      seed
    )
    const personaLists = yield* groundedPersonas(fit, samples)
    const personasBySegment = new Map<string, ReadonlyArray<Persona>>(
      segments.map((segment, index) => [segment, personaLists[index] ?? []])
    )

    stage("storing the training examples")
    const stored = yield* storeExamples(fit.fitId, split, personasBySegment)

    const composite: SeedCompositeOptions = options.weights === undefined ? {} : { weights: options.weights }
    const threshold = options.threshold ?? DEFAULT_GATE_THRESHOLD

    // Before: the active version with its own κ, or the uncalibrated default program.
    stage("scoring the program in use on the validation campaigns")
    const active = yield* registry.activeVersion(PERSONA_PROGRAM_ID)
    const activeState = active?.state as CalibratedState | undefined
    const beforeModule =
      active !== undefined && activeState !== undefined
        ? yield* moduleFromState(activeState, active.version)
        : new PersonaResponseModule()
    // The program in use is scored out of sample on every validation campaign, as the new program is (κ
    // cross-fitted by campaign). The uncalibrated default uses its own κ. An active version whose data ended
    // before these campaigns uses the κ it was registered with, exactly as simulations use it (after a change in
    // behaviour a new version then wins by having learnt it); one that learnt from these campaigns has its κ
    // cross-fitted like the new program's, so the same program scores the same and is not registered twice.
    const firstValidationMs = Math.min(...validation.map((cell) => cell.sendMs))
    const activeSawValidation =
      activeState !== undefined &&
      (activeState.dataThrough === undefined || Date.parse(activeState.dataThrough) >= firstValidationMs)
    const beforeIntents = yield* validationIntents(validation, personasBySegment, beforeModule)
    const before = yield* Effect.fromResult(
      scoreOnValidation(validation, beforeIntents.intents, {
        kappa:
          activeState === undefined ? UNCALIBRATED_SENSITIVITY : activeSawValidation ? undefined : activeState.kappa,
        seed,
        composite
      })
    )
    const beforeKappa =
      activeState === undefined
        ? UNCALIBRATED_SENSITIVITY
        : activeSawValidation
          ? before.sensitivity.kappa
          : activeState.kappa

    // Optimize on the training campaigns.
    const scale = intentScale(split.train)
    const { trainset, valset } = optimizerSplit(split.train, options.maxTrainingCells ?? 160, seed)
    const trainExamples = personaExamples(trainset, personasBySegment, scale)
    const valExamples = personaExamples(valset, personasBySegment, scale)
    stage(`optimizing the persona program (${optimizerName}) on ${trainExamples.length + valExamples.length} examples`)
    const optimized = yield* optimize(optimizer, new PersonaResponseModule(), {
      trainset: trainExamples,
      valset: valExamples.length > 0 ? valExamples : undefined,
      metric: intentMetric,
      aggregate: intentAggregate(scale, options.weights),
      seed,
      budget: options.budget,
      log: runs,
      programId: PERSONA_PROGRAM_ID,
      concurrency: 4,
      onProgress: (progress) => {
        if (progress.phase === "done") return
        stage(`optimizing: ${progress.phase} ${progress.step}/${progress.totalSteps}`)
      }
    })

    stage("fitting the intent → probability mapping on the validation campaigns")
    const afterIntents = yield* validationIntents(validation, personasBySegment, optimized.program)
    const after = yield* Effect.fromResult(scoreOnValidation(validation, afterIntents.intents, { seed, composite }))

    const gateDecision = yield* Effect.fromResult(validationGate(after.composite, { threshold }))
    const reasons = [...gateDecision.reasons]
    // It must beat what simulations use today: the active version, or the uncalibrated default program.
    if (!(after.composite.total > before.composite.total)) {
      const inUse = active === undefined ? "the uncalibrated default program" : `the active version ${active.version}`
      reasons.push(
        `it scored ${after.composite.total.toFixed(4)}, not above ${inUse} (${before.composite.total.toFixed(4)}) on the same campaigns`
      )
    }
    const candidate = yield* registry.candidateVersion(PERSONA_PROGRAM_ID)
    if (reasons.length === 0 && candidate !== undefined) {
      reasons.push(`version ${candidate.version} is already a candidate: promote or roll it back first`)
    }

    const drift = driftReport({
      logit_uplift: {
        reference: split.train.map(cellLogitUplift),
        current: split.val.map(cellLogitUplift)
      },
      conversion_rate: {
        reference: split.train.map((cell) => cell.conversions / cell.recipients),
        current: split.val.map((cell) => cell.conversions / cell.recipients)
      }
    })
    const driftSummary = Result.isSuccess(drift)
      ? { anyDrift: drift.success.anyDrift, drifted: drift.success.drifted }
      : { anyDrift: false, drifted: [] }

    let registered: CalibrationReport["registered"] = null
    if (reasons.length === 0) {
      const state: CalibratedState = {
        format: CALIBRATED_STATE_FORMAT,
        program: optimized.program.dumpState(),
        kappa: after.sensitivity.kappa,
        kappaStandardError: Number.isFinite(after.sensitivity.kappaStandardError)
          ? after.sensitivity.kappaStandardError
          : null,
        bias: after.sensitivity.bias,
        intentScale: scale,
        dataThrough: new Date(Math.max(...cells.map((cell) => cell.sendMs))).toISOString(),
        fitId: fit.fitId,
        calibrationId,
        calibratedAt: new Date().toISOString(),
        validation: {
          score: after.composite.total,
          parts: summary(after.composite, after.sensitivity.kappa, null).parts,
          campaigns: campaignCount(validation),
          cells: validation.length
        },
        drift: driftSummary
      }
      const status = active === undefined ? "active" : "candidate"
      const version = yield* registry.addVersion({
        programId: PERSONA_PROGRAM_ID,
        state,
        status,
        score: after.composite.total,
        parentVersionId: active?.versionId ?? null,
        createdByRunId: optimized.runId
      })
      registered = { version: version.version, status, versionId: version.versionId }
    }

    const report: CalibrationReport = {
      calibrationId,
      fitId: fit.fitId,
      optimizer: optimizerName,
      seed,
      examples: {
        trainCells: split.train.length,
        validationCells: validation.length,
        trainCampaigns: campaignCount(split.train),
        validationCampaigns: campaignCount(validation),
        optimizerExamples: trainExamples.length + valExamples.length,
        stored
      },
      before: summary(before.composite, beforeKappa, active?.version ?? null),
      after: {
        ...summary(after.composite, after.sensitivity.kappa, registered?.version ?? null),
        kappaStandardError: finiteOrNull(after.sensitivity.kappaStandardError),
        kappaEstimate: finiteOrNull(after.sensitivity.kappaEstimate),
        kappaEstimateStandardError: finiteOrNull(after.sensitivity.kappaEstimateStandardError),
        bias: after.sensitivity.bias
      },
      gate: { passed: reasons.length === 0, threshold, reasons },
      registered,
      optimization: {
        runId: optimized.runId,
        status: optimized.status,
        stoppedBy: optimized.stoppedBy,
        trials: optimized.trials.length,
        lmCalls: optimized.cost.lmCalls,
        bestTrainingScore: optimized.score
      },
      drift: driftSummary,
      programCalls: beforeIntents.programCalls + afterIntents.programCalls,
      seconds: (Date.now() - started) / 1000
    }
    yield* completeCalibrationRow(calibrationId, {
      fitId: fit.fitId,
      runId: optimized.runId,
      versionId: registered?.versionId ?? null,
      report
    })
    return report
  })

/** The validation cells a calibration scores on (exported for tests and the accuracy bench). */
export type { ForecastCell }
