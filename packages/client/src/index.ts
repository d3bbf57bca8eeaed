// @preflight/client: a typed HTTP client for the Preflight API, and the API's request and response schemas.

export type { SimulateRequestInput, SimulateResponse } from "@preflight/simulator"
export {
  type ApiResult,
  createPreflightClient,
  type HistoryTable,
  type PreflightClient,
  type PreflightClientOptions,
  type SimulateCallOptions,
  type WaitOptions,
  type WriteOptions
} from "./client.ts"
export {
  CALIBRATION_STATES,
  CalibrationAccepted,
  CalibrationReport,
  CalibrationRequest,
  CalibrationStatus,
  CampaignArmOutcome,
  CreativeEvaluation,
  CreativeReaction,
  FeedbackRecorded,
  FeedbackRequest,
  Health,
  HISTORY_TABLES,
  ImportSummary,
  JOB_STATES,
  JobCounts,
  OutcomesRecorded,
  OutcomesRequest,
  Problem,
  ProblemIssue,
  ProgramList,
  ProgramPromoted,
  ProgramRolledBack,
  ProgramVersion,
  Readiness,
  SIMULATION_STATES,
  SimulationAccepted,
  SimulationStatus,
  UpliftPrediction
} from "./contract.ts"
