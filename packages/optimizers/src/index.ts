// Public API of @preflight/optimizers: DSPy's optimizer family (LabeledFewShot, BootstrapFewShot, random
// search, MIPROv2, SIMBA, GEPA) over @preflight/core-signatures programs, with hard budgets, seeds, progress
// events and a trial log that can be persisted through the `OptimizationLog` port. The search machinery
// (TPE's estimators, GEPA's frontier and merges, SIMBA's buckets, the proposers, the run) stays internal:
// tests import it from its source files.

export { BootstrapFewShot, type BootstrapFewShotOptions } from "./bootstrap/bootstrap-few-shot.ts"
export { BootstrapFewShotWithRandomSearch, type RandomSearchOptions } from "./bootstrap/random-search.ts"
export { isCompiled } from "./compiled-programs.ts"
export { InvalidOptimizerInput, OptimizationLogFailed, type OptimizerError } from "./errors.ts"
export { GEPA, GEPA_AUTO_CANDIDATES, type GepaOptions, gepaAutoBudget } from "./gepa/gepa.ts"
export { LabeledFewShot, type LabeledFewShotOptions } from "./labeled-few-shot.ts"
export type {
  MetricValue,
  OptimizerMetric,
  PredictorFeedbackRequest,
  ScoreWithFeedback
} from "./metric.ts"
export { MIPRO_AUTO_SETTINGS, type MiproAuto, miproTrialCount } from "./mipro/auto-settings.ts"
export { MIPROv2, type MiproV2Options } from "./mipro/mipro-v2.ts"
export type { TpeOptions } from "./mipro/tpe.ts"
export type { BudgetLimit, OptimizationBudget } from "./run/budget.ts"
export type {
  CompileOptions,
  CompileResult,
  OptimizationProgress,
  Optimizer,
  OutputOf,
  RunCost,
  ScoredExample,
  TeacherCompileOptions
} from "./run/compile-options.ts"
export {
  type InMemoryOptimizationLog,
  makeInMemoryOptimizationLog,
  type OptimizationLog,
  type OptimizationRunOutcome,
  type OptimizationRunStart,
  type RecordedRun
} from "./run/optimization-log.ts"
export type { CandidateSnapshot, JsonValue, Trial, TrialCost } from "./run/trial.ts"
export { SIMBA, type SimbaOptions } from "./simba/simba.ts"
