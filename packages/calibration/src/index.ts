// @preflight/calibration: the statistics that keep simulations honest — ranking, moments and distributions,
// probability calibration and recalibration, the composite metric and its gate, simulated method of moments,
// raking, drift, experiments and canary decisions. Fallible functions return Result<A, E> (use
// Effect.fromResult inside Effect code); the kernels of hot paths (`rakeKernel`, `calibrationErrorsKernel`)
// take Float64Array and skip validation. Selection, binning and p-value helpers stay internal.

// The normal distribution, log-gamma/beta and the minimizers are @preflight/numeric's: import them from there.
export {
  type CanaryAction,
  type CanaryDecision,
  type CanaryExperiment,
  type CanaryPolicy,
  DEFAULT_CANARY_POLICY,
  decideCanary,
  ensureNoRunningExperiment,
  routeUnit,
  startCanary,
  type VersionRecord,
  type VersionStatus
} from "./canary/canary.ts"
// Canary decisions
export { assignArm } from "./canary/sticky-assignment.ts"
// Composite metric and validation gate
export {
  type CompositeComponent,
  type CompositePart,
  type CompositeResult,
  compositeScore,
  SEED_COMPOSITE_WEIGHTS,
  type SeedCompositeInput,
  type SeedCompositeOptions,
  seedCompositeMetric
} from "./composite/composite-metric.ts"
export { type GateDecision, type GateOptions, validationGate } from "./composite/validation-gate.ts"
export { type DriftReport, type DriftThresholds, driftReport, type InputDrift } from "./drift/drift-report.ts"
// Drift
export { type PsiLevel, type PsiResult, populationStabilityIndex, psiLevel } from "./drift/psi.ts"
export {
  checkRmseDrift,
  createRmseMonitor,
  type RmseCheck,
  type RmseMonitorState,
  rootMeanSquaredError
} from "./drift/rmse-monitor.ts"
export {
  type CalibrationError,
  EmptyCategory,
  ExperimentAlreadyRunning,
  InconsistentMargins,
  InvalidInput,
  InvalidVersionState,
  RakingNotConverged,
  TargetMomentsUnreachable
} from "./errors.ts"
export { type BootstrapInput, type BootstrapResult, bootstrapConfidenceInterval } from "./experiments/bootstrap.ts"
export { type MannWhitneyResult, mannWhitneyU } from "./experiments/mann-whitney-u.ts"
export {
  powerTwoProportions,
  sampleSizeTwoMeans,
  sampleSizeTwoProportions,
  type TwoProportionDesign
} from "./experiments/power.ts"
export {
  type ArmSummary,
  bernoulliArm,
  DEFAULT_MINIMUM_ARM_COUNT,
  type SequentialDecision,
  type SequentialTestOptions,
  type SequentialTestState,
  sequentialTest,
  summarizeArm
} from "./experiments/sequential-test.ts"
// Experiments
export {
  type ProportionArm,
  type TwoProportionResult,
  twoProportionZTest
} from "./experiments/two-proportion-z-test.ts"
export { type WelchResult, welchTTest } from "./experiments/welch-t-test.ts"
export type { NumericInput } from "./internal/validate.ts"
// Moments and distributions
export {
  mean,
  median,
  quantile,
  quantileSorted,
  type SkewnessConvention,
  type SpreadOptions,
  skewness,
  standardDeviation,
  variance
} from "./moments/descriptive.ts"
export { type KsMethod, type KsTwoSampleResult, ksTwoSample } from "./moments/ks-two-sample.ts"
export {
  type MomentMatchingOptions,
  type MomentMatchingResult,
  momentMatchingScore,
  type OutcomeMoments
} from "./moments/moment-matching.ts"
export { type TopBoxComparison, topBoxShare, topBoxShareDifference } from "./moments/top-box.ts"
export { wasserstein1 } from "./moments/wasserstein.ts"
// Probability calibration
export type { BinStrategy, EdgeSide } from "./probability/binning.ts"
export {
  type CalibrationErrors,
  calibrationErrors,
  calibrationErrorsKernel,
  expectedCalibrationError
} from "./probability/calibration-errors.ts"
export {
  type IsotonicModel,
  isotonicPredict,
  isotonicRegression
} from "./probability/isotonic-regression.ts"
export { logit, sigmoid } from "./probability/logistic.ts"
export { fitLogitShift, type LogitShiftModel, logitShiftPredict } from "./probability/logit-shift.ts"
export { type PlattModel, type PlattOptions, plattPredict, plattScaling } from "./probability/platt-scaling.ts"
export {
  type BinningOptions,
  type ReliabilityBin,
  type ReliabilityCurve,
  reliabilityCurve
} from "./probability/reliability-curve.ts"
export { brierScore, logLoss } from "./probability/scores.ts"
export { kishDesignEffect, kishEffectiveSampleSize } from "./raking/kish.ts"
// Raking
export {
  type MarginFit,
  type RakeOptions,
  type RakeResult,
  type RakingMargin,
  rake,
  rakeKernel
} from "./raking/rake.ts"
export {
  type ReconcileOptions,
  type ReconcileResult,
  type ReconciliationGrouping,
  reconcileToTotals
} from "./raking/reconcile.ts"
// Ranking
export { type Alternative, type KendallTauResult, kendallTau } from "./ranking/kendall-tau.ts"
export { type RankingAccuracy, rankingAccuracy } from "./ranking/ranking-accuracy.ts"
export { pearsonCorrelation, type SpearmanResult, spearman } from "./ranking/spearman.ts"
// Simulated method of moments
export {
  type CommonRandomNumbers,
  commonRandomNumbers,
  type DrawDistribution
} from "./smm/common-random-numbers.ts"
export { type ReweightInput, type ReweightResult, reweightToMoments } from "./smm/moment-reweighting.ts"
export {
  type SmmProblem,
  type SmmResult,
  type SmmWeighting,
  simulatedMethodOfMoments
} from "./smm/simulated-method-of-moments.ts"
export { kolmogorovSf, smirnovSf } from "./special/kolmogorov.ts"
export { studentTCdf, studentTDensity, studentTQuantile, studentTSf } from "./special/student-t.ts"
