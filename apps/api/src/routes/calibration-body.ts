// A `calibrations` row as the API answers it: snake_case like every other body, the report's fields named,
// and a failure as the problem document its typed error maps to (with the error's tag).
import type { CalibrationStatus, CalibrationReport as ReportBody } from "@preflight/client"
import type { CalibrationReport, CalibrationRow } from "@preflight/simulator"
import { problemForFailure } from "../http/failure-problem.ts"
import { problemBody } from "../http/problem.ts"
import { calibrationLocation, settingsOfRow } from "../jobs/calibration-jobs.ts"

const scoreBody = (score: CalibrationReport["before"]) => ({
  score: score.score,
  parts: score.parts.map((part) => ({ name: part.name, score: part.score, weight: part.weight })),
  kappa: score.kappa,
  program_version: score.programVersion
})

export const reportBody = (report: CalibrationReport): ReportBody => ({
  fit_id: report.fitId,
  optimizer: report.optimizer,
  seed: report.seed,
  examples: {
    train_cells: report.examples.trainCells,
    validation_cells: report.examples.validationCells,
    train_campaigns: report.examples.trainCampaigns,
    validation_campaigns: report.examples.validationCampaigns,
    optimizer_examples: report.examples.optimizerExamples,
    stored: report.examples.stored
  },
  before: scoreBody(report.before),
  after: {
    ...scoreBody(report.after),
    kappa_standard_error: report.after.kappaStandardError,
    kappa_estimate: report.after.kappaEstimate,
    kappa_estimate_standard_error: report.after.kappaEstimateStandardError,
    bias: report.after.bias
  },
  gate: { passed: report.gate.passed, threshold: report.gate.threshold, reasons: [...report.gate.reasons] },
  registered:
    report.registered === null
      ? null
      : {
          version: report.registered.version,
          status: report.registered.status,
          version_id: report.registered.versionId
        },
  optimization: {
    run_id: report.optimization.runId,
    status: report.optimization.status,
    stopped_by: report.optimization.stoppedBy,
    trials: report.optimization.trials,
    lm_calls: report.optimization.lmCalls,
    best_training_score: report.optimization.bestTrainingScore
  },
  drift: { any_drift: report.drift.anyDrift, drifted: [...report.drift.drifted] },
  program_calls: report.programCalls,
  seconds: report.seconds
})

/** The stored `{ tag, message }` of a failed calibration as a problem; an untyped failure is a 500 problem. */
const errorBody = (calibrationId: string, error: unknown) => {
  const stored = typeof error === "object" && error !== null ? (error as Record<string, unknown>) : {}
  const tag = typeof stored.tag === "string" ? stored.tag : "InternalError"
  const message = typeof stored.message === "string" ? stored.message : undefined
  const problem = problemForFailure({ _tag: tag, message }) ?? {
    status: 500,
    kind: "internal",
    title: "The calibration failed unexpectedly",
    detail: message
  }
  return { ...problemBody(problem, calibrationLocation(calibrationId), undefined), tag }
}

export const calibrationBody = (row: CalibrationRow): CalibrationStatus => {
  const settings = settingsOfRow(row.settings)
  return {
    calibration_id: row.calibrationId,
    status: row.status,
    settings: {
      optimizer: settings.optimizer,
      seed: settings.seed,
      budget_calls: settings.budget.maxLmCalls ?? null,
      budget_tokens: settings.budget.maxTokens ?? null,
      budget_usd: settings.budget.maxUsd ?? null,
      threshold: settings.threshold ?? null
    },
    fit_id: row.fitId,
    version_id: row.versionId,
    created_at: row.createdAt,
    completed_at: row.completedAt,
    ...(row.status === "completed" && row.report !== null
      ? { report: reportBody(row.report as CalibrationReport) }
      : {}),
    ...(row.status === "failed" ? { error: errorBody(row.calibrationId, row.error) } : {})
  }
}
