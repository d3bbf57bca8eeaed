// @preflight/storage: the Postgres storage layer of Preflight (PGlite embedded by default, a
// Postgres server in production): schema and migrations, history repositories, import and export, the
// program registry (programs, versions, optimization runs and trials, training examples) and the LM cache.

// What the HTTP API keeps: keys, idempotency records, asynchronous simulations, feedback and campaign results
export {
  API_KEY_SCOPES,
  type ApiKeyRow,
  type ApiKeyScope,
  findApiKeyByPrefix,
  insertApiKey,
  listApiKeys,
  type NewApiKey,
  revokeApiKey
} from "./api/api-key-store.ts"
export {
  type CampaignArmResult,
  insertFeedback,
  type NewCampaignResults,
  type NewFeedback,
  upsertCampaignResults
} from "./api/campaign-feedback-store.ts"
export {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotencyClaim,
  type IdempotencyRecord,
  releaseIdempotencyKey,
  type StoredResponse
} from "./api/idempotency-store.ts"
export {
  completeSimulation,
  failSimulation,
  findSimulationRecord,
  insertQueuedSimulation,
  markSimulationRunning,
  pendingSimulations,
  SIMULATION_STATUSES,
  type SimulationRecord,
  type SimulationStatus
} from "./api/simulation-job-store.ts"
export {
  Database,
  type DatabaseShape,
  DEFAULT_DATA_DIR,
  isTransientDatabaseFault,
  type PgliteLayerOptions,
  type PostgresLayerOptions,
  type SqlValue,
  transientRetry
} from "./database.ts"
export {
  ConstraintViolation,
  DatabaseConnectionError,
  type DatabaseError,
  DatabaseInUse,
  ExportWriteError,
  ImportFormatError,
  ImportValidationError,
  MigrationError,
  NotFound,
  QueryError,
  type RowIssue,
  RowValidationError,
  SerializationFailure,
  UnknownTable,
  UnsupportedFilter
} from "./errors.ts"
export { type ExportOptions, type ExportSummary, exportTable } from "./export/exporter.ts"
export { formatFromPath, type ImportFormat } from "./import/file-source.ts"
export { type ImportOptions, type ImportProgress, type ImportSummary, importFile } from "./import/importer.ts"
export { MAX_REPORTED_ISSUES } from "./import/issue-collector.ts"
export { countJobResults, findJobResult, type JobResultRow, recordJobResult } from "./jobs/job-result-store.ts"
export {
  type AppliedMigration,
  type MigrationStatus,
  migrate,
  migrationStatus
} from "./migrations/migrator.ts"
export {
  type CachedCompletion,
  type CachedTokenUsage,
  LmCacheStore,
  LmCacheStoreError,
  type LmCacheStoreShape
} from "./registry/lm-cache-store.ts"
export {
  type NewOptimizationRun,
  type NewTrial,
  OPTIMIZATION_RUN_STATUSES,
  type OptimizationBudgetLimits,
  type OptimizationCost,
  type OptimizationRunRow,
  type OptimizationRunStatus,
  OptimizationRunStore,
  type OptimizationRunStoreShape,
  type RunOutcome,
  type TrialRow
} from "./registry/optimization-run-store.ts"
export {
  type NewProgram,
  type NewProgramVersion,
  PROGRAM_VERSION_STATUSES,
  ProgramRegistry,
  type ProgramRegistryShape,
  type ProgramRow,
  type ProgramVersionRow,
  type ProgramVersionStatus,
  type RollbackResult
} from "./registry/program-registry.ts"
export {
  EXAMPLE_SPLITS,
  type ExampleSplit,
  type NewTrainingExample,
  type TrainingExampleFilter,
  type TrainingExampleRow,
  TrainingExampleStore,
  type TrainingExampleStoreShape
} from "./registry/training-example-store.ts"
export type { HistoryFilter, TimeWindow } from "./repositories/history-filter.ts"
export { HistoryStore, type HistoryStoreShape } from "./repositories/history-store.ts"
export type { StreamOptions, TableRepository } from "./repositories/table-repository.ts"
export type { ColumnKind, ColumnSpec } from "./schema/columns.ts"
export {
  type Entity,
  EntityRow,
  type Exposure,
  ExposureRow,
  type Intervention,
  InterventionRow,
  isTableName,
  type Outcome,
  OutcomeRow,
  type RowInput,
  type RowOf,
  type Segment,
  SegmentRow,
  TABLE_NAMES,
  TABLES,
  type TableName,
  type TableSpec
} from "./schema/tables.ts"
export { type TableCounts, tableCounts } from "./status.ts"
