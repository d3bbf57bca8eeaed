// `OptimizationRunStore`: optimization runs (optimizer, config, seed, budget, cost, status, best score and
// state) and every trial of a run (candidate, minibatch or full, score, examples, cost). Its `startRun`,
// `recordTrial` and `finishRun` have the shape of @preflight/optimizers' `OptimizationLog` port, so a run's
// trial log lands here as the optimizer goes (storage does not depend on the optimizers package).
import { Context, Effect, Layer } from "effect"
import { z } from "zod"
import { Database } from "../database.ts"
import { type DatabaseError, NotFound, type RowValidationError } from "../errors.ts"
import {
  jsonParam,
  readDate,
  readJson,
  readNumber,
  readOptionalDate,
  readOptionalNumber,
  readOptionalText,
  validateOne
} from "./registry-values.ts"

export const OPTIMIZATION_RUN_STATUSES = ["running", "completed", "budget_exhausted", "failed"] as const
export type OptimizationRunStatus = (typeof OPTIMIZATION_RUN_STATUSES)[number]

/** Cost counters of a trial or a run. */
export type OptimizationCost = {
  readonly lmCalls: number
  readonly metricCalls: number
  readonly totalTokens: number
  readonly usd: number
}

/** Budget limits of a run (all optional). */
export type OptimizationBudgetLimits = {
  readonly maxMetricCalls?: number | undefined
  readonly maxLmCalls?: number | undefined
  readonly maxTokens?: number | undefined
  readonly maxUsd?: number | undefined
}

/** What `startRun` takes. */
export type NewOptimizationRun = {
  readonly optimizer: string
  readonly config: Readonly<Record<string, unknown>>
  readonly seed: number
  readonly budget?: OptimizationBudgetLimits | undefined
  readonly programId?: string | null | undefined
}

/** What `recordTrial` takes (the optimizers' `Trial`). */
export type NewTrial = {
  readonly index: number
  readonly kind: "full" | "minibatch"
  readonly label: string
  readonly candidate: Readonly<Record<string, unknown>>
  readonly score: number | null
  readonly examples: number
  readonly cost: OptimizationCost
  readonly parentTrial?: number | null | undefined
}

/** What `finishRun` takes. */
export type RunOutcome = {
  readonly status: "completed" | "budget_exhausted" | "failed"
  readonly bestScore: number | null
  readonly cost: OptimizationCost
  readonly bestState?: unknown
  /** Why a `failed` run failed (the optimizers give the error's tag and message). */
  readonly reason?: string | undefined
}

export interface OptimizationRunRow {
  readonly runId: string
  readonly programId: string | null
  readonly optimizer: string
  readonly config: unknown
  readonly seed: number
  readonly budget: unknown
  readonly cost: unknown
  readonly status: OptimizationRunStatus
  readonly bestScore: number | null
  readonly bestState: unknown
  /** Why the run failed (null unless `status` is `failed` and a reason was given). */
  readonly failureReason: string | null
  readonly startedAt: Date
  readonly finishedAt: Date | null
}

export interface TrialRow {
  readonly runId: string
  readonly index: number
  readonly kind: "full" | "minibatch"
  readonly label: string
  readonly candidate: unknown
  readonly score: number | null
  readonly examples: number
  readonly cost: unknown
  readonly parentTrial: number | null
  readonly recordedAt: Date
}

const finite = z.number().refine(Number.isFinite, { error: "must be a finite number" })
const count = z.number().int().min(0)
const Cost = z.object({ lmCalls: count, metricCalls: count, totalTokens: count, usd: finite.min(0) })
const jsonObject = z.record(z.string(), z.unknown(), { error: "expected a JSON object" })

const RunInput = z.object({
  optimizer: z.string().min(1),
  config: jsonObject,
  seed: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  budget: z
    .object({
      maxMetricCalls: count.optional(),
      maxLmCalls: count.optional(),
      maxTokens: count.optional(),
      maxUsd: finite.min(0).optional()
    })
    .optional(),
  programId: z.string().min(1).nullish()
})

const TrialInput = z.object({
  index: count,
  kind: z.enum(["full", "minibatch"]),
  label: z.string(),
  candidate: jsonObject,
  score: finite.nullable(),
  examples: count,
  cost: Cost,
  parentTrial: count.nullish()
})

const OutcomeInput = z.object({
  status: z.enum(["completed", "budget_exhausted", "failed"]),
  bestScore: finite.nullable(),
  cost: Cost,
  bestState: z.unknown().optional(),
  reason: z.string().optional()
})

const uuid = z.uuid()

const RUN_COLUMNS = `run_id::text AS run_id, program_id, optimizer, config::text AS config, seed::text AS seed,
  budget::text AS budget, cost::text AS cost, status, best_score, best_state::text AS best_state, failure_reason, started_at, finished_at`
const TRIAL_COLUMNS = `run_id::text AS run_id, trial_index, kind, label, candidate::text AS candidate, score, examples,
  cost::text AS cost, parent_trial, recorded_at`

const decodeRun = (row: Record<string, unknown>): OptimizationRunRow => ({
  runId: String(row.run_id),
  programId: readOptionalText(row.program_id),
  optimizer: String(row.optimizer),
  config: readJson(row.config),
  seed: readNumber(row.seed),
  budget: readJson(row.budget),
  cost: readJson(row.cost),
  status: String(row.status) as OptimizationRunStatus,
  bestScore: readOptionalNumber(row.best_score),
  bestState: readJson(row.best_state),
  failureReason: readOptionalText(row.failure_reason),
  startedAt: readDate(row.started_at),
  finishedAt: readOptionalDate(row.finished_at)
})

const decodeTrial = (row: Record<string, unknown>): TrialRow => ({
  runId: String(row.run_id),
  index: readNumber(row.trial_index),
  kind: String(row.kind) as "full" | "minibatch",
  label: String(row.label),
  candidate: readJson(row.candidate),
  score: readOptionalNumber(row.score),
  examples: readNumber(row.examples),
  cost: readJson(row.cost),
  parentTrial: readOptionalNumber(row.parent_trial),
  recordedAt: readDate(row.recorded_at)
})

export interface OptimizationRunStoreShape {
  /** Records a run as `running`; returns it with its new `runId`. */
  readonly startRun: (run: NewOptimizationRun) => Effect.Effect<OptimizationRunRow, RowValidationError | DatabaseError>
  /** Records one trial of a run (an unknown run fails with ConstraintViolation; a repeated index too). */
  readonly recordTrial: (runId: string, trial: NewTrial) => Effect.Effect<TrialRow, RowValidationError | DatabaseError>
  /** Records how a run ended. */
  readonly finishRun: (
    runId: string,
    outcome: RunOutcome
  ) => Effect.Effect<OptimizationRunRow, RowValidationError | NotFound | DatabaseError>
  readonly getRun: (runId: string) => Effect.Effect<OptimizationRunRow, NotFound | DatabaseError>
  /** Runs, newest first (optionally of one program), at most `limit` (default 100). */
  readonly listRuns: (filter?: {
    readonly programId?: string
    readonly limit?: number
  }) => Effect.Effect<ReadonlyArray<OptimizationRunRow>, DatabaseError>
  /** The trials of a run in order. */
  readonly trials: (runId: string) => Effect.Effect<ReadonlyArray<TrialRow>, DatabaseError>
}

export const makeOptimizationRunStore = Effect.gen(function* () {
  const db = yield* Database
  const notFound = (runId: string) => new NotFound({ entity: "optimization run", id: runId })

  const store: OptimizationRunStoreShape = {
    startRun: (run) =>
      Effect.gen(function* () {
        const valid = yield* validateOne("optimization_runs", RunInput, run)
        const rows = yield* db.query<Record<string, unknown>>(
          `INSERT INTO optimization_runs (program_id, optimizer, config, seed, budget)
           VALUES ($1, $2, $3::text::jsonb, $4::bigint, $5::text::jsonb) RETURNING ${RUN_COLUMNS}`,
          [
            valid.programId ?? null,
            valid.optimizer,
            jsonParam(valid.config),
            String(valid.seed),
            jsonParam(valid.budget ?? {})
          ]
        )
        return decodeRun(rows[0] ?? {})
      }).pipe(Effect.withSpan("OptimizationRunStore.startRun")),

    recordTrial: (runId, trial) =>
      Effect.gen(function* () {
        const valid = yield* validateOne("optimization_trials", TrialInput, trial)
        yield* validateOne("optimization_trials", z.object({ runId: uuid }), { runId })
        const rows = yield* db.query<Record<string, unknown>>(
          `INSERT INTO optimization_trials (run_id, trial_index, kind, label, candidate, score, examples, cost, parent_trial)
           VALUES ($1::uuid, $2, $3, $4, $5::text::jsonb, $6, $7, $8::text::jsonb, $9) RETURNING ${TRIAL_COLUMNS}`,
          [
            runId,
            valid.index,
            valid.kind,
            valid.label,
            jsonParam(valid.candidate),
            valid.score,
            valid.examples,
            jsonParam(valid.cost),
            valid.parentTrial ?? null
          ]
        )
        return decodeTrial(rows[0] ?? {})
      }).pipe(Effect.withSpan("OptimizationRunStore.recordTrial")),

    finishRun: (runId, outcome) =>
      Effect.gen(function* () {
        const valid = yield* validateOne("optimization_runs", OutcomeInput, outcome)
        if (!uuid.safeParse(runId).success) return yield* notFound(runId)
        const rows = yield* db.query<Record<string, unknown>>(
          `UPDATE optimization_runs SET status = $2, best_score = $3, cost = $4::text::jsonb,
             best_state = $5::text::jsonb, failure_reason = $6, finished_at = now()
           WHERE run_id = $1::uuid RETURNING ${RUN_COLUMNS}`,
          [
            runId,
            valid.status,
            valid.bestScore,
            jsonParam(valid.cost),
            valid.bestState === undefined ? null : jsonParam(valid.bestState),
            valid.status === "failed" ? (valid.reason ?? null) : null
          ]
        )
        const row = rows[0]
        if (row === undefined) return yield* notFound(runId)
        return decodeRun(row)
      }).pipe(Effect.withSpan("OptimizationRunStore.finishRun")),

    getRun: (runId) =>
      Effect.gen(function* () {
        if (!uuid.safeParse(runId).success) return yield* notFound(runId)
        const rows = yield* db.query<Record<string, unknown>>(
          `SELECT ${RUN_COLUMNS} FROM optimization_runs WHERE run_id = $1::uuid`,
          [runId]
        )
        const row = rows[0]
        if (row === undefined) return yield* notFound(runId)
        return decodeRun(row)
      }).pipe(Effect.withSpan("OptimizationRunStore.getRun")),

    listRuns: (filter = {}) =>
      db
        .query<Record<string, unknown>>(
          `SELECT ${RUN_COLUMNS} FROM optimization_runs ${filter.programId === undefined ? "" : "WHERE program_id = $2"}
           ORDER BY started_at DESC, run_id LIMIT $1`,
          filter.programId === undefined ? [filter.limit ?? 100] : [filter.limit ?? 100, filter.programId]
        )
        .pipe(
          Effect.map((rows) => rows.map(decodeRun)),
          Effect.withSpan("OptimizationRunStore.listRuns")
        ),

    trials: (runId) =>
      (uuid.safeParse(runId).success
        ? db.query<Record<string, unknown>>(
            `SELECT ${TRIAL_COLUMNS} FROM optimization_trials WHERE run_id = $1::uuid ORDER BY trial_index`,
            [runId]
          )
        : Effect.succeed([])
      ).pipe(
        Effect.map((rows) => rows.map(decodeTrial)),
        Effect.withSpan("OptimizationRunStore.trials")
      )
  }
  return store
})

export class OptimizationRunStore extends Context.Service<OptimizationRunStore, OptimizationRunStoreShape>()(
  "@preflight/storage/OptimizationRunStore"
) {
  /** Needs a `Database`. */
  static readonly layer = Layer.effect(OptimizationRunStore, makeOptimizationRunStore)
}
