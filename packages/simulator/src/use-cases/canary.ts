// The canary of a new persona program version (issue: the learning loop). `startCanary` puts a registered
// candidate on the first traffic step of a policy; `canaryTick` (hourly in the worker) reads each arm's
// feedback, asks the calibration package's `decideCanary` (minimum feedback per arm, the always-valid sequential
// test, traffic steps, a horizon) and applies its decision to the registry: hold, step up, promote or roll back.
// The registry change and the experiment's log are written in one transaction.

import { createHash } from "node:crypto"
import {
  type CanaryAction,
  type CanaryPolicy,
  DEFAULT_CANARY_POLICY,
  decideCanary,
  ExperimentAlreadyRunning,
  type InvalidInput,
  type InvalidVersionState,
  startCanary as startCanaryExperiment
} from "@preflight/calibration"
import {
  Database,
  type DatabaseError,
  type NotFound,
  ProgramRegistry,
  type RowValidationError
} from "@preflight/storage"
import { Data, Effect } from "effect"
import { PERSONA_PROGRAM_ID } from "../calibration/calibrated-program.ts"
import { armFeedback } from "../learning/canary-feedback.ts"
import { versionRecords } from "../learning/program-routing.ts"
import { type ExperimentRow, insertExperiment, recordDecision, runningExperiment } from "../persistence/canary-store.ts"

/** There is no candidate version to put in canary. */
export class NoCandidateVersion extends Data.TaggedError("NoCandidateVersion")<{ readonly programId: string }> {
  override get message(): string {
    return `program ${this.programId} has no candidate version to put in canary; calibrate first`
  }
}

export type CanaryError =
  | NoCandidateVersion
  | InvalidInput
  | InvalidVersionState
  | ExperimentAlreadyRunning
  | RowValidationError
  | NotFound
  | DatabaseError

/**
 * The running experiment, if it still describes the registry. A promote or rollback by hand (`preflight
 * programs`, the API) changes the registry outside the canary: the experiment then ends, logged as decided by
 * hand, with the status the registry shows (its candidate active: promoted; otherwise rolled back).
 */
export const currentExperiment = (): Effect.Effect<ExperimentRow | undefined, DatabaseError, Database> =>
  Effect.gen(function* () {
    const experiment = yield* runningExperiment(PERSONA_PROGRAM_ID)
    if (experiment === undefined) return undefined
    const versions = yield* versionRecords()
    const statusOf = (id: string) => versions.find((version) => version.id === id)?.status
    const candidate = statusOf(experiment.candidateVersionId)
    if (statusOf(experiment.activeVersionId) === "active" && candidate === "candidate") return experiment
    const status = candidate === "active" ? "promoted" : "rolled_back"
    yield* recordDecision(
      experiment.experimentId,
      {
        decidedAt: new Date().toISOString(),
        action: status === "promoted" ? "promote" : "rollback",
        reasons: ["decided by hand: the registry changed outside the canary"],
        feedback: { active: 0, candidate: 0 }
      },
      { state: undefined, status }
    )
    return undefined
  }).pipe(Effect.provide(ProgramRegistry.layer))

/**
 * The experiment's id, derived from the versions it compares: sticky assignment hashes it with each routing
 * unit, so the same registry routes the same campaigns the same way on every run. A candidate is a new version
 * number, so no two experiments share an id.
 */
export const experimentIdFor = (activeVersion: number, candidateVersion: number): string => {
  const hex = createHash("sha256")
    .update(`${PERSONA_PROGRAM_ID}\u0000${activeVersion}\u0000${candidateVersion}`)
    .digest("hex")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

export interface CanaryStarted {
  readonly experimentId: string
  readonly activeVersion: number
  readonly candidateVersion: number
  readonly candidateShare: number
}

/** Starts a canary of the program's candidate version against its active version. */
export const startCanary = (
  policy: CanaryPolicy = DEFAULT_CANARY_POLICY
): Effect.Effect<CanaryStarted, CanaryError, Database> =>
  Effect.gen(function* () {
    const database = yield* Database
    const registry = yield* ProgramRegistry
    return yield* database.transaction(
      Effect.gen(function* () {
        const candidate = yield* registry.candidateVersion(PERSONA_PROGRAM_ID)
        const active = yield* registry.activeVersion(PERSONA_PROGRAM_ID)
        if (candidate === undefined || active === undefined) {
          return yield* new NoCandidateVersion({ programId: PERSONA_PROGRAM_ID })
        }
        const running = yield* currentExperiment()
        if (running !== undefined) {
          return yield* new ExperimentAlreadyRunning({ runningCandidateId: running.candidateVersionId })
        }
        // The registry already holds the candidate (calibrate registered it); the experiment starts from the
        // registry without it, as the calibration package's state machine expects a new version.
        const others = (yield* versionRecords()).filter((version) => version.id !== candidate.versionId)
        const experimentId = experimentIdFor(active.version, candidate.version)
        const started = yield* Effect.fromResult(
          startCanaryExperiment({ registry: others, candidateId: candidate.versionId, experimentId, policy })
        )
        const share = started.registry.find((version) => version.id === candidate.versionId)?.traffic ?? 0
        yield* registry.setCandidateTraffic(PERSONA_PROGRAM_ID, share)
        yield* insertExperiment({
          experimentId,
          programId: PERSONA_PROGRAM_ID,
          activeVersionId: active.versionId,
          candidateVersionId: candidate.versionId,
          policy,
          state: started.experiment
        })
        return {
          experimentId,
          activeVersion: active.version,
          candidateVersion: candidate.version,
          candidateShare: share
        }
      })
    )
  }).pipe(Effect.provide(ProgramRegistry.layer), Effect.withSpan("Simulator.startCanary"))

export interface CanaryTickReport {
  /** "none" when no experiment runs. */
  readonly action: CanaryAction | "none"
  readonly experimentId: string | null
  readonly reasons: ReadonlyArray<string>
  readonly feedback: { readonly active: number; readonly candidate: number; readonly awaiting: number }
  readonly candidateShare: number | null
  /** The sequential test at this look (absent below the minimum feedback). */
  readonly test: {
    readonly effect: number
    readonly pValue: number
    readonly confidenceInterval: readonly [number, number]
  } | null
}

const endStatus = (action: CanaryAction) =>
  action === "promote" ? "promoted" : action === "rollback" ? "rolled_back" : "running"

/** One look at the running canary: decide from the feedback so far and apply the decision. */
export const canaryTick = (): Effect.Effect<CanaryTickReport, CanaryError, Database> =>
  Effect.gen(function* () {
    const database = yield* Database
    const registry = yield* ProgramRegistry
    const experiment = yield* currentExperiment()
    if (experiment === undefined) {
      return {
        action: "none",
        experimentId: null,
        reasons: ["no canary is running"],
        feedback: { active: 0, candidate: 0, awaiting: 0 },
        candidateShare: null,
        test: null
      } satisfies CanaryTickReport
    }
    const active = yield* registry.getVersion(experiment.activeVersionId)
    const candidate = yield* registry.getVersion(experiment.candidateVersionId)
    const feedback = yield* armFeedback({
      startedAt: experiment.startedAt,
      activeVersion: active.version,
      candidateVersion: candidate.version
    })
    return yield* database.transaction(
      Effect.gen(function* () {
        const decision = yield* Effect.fromResult(
          decideCanary({
            registry: yield* versionRecords(),
            experiment: experiment.state,
            feedback: { active: feedback.active, candidate: feedback.candidate },
            policy: experiment.policy
          })
        )
        switch (decision.action) {
          case "step_up": {
            const share = decision.registry.find((version) => version.id === experiment.candidateVersionId)?.traffic
            yield* registry.setCandidateTraffic(PERSONA_PROGRAM_ID, share ?? 0)
            break
          }
          case "promote":
            yield* registry.promote(PERSONA_PROGRAM_ID)
            break
          case "rollback":
            yield* registry.rollback(PERSONA_PROGRAM_ID)
            break
          case "hold":
            break
        }
        yield* recordDecision(
          experiment.experimentId,
          {
            decidedAt: new Date().toISOString(),
            action: decision.action,
            reasons: decision.reasons,
            feedback: { active: feedback.active.count, candidate: feedback.candidate.count }
          },
          { state: decision.experiment, status: endStatus(decision.action) }
        )
        const candidateAfter = decision.registry.find((version) => version.id === experiment.candidateVersionId)
        return {
          action: decision.action,
          experimentId: experiment.experimentId,
          reasons: decision.reasons,
          feedback: {
            active: feedback.active.count,
            candidate: feedback.candidate.count,
            awaiting: feedback.awaiting
          },
          candidateShare: candidateAfter?.traffic ?? null,
          test:
            decision.test === undefined
              ? null
              : {
                  effect: decision.test.effect,
                  pValue: decision.test.pValue,
                  confidenceInterval: decision.test.confidenceInterval
                }
        } satisfies CanaryTickReport
      })
    )
  }).pipe(Effect.provide(ProgramRegistry.layer), Effect.withSpan("Simulator.canaryTick"))
