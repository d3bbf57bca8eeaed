// @preflight/worker: Preflight's background jobs on pg-boss: queues with their policies, the handlers for
// simulate, fit, import, drift-check, calibrate, optimize (the learning loop) and canary-tick, schedules, a graceful worker loop, job counts and the dead-letter
// queue, and asynchronous simulations for the API.

export { enqueueSimulation, simulationStatus } from "./async-simulation.ts"
export {
  superviseIntervalSetting,
  WorkerConfigInvalid,
  type WorkerSettings,
  withPolicyOverrides,
  workerSettings
} from "./config.ts"
export { type DeadLetter, deadLetters } from "./dead-letters.ts"
export { BUILT_IN_HANDLERS } from "./handlers/built-in-handlers.ts"
export { CANARY_TICK_QUEUE, CanaryPolicyPayload, CanaryTickPayload, canaryTickJob } from "./handlers/canary-tick-job.ts"
export {
  DRIFT_CHECK_QUEUE,
  DriftCheckPayload,
  DriftInputInvalid,
  driftCheckJob,
  NotEnoughHistoryForDrift
} from "./handlers/drift-check-job.ts"
export { FIT_QUEUE, FitPayload, fitJob } from "./handlers/fit-job.ts"
export { IMPORT_QUEUE, ImportPayload, importJob } from "./handlers/import-job.ts"
export { OPTIMIZE_QUEUE, OptimizePayload, optimizeJob } from "./handlers/optimize-job.ts"
export { SIMULATE_QUEUE, SimulatePayload, simulateJob, simulationProblem } from "./handlers/simulate-job.ts"
export { JOB_STATES, type JobState, jobCounts, type QueueJobCounts } from "./job-counts.ts"
export {
  JobLanguageModel,
  type JobLanguageModelShape,
  jobLanguageModelLayer
} from "./language-model/job-language-model.ts"
export {
  DEFAULT_LM_RETRY_POLICY,
  type LmRetryPolicy,
  retryingLanguageModel,
  withLmRetries
} from "./language-model/lm-retries.ts"
export { queueClientLayer } from "./queue-client.ts"
export { describeJobError, describeJobFailure, isRetryableError, type JobErrorRecord } from "./queues/job-failure.ts"
export {
  DEFAULT_POLICY,
  defineJobHandler,
  type JobContext,
  type JobHandler,
  type JobHandlerSpec,
  type QueuePolicy
} from "./queues/job-handler.ts"
export {
  bossCall,
  JobQueue,
  type JobQueueOptions,
  type JobQueueShape,
  JobQueueUnavailable
} from "./queues/job-queue.ts"
export { DEAD_LETTER_QUEUE, setUpQueues } from "./queues/queue-setup.ts"
export { type JobOutcome, runJob } from "./queues/run-job.ts"
export {
  applySchedules,
  DEFAULT_SCHEDULES,
  type ScheduleEntry,
  ScheduleForUnknownQueue,
  withScheduleOverrides
} from "./schedules.ts"
export { InvalidJobPayload, type SendJobOptions, sendJob } from "./send-job.ts"
export { serveQueues } from "./serve.ts"
export { startWorker, type WorkerOptions } from "./worker.ts"
