// Canary experiments as rows of `canary_experiments` (migration 0008): the running experiment of the persona
// program (at most one), its policy and the calibration package's experiment state, and a log of every
// decision. Traffic shares live on `program_versions`; this table says why they are what they are.
import type { CanaryExperiment, CanaryPolicy } from "@preflight/calibration"
import { Database } from "@preflight/storage"
import { Effect } from "effect"

export type ExperimentStatus = "running" | "promoted" | "rolled_back"

export interface CanaryDecisionLog {
  readonly decidedAt: string
  readonly action: string
  readonly reasons: ReadonlyArray<string>
  readonly feedback: { readonly active: number; readonly candidate: number }
}

export interface ExperimentRow {
  readonly experimentId: string
  readonly programId: string
  readonly activeVersionId: string
  readonly candidateVersionId: string
  readonly policy: CanaryPolicy
  readonly state: CanaryExperiment
  readonly status: ExperimentStatus
  readonly decisions: ReadonlyArray<CanaryDecisionLog>
  readonly startedAt: string
  readonly endedAt: string | null
}

const json = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value)
const iso = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString()

const COLUMNS = `experiment_id::text AS experiment_id, program_id, active_version_id::text AS active_version_id,
  candidate_version_id::text AS candidate_version_id, policy, state, status, decisions, started_at, ended_at`

const decode = (row: Record<string, unknown>): ExperimentRow => ({
  experimentId: String(row.experiment_id),
  programId: String(row.program_id),
  activeVersionId: String(row.active_version_id),
  candidateVersionId: String(row.candidate_version_id),
  policy: json(row.policy) as CanaryPolicy,
  state: json(row.state) as CanaryExperiment,
  status: String(row.status) as ExperimentStatus,
  decisions: json(row.decisions) as ReadonlyArray<CanaryDecisionLog>,
  startedAt: iso(row.started_at),
  endedAt: row.ended_at === null || row.ended_at === undefined ? null : iso(row.ended_at)
})

/** Records a new running experiment (the unique index refuses a second one for the same program). */
export const insertExperiment = Effect.fn("Simulator.insertExperiment")(function* (experiment: {
  readonly experimentId: string
  readonly programId: string
  readonly activeVersionId: string
  readonly candidateVersionId: string
  readonly policy: CanaryPolicy
  readonly state: CanaryExperiment
}) {
  const database = yield* Database
  yield* database.execute(
    `INSERT INTO canary_experiments (experiment_id, program_id, active_version_id, candidate_version_id, policy, state)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      experiment.experimentId,
      experiment.programId,
      experiment.activeVersionId,
      experiment.candidateVersionId,
      JSON.stringify(experiment.policy),
      JSON.stringify(experiment.state)
    ]
  )
})

/** The program's running experiment, or undefined. */
export const runningExperiment = Effect.fn("Simulator.runningExperiment")(function* (programId: string) {
  const database = yield* Database
  const [tables] = yield* database.query<{ present: boolean }>(
    "SELECT to_regclass('canary_experiments') IS NOT NULL AS present"
  )
  if (tables?.present !== true) return undefined
  const rows = yield* database.query(
    `SELECT ${COLUMNS} FROM canary_experiments WHERE program_id = $1 AND status = 'running'`,
    [programId]
  )
  return rows[0] === undefined ? undefined : decode(rows[0])
})

/** Every experiment of a program, newest first. */
export const listExperiments = Effect.fn("Simulator.listExperiments")(function* (programId: string) {
  const database = yield* Database
  const rows = yield* database.query(
    `SELECT ${COLUMNS} FROM canary_experiments WHERE program_id = $1 ORDER BY started_at DESC, experiment_id`,
    [programId]
  )
  return rows.map(decode)
})

/**
 * Appends a decision and stores the experiment's new state; `status` other than running ends it. Runs inside
 * the caller's transaction (the registry change and the log move together).
 */
export const recordDecision = Effect.fn("Simulator.recordDecision")(function* (
  experimentId: string,
  decision: CanaryDecisionLog,
  next: { readonly state: CanaryExperiment | undefined; readonly status: ExperimentStatus }
) {
  const database = yield* Database
  yield* database.execute(
    `UPDATE canary_experiments SET
       decisions = decisions || $2::text::jsonb,
       state = coalesce($3::text::jsonb, state),
       status = $4::text,
       ended_at = CASE WHEN $4::text = 'running' THEN NULL ELSE now() END
     WHERE experiment_id = $1`,
    [
      experimentId,
      JSON.stringify([decision]),
      next.state === undefined ? null : JSON.stringify(next.state),
      next.status
    ]
  )
})
