// @preflight/simulator: the API contract and Preflight's use cases (fit, simulate, backtest, evaluateCreative,
// predictUplift), composed from storage, causal, calibration and personas.

// Calibration
export {
  type ActiveCalibration,
  activeCalibration,
  type CalibratedState,
  CalibrationUnreadable,
  calibrationOfVersion,
  PERSONA_PROGRAM_ID
} from "./calibration/calibrated-program.ts"
// The contract (versioned zod schemas shared with the API and the client)
export { decodeWith, RequestInvalid, type RequestIssue } from "./contract/decode.ts"
export {
  ChannelName,
  Constraints,
  ContentVariant,
  INDUSTRIES,
  type Industry,
  SimulateRequest,
  type SimulateRequestInput,
  SimulationParams,
  SUCCESS_METRICS,
  TargetPopulation,
  Timing
} from "./contract/simulate-request.ts"
export {
  CalibrationQuality,
  ControlArm,
  ConversionEstimate,
  Estimate,
  Insight,
  OptimalConfiguration,
  RESPONSE_SCHEMA_VERSION,
  RISK_LEVELS,
  SegmentEstimate,
  SegmentSummary,
  SimulateResponse,
  VariantBreakdown
} from "./contract/simulate-response.ts"
// Accuracy against known truth or realised results
export {
  type AccuracyFigures,
  accuracyFigures,
  type VariantComparison,
  withinCampaignTau
} from "./evaluation/accuracy.ts"
export { type NaiveForecast, naiveForecast } from "./evaluation/naive-baseline.ts"
export { modelViewReader } from "./features/creative-model-view.ts"
// Reading creatives
export { type CreativeReader, type CreativeReading, cachedReader } from "./features/creative-reader.ts"
export { defaultCreativeReader, extractorReader } from "./features/default-reader.ts"
// History
export { type AttributedOutcomes, attributeOutcomes } from "./history/attribution.ts"
export type { HistorySnapshot } from "./history/history-snapshot.ts"
export { loadHistory } from "./history/load-history.ts"
// The learning loop's pieces
export { armFeedback, outcomeReward, ratingReward } from "./learning/canary-feedback.ts"
export {
  collectFeedbackExamples,
  DEFAULT_FEEDBACK_QUALITY_THRESHOLD,
  type FeedbackExamplesReport
} from "./learning/feedback-examples.ts"
export { type ObservedOutcomes, observeOutcomes } from "./learning/outcome-buffer.ts"
export { type ServedProgram, type SimulationRouting, servedProgram } from "./learning/program-routing.ts"
export { routingUnitOf } from "./learning/routing-unit.ts"
// The fitted backbone
export {
  type BackboneSettings,
  type BacktestArm,
  backtestHistory,
  DEFAULT_BACKBONE_SETTINGS,
  type FittedBackbone,
  fitBackbone,
  InsufficientHistory
} from "./models/fit-backbone.ts"
export {
  type CalibrationRow,
  type CalibrationRowStatus,
  failCalibrationRow,
  findCalibration,
  startCalibrationRow
} from "./persistence/calibration-store.ts"
export { type ExperimentRow, listExperiments, runningExperiment } from "./persistence/canary-store.ts"
export { FitUnreadable, loadLatestFit, NoFittedModels, type StoredFit } from "./persistence/fit-store.ts"
export { findSimulation } from "./persistence/simulation-store.ts"
// Simulation pieces
export type { CalibrationStatus } from "./simulation/assemble-response.ts"
export {
  type PanelError,
  type PersonaPanelOptions,
  personaPanel,
  reactToPlan,
  UNCALIBRATED_SENSITIVITY
} from "./simulation/persona-panel.ts"
export type { PersonaPanelResult, SegmentPanelSummary } from "./simulation/persona-panel-result.ts"
export {
  EmptyPopulation,
  planSimulation,
  type SimulationPlan,
  UnknownChannels,
  UnknownSegments
} from "./simulation/plan-simulation.ts"
// Use cases
export { type BacktestOptions, type BacktestReport, backtest, comparisonsOf } from "./use-cases/backtest.ts"
export {
  type CalibrateError,
  type CalibrateOptions,
  CalibrationHistoryInsufficient,
  type CalibrationReport,
  calibrate,
  DEFAULT_GATE_THRESHOLD,
  MIN_TRAINING_CAMPAIGNS,
  MIN_TRAINING_CONVERSIONS,
  MIN_VALIDATION_CAMPAIGNS,
  OPTIMIZER_NAMES,
  type OptimizerName,
  type ScoreSummary,
  UnknownOptimizer
} from "./use-cases/calibrate.ts"
export {
  type CanaryError,
  type CanaryStarted,
  type CanaryTickReport,
  canaryTick,
  NoCandidateVersion,
  startCanary
} from "./use-cases/canary.ts"
export { type CreativeEvaluation, evaluateCreative } from "./use-cases/evaluate-creative.ts"
export { type FitOptions, type FitSummary, fit } from "./use-cases/fit.ts"
export {
  DEFAULT_BUFFER_THRESHOLD,
  type LearnAction,
  type LearnError,
  type LearnOptions,
  type LearnReport,
  learn
} from "./use-cases/learn.ts"
export { type PlanRequestError, planRequest, ReaderMismatch } from "./use-cases/plan-request.ts"
export { predictUplift, type SegmentUplift, type VariantUplift } from "./use-cases/predict-uplift.ts"
export {
  type SimulateError,
  type SimulateOptions,
  simulate,
  simulateWithActiveProgram,
  UNCALIBRATED
} from "./use-cases/simulate.ts"
