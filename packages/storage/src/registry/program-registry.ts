// `ProgramRegistry`: programs and their versions. A version holds a program's state JSON (what
// `program.dumpState()` returns), its status (active | candidate | deprecated | rolled_back), its traffic share
// for canaries, its lineage, its score and the optimization run that created it. The schema allows at most one
// active and one candidate version per program; promote, roll back and traffic changes are transactions.
import { Context, Effect, Layer } from "effect"
import { z } from "zod"
import { Database } from "../database.ts"
import { type DatabaseError, NotFound, type RowValidationError } from "../errors.ts"
import {
  jsonParam,
  readDate,
  readJson,
  readNumber,
  readOptionalNumber,
  readOptionalText,
  validateOne
} from "./registry-values.ts"

export const PROGRAM_VERSION_STATUSES = ["active", "candidate", "deprecated", "rolled_back"] as const
export type ProgramVersionStatus = (typeof PROGRAM_VERSION_STATUSES)[number]

/** A registered program. */
export interface ProgramRow {
  readonly programId: string
  readonly name: string
  readonly description: string | null
  readonly createdAt: Date
}

/** One version of a program. */
export interface ProgramVersionRow {
  readonly versionId: string
  readonly programId: string
  /** 1, 2, 3, ... per program, in creation order. */
  readonly version: number
  readonly state: unknown
  readonly status: ProgramVersionStatus
  readonly trafficShare: number
  readonly parentVersionId: string | null
  /** The version this one replaced when it was promoted (restored by a rollback). */
  readonly previousActiveVersionId: string | null
  readonly score: number | null
  readonly createdByRunId: string | null
  readonly createdAt: Date
  readonly statusChangedAt: Date
}

const uuid = z.uuid({ error: "expected a UUID" })

const NewProgram = z.strictObject({
  programId: z.string().min(1).max(200),
  name: z.string().min(1),
  description: z.string().nullish()
})
export type NewProgram = z.input<typeof NewProgram>

const NewProgramVersion = z.strictObject({
  programId: z.string().min(1),
  state: z.unknown().refine((value) => value !== undefined, { error: "is required" }),
  status: z.enum(["active", "candidate"]).default("candidate"),
  trafficShare: z.number().min(0).max(1).optional(),
  parentVersionId: uuid.nullish(),
  score: z.number().refine(Number.isFinite, { error: "must be finite" }).nullish(),
  createdByRunId: uuid.nullish()
})
/** A new version: `status` "candidate" (default) or "active" (the first version of a program). */
export type NewProgramVersion = z.input<typeof NewProgramVersion>

/** What a rollback did: which version was rolled back and which one is active now. */
export interface RollbackResult {
  readonly rolledBack: ProgramVersionRow
  readonly active: ProgramVersionRow
}

export interface ProgramRegistryShape {
  /** Registers a program, or updates its name and description if it exists. */
  readonly registerProgram: (program: NewProgram) => Effect.Effect<ProgramRow, RowValidationError | DatabaseError>
  readonly getProgram: (programId: string) => Effect.Effect<ProgramRow, NotFound | DatabaseError>
  readonly listPrograms: () => Effect.Effect<ReadonlyArray<ProgramRow>, DatabaseError>
  /**
   * Adds a version (numbered after the program's last one). A second candidate or a second active version
   * fails with ConstraintViolation (`program_versions_one_candidate` / `_one_active`).
   */
  readonly addVersion: (
    version: NewProgramVersion
  ) => Effect.Effect<ProgramVersionRow, RowValidationError | NotFound | DatabaseError>
  readonly getVersion: (versionId: string) => Effect.Effect<ProgramVersionRow, NotFound | DatabaseError>
  /** Versions of a program, newest first. */
  readonly listVersions: (programId: string) => Effect.Effect<ReadonlyArray<ProgramVersionRow>, DatabaseError>
  readonly activeVersion: (programId: string) => Effect.Effect<ProgramVersionRow | undefined, DatabaseError>
  readonly candidateVersion: (programId: string) => Effect.Effect<ProgramVersionRow | undefined, DatabaseError>
  /** Sets the candidate's traffic share and gives the active version the rest, in one transaction. */
  readonly setCandidateTraffic: (
    programId: string,
    candidateShare: number
  ) => Effect.Effect<
    { readonly candidate: ProgramVersionRow; readonly active: ProgramVersionRow | undefined },
    RowValidationError | NotFound | DatabaseError
  >
  /** Candidate → active (traffic 1), previous active → deprecated (traffic 0), in one transaction. */
  readonly promote: (programId: string) => Effect.Effect<ProgramVersionRow, NotFound | DatabaseError>
  /**
   * In one transaction: with a candidate, the candidate is rolled back and the active version takes all the
   * traffic; without one, the active version is rolled back and the version it replaced is active again.
   */
  readonly rollback: (programId: string) => Effect.Effect<RollbackResult, NotFound | DatabaseError>
  /**
   * Makes version `version` of a program active by hand (`preflight programs promote|rollback <version>`), in one
   * transaction: the active version becomes `rolled_back` when the target is older than it, else `deprecated`.
   * Activating the active version changes nothing.
   */
  readonly activate: (programId: string, version: number) => Effect.Effect<ProgramVersionRow, NotFound | DatabaseError>
}

const VERSION_COLUMNS = `version_id::text AS version_id, program_id, version, state::text AS state, status, traffic_share,
  parent_version_id::text AS parent_version_id, previous_active_version_id::text AS previous_active_version_id, score,
  created_by_run_id::text AS created_by_run_id, created_at, status_changed_at`

const decodeProgram = (row: Record<string, unknown>): ProgramRow => ({
  programId: String(row.program_id),
  name: String(row.name),
  description: readOptionalText(row.description),
  createdAt: readDate(row.created_at)
})

const decodeVersion = (row: Record<string, unknown>): ProgramVersionRow => ({
  versionId: String(row.version_id),
  programId: String(row.program_id),
  version: readNumber(row.version),
  state: readJson(row.state),
  status: String(row.status) as ProgramVersionStatus,
  trafficShare: readNumber(row.traffic_share),
  parentVersionId: readOptionalText(row.parent_version_id),
  previousActiveVersionId: readOptionalText(row.previous_active_version_id),
  score: readOptionalNumber(row.score),
  createdByRunId: readOptionalText(row.created_by_run_id),
  createdAt: readDate(row.created_at),
  statusChangedAt: readDate(row.status_changed_at)
})

export const makeProgramRegistry = Effect.gen(function* () {
  const db = yield* Database

  const versionWhere = (where: string, params: ReadonlyArray<string>) =>
    Effect.map(
      db.query<Record<string, unknown>>(`SELECT ${VERSION_COLUMNS} FROM program_versions WHERE ${where}`, params),
      (rows) => rows.map(decodeVersion)
    )

  const getProgram = (programId: string) =>
    db
      .query<Record<string, unknown>>(
        "SELECT program_id, name, description, created_at FROM programs WHERE program_id = $1",
        [programId]
      )
      .pipe(
        Effect.flatMap((rows) => {
          const row = rows[0]
          return row === undefined
            ? Effect.fail(new NotFound({ entity: "program", id: programId }))
            : Effect.succeed(decodeProgram(row))
        }),
        Effect.withSpan("ProgramRegistry.getProgram")
      )

  /** Locks the program row for the rest of the transaction (serializes promotions of one program). */
  const lockProgram = (programId: string) =>
    Effect.flatMap(db.query("SELECT program_id FROM programs WHERE program_id = $1 FOR UPDATE", [programId]), (rows) =>
      rows.length === 0 ? Effect.fail(new NotFound({ entity: "program", id: programId })) : Effect.void
    )

  const withStatus = (programId: string, status: ProgramVersionStatus) =>
    Effect.map(versionWhere("program_id = $1 AND status = $2", [programId, status]), (rows) => rows[0])

  const setStatus = (
    versionId: string,
    status: ProgramVersionStatus,
    trafficShare: number,
    previousActive?: string | null
  ) =>
    Effect.map(
      db.query<Record<string, unknown>>(
        `UPDATE program_versions SET status = $2, traffic_share = $3, status_changed_at = now()${
          previousActive === undefined ? "" : ", previous_active_version_id = $4"
        } WHERE version_id = $1 RETURNING ${VERSION_COLUMNS}`,
        previousActive === undefined
          ? [versionId, status, trafficShare]
          : [versionId, status, trafficShare, previousActive]
      ),
      (rows) => decodeVersion(rows[0] ?? {})
    )

  const registry: ProgramRegistryShape = {
    registerProgram: (program) =>
      Effect.gen(function* () {
        const valid = yield* validateOne("programs", NewProgram, program)
        const rows = yield* db.query<Record<string, unknown>>(
          `INSERT INTO programs (program_id, name, description) VALUES ($1, $2, $3)
           ON CONFLICT (program_id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description
           RETURNING program_id, name, description, created_at`,
          [valid.programId, valid.name, valid.description ?? null]
        )
        return decodeProgram(rows[0] ?? {})
      }).pipe(Effect.withSpan("ProgramRegistry.registerProgram")),

    getProgram,

    listPrograms: () =>
      db
        .query<Record<string, unknown>>(
          "SELECT program_id, name, description, created_at FROM programs ORDER BY program_id"
        )
        .pipe(
          Effect.map((rows) => rows.map(decodeProgram)),
          Effect.withSpan("ProgramRegistry.listPrograms")
        ),

    addVersion: (version) =>
      Effect.gen(function* () {
        const valid = yield* validateOne("program_versions", NewProgramVersion, version)
        return yield* db.transaction(
          Effect.gen(function* () {
            yield* lockProgram(valid.programId)
            const rows = yield* db.query<Record<string, unknown>>(
              `INSERT INTO program_versions
                 (program_id, version, state, status, traffic_share, parent_version_id, score, created_by_run_id)
               SELECT $1::varchar, COALESCE(MAX(version), 0) + 1, $2::text::jsonb, $3::varchar, $4::float8, $5::uuid,
                      $6::float8, $7::uuid
                 FROM program_versions WHERE program_id = $1::varchar
               RETURNING ${VERSION_COLUMNS}`,
              [
                valid.programId,
                jsonParam(valid.state),
                valid.status,
                valid.trafficShare ?? (valid.status === "active" ? 1 : 0),
                valid.parentVersionId ?? null,
                valid.score ?? null,
                valid.createdByRunId ?? null
              ]
            )
            return decodeVersion(rows[0] ?? {})
          })
        )
      }).pipe(Effect.withSpan("ProgramRegistry.addVersion")),

    getVersion: (versionId) =>
      Effect.gen(function* () {
        if (!uuid.safeParse(versionId).success) return yield* new NotFound({ entity: "program version", id: versionId })
        const rows = yield* versionWhere("version_id = $1::uuid", [versionId])
        const row = rows[0]
        if (row === undefined) return yield* new NotFound({ entity: "program version", id: versionId })
        return row
      }).pipe(Effect.withSpan("ProgramRegistry.getVersion")),

    listVersions: (programId) =>
      versionWhere("program_id = $1 ORDER BY version DESC", [programId]).pipe(
        Effect.withSpan("ProgramRegistry.listVersions")
      ),

    activeVersion: (programId) =>
      withStatus(programId, "active").pipe(Effect.withSpan("ProgramRegistry.activeVersion")),

    candidateVersion: (programId) =>
      withStatus(programId, "candidate").pipe(Effect.withSpan("ProgramRegistry.candidateVersion")),

    setCandidateTraffic: (programId, candidateShare) =>
      Effect.gen(function* () {
        const share = yield* validateOne("program_versions", z.number().min(0).max(1), candidateShare)
        return yield* db.transaction(
          Effect.gen(function* () {
            yield* lockProgram(programId)
            const candidate = yield* withStatus(programId, "candidate")
            if (candidate === undefined)
              return yield* new NotFound({ entity: "candidate version of program", id: programId })
            const active = yield* withStatus(programId, "active")
            const updatedCandidate = yield* setStatus(candidate.versionId, "candidate", share)
            const updatedActive =
              active === undefined ? undefined : yield* setStatus(active.versionId, "active", 1 - share)
            return { candidate: updatedCandidate, active: updatedActive }
          })
        )
      }).pipe(Effect.withSpan("ProgramRegistry.setCandidateTraffic")),

    promote: (programId) =>
      db
        .transaction(
          Effect.gen(function* () {
            yield* lockProgram(programId)
            const candidate = yield* withStatus(programId, "candidate")
            if (candidate === undefined)
              return yield* new NotFound({ entity: "candidate version of program", id: programId })
            const active = yield* withStatus(programId, "active")
            // Demote first: the one-active index is checked at each statement.
            if (active !== undefined) yield* setStatus(active.versionId, "deprecated", 0)
            return yield* setStatus(candidate.versionId, "active", 1, active?.versionId ?? null)
          })
        )
        .pipe(Effect.withSpan("ProgramRegistry.promote")),

    activate: (programId, version) =>
      db
        .transaction(
          Effect.gen(function* () {
            yield* lockProgram(programId)
            const [target] = yield* versionWhere("program_id = $1 AND version = $2", [programId, String(version)])
            if (target === undefined)
              return yield* new NotFound({ entity: "program version", id: `${programId} v${version}` })
            if (target.status === "active") return target
            const active = yield* withStatus(programId, "active")
            if (active !== undefined) {
              yield* setStatus(active.versionId, target.version < active.version ? "rolled_back" : "deprecated", 0)
            }
            return yield* setStatus(target.versionId, "active", 1, active?.versionId ?? null)
          })
        )
        .pipe(Effect.withSpan("ProgramRegistry.activate")),

    rollback: (programId) =>
      db
        .transaction(
          Effect.gen(function* () {
            yield* lockProgram(programId)
            const candidate = yield* withStatus(programId, "candidate")
            const active = yield* withStatus(programId, "active")
            if (candidate !== undefined) {
              const rolledBack = yield* setStatus(candidate.versionId, "rolled_back", 0)
              if (active === undefined)
                return yield* new NotFound({ entity: "active version of program", id: programId })
              return { rolledBack, active: yield* setStatus(active.versionId, "active", 1) }
            }
            if (active === undefined) return yield* new NotFound({ entity: "active version of program", id: programId })
            const previousId = active.previousActiveVersionId
            const previous =
              previousId === null ? undefined : (yield* versionWhere("version_id = $1::uuid", [previousId]))[0]
            if (previous === undefined || previous.status !== "deprecated") {
              return yield* new NotFound({ entity: "version to roll back to for program", id: programId })
            }
            const rolledBack = yield* setStatus(active.versionId, "rolled_back", 0)
            return { rolledBack, active: yield* setStatus(previous.versionId, "active", 1) }
          })
        )
        .pipe(Effect.withSpan("ProgramRegistry.rollback"))
  }
  return registry
})

export class ProgramRegistry extends Context.Service<ProgramRegistry, ProgramRegistryShape>()(
  "@preflight/storage/ProgramRegistry"
) {
  /** Needs a `Database`. */
  static readonly layer = Layer.effect(ProgramRegistry, makeProgramRegistry)
}
