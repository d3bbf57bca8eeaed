// The offline persona model: a LanguageModel layer that is not a language model and says so (its model name
// and provider are in every usage record and span). It reads the adapter's formatted prompt, answers the
// persona signatures from the documented behavioural model, follows the prompt's demos by nearest neighbours,
// answers any other signature with schema-valid output, and is deterministic given its seed. It is the
// default without an API key, and what lets the optimizers change something offline (demos move its answers).
import {
  type LanguageModel,
  LanguageModel as LanguageModelService,
  type LanguageModelShape,
  type LmCompletion,
  type LmRequest,
  renderScriptedOutputs
} from "@preflight/core-signatures"
import { Effect, Layer } from "effect"
import { defaultValue, genericAnswer, valueForSchema } from "./generic-answer.ts"
import {
  answerAssess,
  answerEvaluate,
  answerEvaluateFreeText,
  answerPurchaseExtract,
  answerPurchaseStep,
  answerReadCreative
} from "./persona-answers.ts"
import { type PromptReading, readPrompt } from "./prompt-reader.ts"

/** The model name every completion reports. */
export const OFFLINE_MODEL_NAME = "preflight-offline-persona-v1 (not a language model)"
/** The provider name in usage records. */
export const OFFLINE_PROVIDER = "offline-persona (not a language model)"

export interface OfflinePersonaOptions {
  /** Seeds the persons' idiosyncratic taste (the only random part). Default 0. */
  readonly seed?: number
}

const ZERO_USAGE = { promptTokens: 0, completionTokens: 0, totalTokens: 0 }

const answerValues = (
  reading: PromptReading,
  seed: number,
  schemaProperties: Readonly<Record<string, unknown>>
): Record<string, unknown> => {
  switch (reading.plan.kind) {
    case "evaluate":
      return answerEvaluate(reading, seed)
    case "evaluate-free-text":
      return answerEvaluateFreeText(reading, seed)
    case "assess":
      return answerAssess(reading)
    case "purchase-step":
      return answerPurchaseStep(reading)
    case "purchase-extract":
      return answerPurchaseExtract(reading, seed)
    case "read-creative":
      return answerReadCreative(reading)
    case "generic":
      return genericAnswer(reading.plan.outputs, reading.inputs, reading.demos, schemaProperties)
  }
}

/** The text of the answer to one request (Chat markers, or JSON when the request asks for it). */
export const offlineAnswer = (request: LmRequest, seed: number): string => {
  const reading = readPrompt(request)
  const schema = request.responseFormat?.type === "json_schema" ? request.responseFormat.schema : undefined
  const properties = (schema?.properties ?? {}) as Record<string, unknown>
  const known = answerValues(reading, seed, properties)
  const values: Record<string, unknown> = {}
  // Exactly the requested outputs, in order: fields a task does not produce get the simplest valid value.
  for (const field of reading.plan.outputs) {
    values[field.name] =
      field.name in known
        ? known[field.name]
        : field.name in properties
          ? valueForSchema(properties[field.name])
          : defaultValue(field)
  }
  return renderScriptedOutputs(request, values)
}

/** Builds the service. */
export const makeOfflinePersonaModel = (options: OfflinePersonaOptions = {}): LanguageModelShape => {
  const seed = options.seed ?? 0
  const complete = (request: LmRequest): Effect.Effect<LmCompletion> =>
    Effect.sync(() => {
      const text = offlineAnswer(request, seed)
      const outputs: string[] = []
      for (let choice = 0; choice < request.n; choice++) outputs.push(text)
      return { outputs, usage: ZERO_USAGE, model: OFFLINE_MODEL_NAME }
    })
  return { provider: OFFLINE_PROVIDER, defaults: { model: OFFLINE_MODEL_NAME }, complete }
}

/** The offline persona model. */
export const OfflinePersonaModel = {
  make: makeOfflinePersonaModel,
  /** A LanguageModel layer answering from the behavioural model with this seed. */
  layer: (options: OfflinePersonaOptions = {}): Layer.Layer<LanguageModel> =>
    Layer.sync(LanguageModelService, () => makeOfflinePersonaModel(options)),
  /** Whether a language-model service is this model (its answers are the extractor's and the behavioural model's). */
  isOffline: (service: LanguageModelShape): boolean => service.provider === OFFLINE_PROVIDER
}
