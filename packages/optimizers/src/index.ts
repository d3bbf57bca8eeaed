// Public API of @preflight/optimizers: DSPy's optimizer family (LabeledFewShot, BootstrapFewShot, random
// search, MIPROv2, SIMBA, GEPA) over @preflight/core-signatures programs, with hard budgets, seeds, progress
// events and a trial log that can be persisted through the `OptimizationLog` port.

export { type Bootstrapped, type BootstrapSettings, bootstrapDemos } from "./bootstrap/bootstrap-demos.ts"
export { BootstrapFewShot, type BootstrapFewShotOptions } from "./bootstrap/bootstrap-few-shot.ts"
export { type DemoCandidate, demoCandidateForSeed } from "./bootstrap/demo-candidates.ts"
export { BootstrapFewShotWithRandomSearch, type RandomSearchOptions } from "./bootstrap/random-search.ts"
export { isCompiled } from "./compiled-programs.ts"
export { InvalidOptimizerInput, OptimizationLogFailed, type OptimizerError } from "./errors.ts"
export {
  GEPA,
  GEPA_AUTO_CANDIDATES,
  type GepaOptions,
  gepaAutoBudget
} from "./gepa/gepa.ts"
export { type Components, type MergePlan, MergeSchedule, mergeSubsample, planMerge } from "./gepa/merge.ts"
export {
  emptyFrontier,
  type Frontier,
  frontierDominators,
  removeDominated,
  selectFromFrontier,
  updateFrontier
} from "./gepa/pareto-frontier.ts"
export { extractInstruction, formatRecords, type ReflectiveRecord, reflectionPrompt } from "./gepa/reflection.ts"
export { LabeledFewShot, type LabeledFewShotOptions, withLabeledDemos } from "./labeled-few-shot.ts"
export {
  type MetricValue,
  normalizeMetricValue,
  type OptimizerMetric,
  type PredictorFeedbackRequest,
  type ScoreWithFeedback
} from "./metric.ts"
export {
  MIN_MINIBATCH_VALSET,
  MIPRO_AUTO_SETTINGS,
  type MiproAuto,
  miproCandidateCounts,
  miproTrialCount
} from "./mipro/auto-settings.ts"
export { datasetSummary, type ProposerSettings, proposeInstructions, stripPrefix } from "./mipro/grounded-proposer.ts"
export { MIPROv2, type MiproV2Options } from "./mipro/mipro-v2.ts"
export { PROPOSAL_TIPS } from "./mipro/proposer-signatures.ts"
export {
  type CategoricalParameter,
  defaultGamma,
  defaultWeights,
  logDensity,
  type ParzenEstimator,
  parzenEstimator,
  sampleEstimator,
  splitObservations,
  type TpeObservation,
  type TpeOptions,
  TpeSampler
} from "./mipro/tpe.ts"
export type { BudgetLimit, OptimizationBudget } from "./run/budget.ts"
export { BudgetStop } from "./run/budget.ts"
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
export {
  type EvaluateOptions,
  type Evaluation,
  type ExampleOutcome,
  OptimizationRun,
  type RunSpec,
  runOptimization,
  type TrialInput,
  validateCommonOptions
} from "./run/optimization-run.ts"
export type { CandidateSnapshot, JsonValue, Trial, TrialCost } from "./run/trial.ts"
export { appendADemo, appendARule, OfferFeedback, type Rollout } from "./simba/offer-feedback.ts"
export {
  finalCandidateIndices,
  percentile,
  type RolloutBucket,
  rolloutBuckets,
  roundHalfEven,
  SIMBA,
  type SimbaOptions
} from "./simba/simba.ts"
