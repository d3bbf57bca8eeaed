// The learning loop's step (the worker's `optimize` queue, daily; `preflight learn`):
//   actual outcomes in the history → drift check against the active calibration's data → a buffer of new
//   training examples (cells of campaigns completed since) → when the buffer reaches the threshold: a refit,
//   so the backtest's validation campaigns are the newest ones, and a calibration gated against the active
//   version → the new version is a candidate → a canary (use-cases/canary.ts) decides on live feedback.
// Feedback on simulations becomes training examples on the way (learning/feedback-examples.ts).
// Nothing is re-optimized while a canary runs: one experiment at a time.
import type { CanaryPolicy } from "@preflight/calibration"
import type { CausalInputError } from "@preflight/causal"
import type { LanguageModel } from "@preflight/core-signatures"
import type { OptimizationBudget } from "@preflight/optimizers"
import { type Database, ProgramRegistry, TrainingExampleStore } from "@preflight/storage"
import { Effect, Layer } from "effect"
import { activeCalibration, PERSONA_PROGRAM_ID } from "../calibration/calibrated-program.ts"
import type { CreativeReader } from "../features/creative-reader.ts"
import { collectFeedbackExamples, type FeedbackExamplesReport } from "../learning/feedback-examples.ts"
import { type ObservedOutcomes, observeOutcomes } from "../learning/outcome-buffer.ts"
import type { InsufficientHistory } from "../models/fit-backbone.ts"
import { type CalibrateError, type CalibrationReport, calibrate, type PersonaProgramOptimizer } from "./calibrate.ts"
import { type CanaryError, type CanaryStarted, currentExperiment, startCanary } from "./canary.ts"
import { fit } from "./fit.ts"

/** New cells that trigger a re-optimization (the default). */
export const DEFAULT_BUFFER_THRESHOLD = 100

export interface LearnOptions {
  readonly reader: CreativeReader
  readonly bufferThreshold?: number | undefined
  readonly seed?: number | undefined
  readonly optimizer?: string | PersonaProgramOptimizer | undefined
  readonly budget?: OptimizationBudget | undefined
  /** The calibration gate's threshold. */
  readonly threshold?: number | undefined
  readonly canaryPolicy?: CanaryPolicy | undefined
  /** Rows the refit trains on at most (the fit's default otherwise). */
  readonly maxTrainingRows?: number | undefined
  readonly feedbackQualityThreshold?: number | undefined
  readonly onStage?: ((stage: string) => void) | undefined
}

export type LearnError = CalibrateError | CanaryError | InsufficientHistory | CausalInputError

export type LearnAction =
  /** Nothing is calibrated yet: `calibrate` first. */
  | "no-active-program"
  /** A canary is running; its outcome comes first. */
  | "canary-running"
  /** The buffer is below the threshold. */
  | "waiting"
  /** Re-optimized, but the gate kept the active version (see calibration.gate.reasons). */
  | "candidate-refused"
  | "canary-started"

export interface LearnReport {
  readonly action: LearnAction
  readonly reasons: ReadonlyArray<string>
  readonly buffer: {
    readonly cells: number
    readonly campaigns: number
    readonly threshold: number
    readonly stored: number
    readonly dataThrough: string | null
  } | null
  readonly drift: ObservedOutcomes["drift"] | null
  readonly feedback: FeedbackExamplesReport | null
  readonly refit: { readonly fitId: string; readonly seconds: number } | null
  readonly calibration: CalibrationReport | null
  readonly canary: CanaryStarted | null
}

const idle = (action: LearnAction, reasons: ReadonlyArray<string>): LearnReport => ({
  action,
  reasons,
  buffer: null,
  drift: null,
  feedback: null,
  refit: null,
  calibration: null,
  canary: null
})

/** One step of the learning loop (see the file's header). */
export const learn = (options: LearnOptions): Effect.Effect<LearnReport, LearnError, Database | LanguageModel> =>
  Effect.gen(function* () {
    const stage = options.onStage ?? (() => {})
    const threshold = options.bufferThreshold ?? DEFAULT_BUFFER_THRESHOLD
    const running = yield* currentExperiment()
    if (running !== undefined) {
      return idle("canary-running", [
        `experiment ${running.experimentId} is deciding between the active version and a candidate`
      ])
    }
    const active = yield* activeCalibration()
    if (active === undefined) {
      return idle("no-active-program", ["no calibrated program is active yet: run `preflight calibrate` first"])
    }
    // A candidate registered outside the loop (`preflight calibrate`, the API) is put in canary first.
    const waiting = yield* Effect.flatMap(ProgramRegistry, (registry) => registry.candidateVersion(PERSONA_PROGRAM_ID))
    if (waiting !== undefined) {
      stage("starting the canary of the waiting candidate")
      const canary = yield* startCanary(options.canaryPolicy)
      return {
        ...idle("canary-started", [
          `version ${canary.candidateVersion} was registered as a candidate without a canary; it now serves ${canary.candidateShare} of the campaigns`
        ]),
        canary
      } satisfies LearnReport
    }
    stage("reading the outcomes since the last calibration")
    const observed = yield* observeOutcomes(active)
    stage("turning feedback into training examples")
    const feedback = yield* collectFeedbackExamples(options.feedbackQualityThreshold)
    const buffer = {
      cells: observed.newCells.length,
      campaigns: observed.newCampaigns,
      threshold,
      stored: observed.stored,
      dataThrough: observed.dataThrough
    }
    const base = { buffer, drift: observed.drift, feedback, refit: null, calibration: null, canary: null }
    const driftNote = observed.drift.anyDrift ? `drift in ${observed.drift.drifted.join(", ")}` : "no drift"
    if (observed.newCells.length < threshold) {
      return {
        ...base,
        action: "waiting",
        reasons: [
          `${observed.newCells.length} new cells from ${observed.newCampaigns} campaigns since ${observed.dataThrough}; re-optimizing at ${threshold} (${driftNote})`
        ]
      } satisfies LearnReport
    }
    stage("refitting on the whole history")
    const refit = yield* fit({
      reader: options.reader,
      ...(options.maxTrainingRows === undefined ? {} : { maxTrainingRows: options.maxTrainingRows })
    })
    stage("re-optimizing the persona program")
    const calibration = yield* calibrate({
      seed: options.seed,
      optimizer: options.optimizer,
      budget: options.budget,
      threshold: options.threshold,
      onStage: stage
    })
    const refitSummary = { fitId: refit.fitId, seconds: refit.seconds }
    if (calibration.registered?.status !== "candidate") {
      return {
        ...base,
        refit: refitSummary,
        calibration,
        action: "candidate-refused",
        reasons: [`${driftNote}; the active version stays`, ...calibration.gate.reasons]
      } satisfies LearnReport
    }
    stage("starting the canary")
    const canary = yield* startCanary(options.canaryPolicy)
    return {
      ...base,
      refit: refitSummary,
      calibration,
      canary,
      action: "canary-started",
      reasons: [
        `${driftNote}; version ${canary.candidateVersion} beat version ${canary.activeVersion} on the newest campaigns (${calibration.after.score.toFixed(4)} against ${calibration.before.score.toFixed(4)}) and serves ${canary.candidateShare} of the campaigns`
      ]
    } satisfies LearnReport
  }).pipe(
    Effect.provide(Layer.mergeAll(TrainingExampleStore.layer, ProgramRegistry.layer)),
    Effect.withSpan("Simulator.learn")
  )
