// Which persona program version serves a simulation. Without a canary, the active version. During a canary,
// the calibration package's sticky assignment: a routing unit (the campaign the simulation is for) always gets
// the same arm of an experiment, so every simulation of one campaign is served by one version and the results
// reported for that campaign judge that version.
import { type CanaryExperiment, routeUnit, type VersionRecord } from "@preflight/calibration"
import { type Database, type DatabaseError, type NotFound, ProgramRegistry } from "@preflight/storage"
import { Effect } from "effect"
import {
  type ActiveCalibration,
  activeCalibration,
  type CalibrationUnreadable,
  calibrationOfVersion,
  PERSONA_PROGRAM_ID
} from "../calibration/calibrated-program.ts"
import { runningExperiment } from "../persistence/canary-store.ts"
import { routingUnitOf } from "./routing-unit.ts"

export interface SimulationRouting {
  /** The routing unit, while an experiment runs (null otherwise: nothing was routed). */
  readonly unit: string | null
  /** The running experiment the simulation took part in, if any. */
  readonly experimentId: string | null
  /** The program version that served it (null: the uncalibrated default). */
  readonly versionId: string | null
}

export interface ServedProgram {
  readonly calibration: ActiveCalibration | undefined
  readonly routing: SimulationRouting
}

/** The registry as the calibration package's canary functions read it. */
export const versionRecords = Effect.fn("Simulator.versionRecords")(function* () {
  const registry = yield* ProgramRegistry
  const versions = yield* registry.listVersions(PERSONA_PROGRAM_ID)
  return versions.map(
    (version): VersionRecord => ({ id: version.versionId, status: version.status, traffic: version.trafficShare })
  )
})

const routedVersion = (experiment: CanaryExperiment, unit: string) =>
  Effect.gen(function* () {
    const registry = yield* ProgramRegistry
    const versionId = routeUnit(yield* versionRecords(), experiment, unit) ?? experiment.activeId
    return yield* registry.getVersion(versionId)
  })

/** The version that serves a simulation of `input` (an unvalidated request), and how it was chosen. */
export const servedProgram = (
  input: unknown
): Effect.Effect<ServedProgram, CalibrationUnreadable | NotFound | DatabaseError, Database> =>
  Effect.gen(function* () {
    const running = yield* runningExperiment(PERSONA_PROGRAM_ID)
    // An experiment the registry no longer matches (a promote or rollback by hand) routes nothing; the next
    // canary tick ends it.
    const records = running === undefined ? [] : yield* versionRecords()
    const statusOf = (id: string) => records.find((version) => version.id === id)?.status
    const experiment =
      running !== undefined &&
      statusOf(running.activeVersionId) === "active" &&
      statusOf(running.candidateVersionId) === "candidate"
        ? running
        : undefined
    if (experiment === undefined) {
      const active = yield* activeCalibration()
      return {
        calibration: active,
        routing: { unit: null, experimentId: null, versionId: active?.versionId ?? null }
      }
    }
    // The request is decoded again only while a canary runs, to find its campaign.
    const unit = routingUnitOf(input)
    const version = yield* routedVersion(experiment.state, unit)
    const calibration = yield* calibrationOfVersion(version)
    return {
      calibration,
      routing: { unit, experimentId: experiment.experimentId, versionId: version.versionId }
    }
  }).pipe(Effect.provide(ProgramRegistry.layer), Effect.withSpan("Simulator.servedProgram"))
