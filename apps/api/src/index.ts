// @preflight/api: Preflight's HTTP API (Hono on Node): the app, its runtime, the server lifecycle, the API key
// operations the CLI exposes, and the background simulation jobs interface.
export { API_VERSION, type ApiAppType, type ApiOptions, makeApi } from "./app.ts"
export {
  type ApiKeySummary,
  createApiKey,
  InvalidKeyRequest,
  listKeys,
  type NewKeyRequest,
  revokeKey
} from "./auth/api-keys.ts"
export {
  type ApiSettings,
  apiSettingsConfig,
  DEFAULT_API_SETTINGS,
  InvalidApiSettings,
  loadApiSettings
} from "./config.ts"
export type { ApiEnv, AuthenticatedKey } from "./http/api-env.ts"
export type { AccessLogSink } from "./http/run-effect.ts"
export {
  type RunSimulation,
  SimulationJobs,
  type SimulationJobsShape,
  type SimulationTicket
} from "./jobs/simulation-jobs.ts"
export { type LaunchOptions, launchApi, ServerStartFailed, shutdownSignal } from "./launch.ts"
export { stdoutSink } from "./middleware/access-log.ts"
export {
  type ApiLayerOptions,
  type ApiRuntime,
  type ApiServices,
  apiLayer,
  makeApiRuntime,
  runSimulation
} from "./runtime.ts"
export { type RunningServer, startServer } from "./server.ts"
