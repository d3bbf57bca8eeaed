// A calibrated persona program as the registry stores it (a program version's `state`): the optimized program's
// state (its demos and instructions), the fitted intent → probability mapping, and how it scored on the
// validation campaigns. `activeCalibration` loads the active version into what `simulate` needs: the persona
// module, the panel options and the calibration status the response reports.
import { PersonaResponseModule } from "@preflight/personas"
import { Database, type DatabaseError, ProgramRegistry, type ProgramVersionRow } from "@preflight/storage"
import { Data, Effect, Result } from "effect"
import type { CalibrationStatus } from "../simulation/assemble-response.ts"
import type { PersonaPanelOptions } from "../simulation/persona-panel.ts"

/** The registry's id of the persona program simulations use. */
export const PERSONA_PROGRAM_ID = "persona-response"
export const CALIBRATED_STATE_FORMAT = 1

export interface CompositePartSummary {
  readonly name: string
  readonly score: number
  readonly weight: number
}

export interface CalibratedState {
  readonly format: number
  /** `PersonaResponseModule.dumpState()` of the optimized program. */
  readonly program: unknown
  /** Logit shift per unit of centred intent, and its standard error (null when not identified). */
  readonly kappa: number
  readonly kappaStandardError: number | null
  /** The forecast's level bias on the validation campaigns (logit; reported, not applied). */
  readonly bias: number
  readonly intentScale: number
  /**
   * First send of the newest campaign the calibration learnt from (ISO 8601): later campaigns are what the
   * learning loop buffers and checks for drift. Absent in versions registered before the loop existed.
   */
  readonly dataThrough?: string | undefined
  readonly fitId: string
  readonly calibrationId: string
  readonly calibratedAt: string
  readonly validation: {
    readonly score: number
    readonly parts: ReadonlyArray<CompositePartSummary>
    readonly campaigns: number
    readonly cells: number
  }
  readonly drift: { readonly anyDrift: boolean; readonly drifted: ReadonlyArray<string> }
}

/** A stored version this release cannot read (another format, or a program state that does not load). */
export class CalibrationUnreadable extends Data.TaggedError("CalibrationUnreadable")<{
  readonly version: number
  readonly reason: string
}> {
  override get message(): string {
    return `program version ${this.version} cannot be used: ${this.reason}; run \`preflight calibrate\` again`
  }
}

export interface ActiveCalibration {
  readonly version: number
  readonly versionId: string
  readonly state: CalibratedState
  readonly module: PersonaResponseModule
  readonly panelOptions: PersonaPanelOptions
  readonly status: CalibrationStatus
}

/** The persona module with a calibrated state loaded. */
export const moduleFromState = (state: CalibratedState, version: number) =>
  Effect.gen(function* () {
    const module = new PersonaResponseModule()
    const loaded = module.loadState(state.program)
    if (Result.isFailure(loaded)) {
      return yield* new CalibrationUnreadable({ version, reason: loaded.failure.message })
    }
    return module
  })

const isCalibratedState = (value: unknown): value is CalibratedState =>
  typeof value === "object" &&
  value !== null &&
  (value as { format?: unknown }).format === CALIBRATED_STATE_FORMAT &&
  typeof (value as { kappa?: unknown }).kappa === "number"

/** The active calibrated version, loaded, or undefined when none was registered yet. */
export const activeCalibration = (): Effect.Effect<
  ActiveCalibration | undefined,
  CalibrationUnreadable | DatabaseError,
  Database
> =>
  Effect.gen(function* () {
    // A database whose migrations never ran has no registry, hence no calibration: the fit's absence is then
    // what simulate reports, with the command that creates it.
    const database = yield* Database
    const [tables] = yield* database.query<{ present: boolean }>(
      "SELECT to_regclass('program_versions') IS NOT NULL AS present"
    )
    if (tables?.present !== true) return undefined
    const registry = yield* ProgramRegistry
    const active = yield* registry.activeVersion(PERSONA_PROGRAM_ID)
    if (active === undefined) return undefined
    return yield* calibrationOfVersion(active)
  }).pipe(Effect.provide(ProgramRegistry.layer), Effect.withSpan("Simulator.activeCalibration"))

/** Any registered version (active, candidate or retired) loaded into what `simulate` needs. */
export const calibrationOfVersion = (
  row: Pick<ProgramVersionRow, "version" | "versionId" | "state">
): Effect.Effect<ActiveCalibration, CalibrationUnreadable> =>
  Effect.gen(function* () {
    if (!isCalibratedState(row.state)) {
      return yield* new CalibrationUnreadable({
        version: row.version,
        reason: `its state is not a calibrated persona program of format ${CALIBRATED_STATE_FORMAT}`
      })
    }
    const state = row.state
    const module = yield* moduleFromState(state, row.version)
    return {
      version: row.version,
      versionId: row.versionId,
      state,
      module,
      panelOptions: { module, sensitivity: state.kappa, programVersion: row.version },
      status: {
        historicalAccuracy: state.validation.score,
        driftDetected: state.drift.anyDrift,
        lastCalibration: state.calibratedAt,
        programVersion: row.version
      }
    }
  })
