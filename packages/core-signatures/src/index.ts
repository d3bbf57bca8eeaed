// Public API of @preflight/core-signatures: DSPy-style prompt programming in TypeScript on Effect and zod.
// Parsers, cache keys, backoff arithmetic and trace plumbing stay internal (tests import them from `src/`);
// `retryTransient` is public so other layers (the worker's job model) retry on the same schedule.

// Adapters
export type { Adapter, ParseOutcome } from "./adapters/adapter.ts"
export { ChatAdapter } from "./adapters/chat-adapter.ts"
export { JsonAdapter } from "./adapters/json-adapter.ts"
// Errors
export {
  BudgetExceeded,
  type ConfigurationError,
  InputValidationError,
  isConfigurationError,
  LmConnectionError,
  LmContextWindowExceeded,
  type LmError,
  LmInvalidResponse,
  LmRateLimited,
  LmRequestRejected,
  LmServerError,
  LmTimeout,
  OutputParseError,
  type PredictError,
  ProgramStateMismatch,
  SignatureError,
  TooManyErrors,
  UnpricedModel
} from "./errors.ts"
// Evaluation
export {
  DEFAULT_MAX_ERRORS,
  type EvaluateOptions,
  type EvaluationResult,
  type ExampleResult,
  evaluate,
  type Metric,
  type Runnable
} from "./evaluate.ts"
// Examples and predictions
export { Example, type ExampleOptions, Prediction } from "./example.ts"
// Language model
export {
  type CacheOptions,
  type CacheStats,
  CacheStore,
  CacheStoreError,
  type CacheStoreShape,
  LanguageModelCache,
  type LanguageModelCacheShape,
  makeLanguageModelCache
} from "./lm/cache.ts"
export { callLanguageModel, type LmCallResult, LmSpanText } from "./lm/call-language-model.ts"
export { LanguageModel, type LanguageModelDefaults, type LanguageModelShape } from "./lm/language-model.ts"
export { OpenAiLanguageModel, type OpenAiOptions } from "./lm/openai-language-model.ts"
export { defaultRetryPolicy, jitterStreamOf, type RetryPolicy, retryTransient } from "./lm/retry.ts"
export {
  renderScriptedOutputs,
  type ScriptedAnswer,
  ScriptedLanguageModel,
  type ScriptedOptions,
  type ScriptedRule
} from "./lm/scripted-language-model.ts"
export { LmContextSettings, LmOverrides, resolveRequest, withLmOverrides, withLmSettings } from "./lm/settings.ts"
export type {
  ChatMessage,
  LmCompletion,
  LmRequest,
  LmSettings,
  ResponseFormat,
  TokenUsage
} from "./lm/types.ts"
export {
  type Budget,
  type HistoryEntry,
  type ModelPrice,
  type PriceTable,
  priceOf,
  UsageLedger,
  type UsageLedgerOptions,
  type UsageTotals
} from "./lm/usage-ledger.ts"
// Modules
export { BestOfN, type BestOfNOptions, Refine, type RewardFunction } from "./modules/best-of-n.ts"
export { ChainOfThought, type WithReasoning } from "./modules/chain-of-thought.ts"
export { type AnyModule, type CallOptions, Module } from "./modules/module.ts"
export { type AdapterKind, Predict, type PredictOptions } from "./modules/predict.ts"
export { type AnyTool, ReAct, type ReActOutputs, type Tool, tool } from "./modules/react.ts"
export { type TraceStep, withTrace } from "./modules/trace.ts"
// Promise facade
export { type Client, type ClientOptions, createClient, type RunnableModule } from "./promise-client.ts"
// Signatures
export { type FieldType, historyType, type ObjectFieldType } from "./signature/field-type.ts"
export {
  defaultInstructions,
  type FieldDefinition,
  type FieldRole,
  type FieldValues,
  type InferFields,
  Signature,
  type SignatureField
} from "./signature/signature.ts"
// Program files
export {
  dumpProgramState,
  loadProgramJson,
  loadProgramState,
  PROGRAM_FORMAT_VERSION,
  type PredictorState,
  type ProgramState,
  programToJson,
  type SavedField
} from "./state/program-state.ts"
