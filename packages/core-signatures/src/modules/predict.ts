// Predict: the one module that calls the language model. Formats the prompt with its adapter (Chat by
// default), resolves the model settings, calls through the cache/ledger pipeline, parses and validates the
// outputs, falls back from Chat to JSON once (DSPy's ChatAdapter → JSONAdapter), and records the trace.
import { Effect } from "effect"
import { z } from "zod"
import type { Adapter, ParseOutcome } from "../adapters/adapter.ts"
import { ChatAdapter } from "../adapters/chat-adapter.ts"
import { validateFieldValue } from "../adapters/coerce.ts"
import { JsonAdapter } from "../adapters/json-adapter.ts"
import { InputValidationError, OutputParseError, type PredictError } from "../errors.ts"
import { type Example, Prediction } from "../example.ts"
import { callLanguageModel } from "../lm/call-language-model.ts"
import { LanguageModel } from "../lm/language-model.ts"
import { LmContextSettings, LmOverrides, resolveRequest } from "../lm/settings.ts"
import type { LmSettings } from "../lm/types.ts"
import type { FieldValues, Signature } from "../signature/signature.ts"
import { type CallOptions, Module } from "./module.ts"
import { CurrentHints, CurrentTrace } from "./trace.ts"

const chatAdapter = new ChatAdapter()
const jsonAdapter = new JsonAdapter()

/** Which adapter a predictor formats with. */
export type AdapterKind = "chat" | "json"

/** Options of a predictor. */
export interface PredictOptions {
  /** "chat" (default; falls back to JSON once on a parse failure) or "json" (structured outputs only). */
  readonly adapter?: AdapterKind
  /** Model settings of this predictor (DSPy's per-predictor `lm`). */
  readonly settings?: LmSettings | undefined
  readonly demos?: ReadonlyArray<Example>
}

const hintSignatures = new WeakMap<Signature, Signature>()

// DSPy Refine's WrapperAdapter appends `hint_` ("A hint to the module from an earlier run").
const withHintField = (signature: Signature): Signature => {
  const cached = hintSignatures.get(signature)
  if (cached !== undefined) return cached
  const hinted = signature.append("hint_", "input", {
    type: z.string(),
    description: "A hint to the module from an earlier run"
  }) as unknown as Signature
  hintSignatures.set(signature, hinted)
  return hinted
}

/**
 * Calls the language model for one signature.
 * @example
 * const qa = new Predict(Signature.parse("question -> answer: int"))
 * const prediction = yield* qa.run({ question: "2 + 2?" })   // prediction.outputs.answer: number
 */
export class Predict<I extends object = FieldValues, O extends object = FieldValues> extends Module<I, Prediction<O>> {
  /** The task: fields and instructions. Optimizers replace it (e.g. `signature.withInstructions(...)`). */
  signature: Signature<I, O>
  /** Few-shot demonstrations, shown as user/assistant turns. Optimizers replace the list. */
  demos: ReadonlyArray<Example>
  /** Model settings of this predictor; undefined uses the context's. */
  settings: LmSettings | undefined
  adapter: AdapterKind

  constructor(signature: Signature<I, O>, options: PredictOptions = {}) {
    super()
    this.signature = signature
    this.demos = options.demos ?? []
    this.settings = options.settings
    this.adapter = options.adapter ?? "chat"
  }

  override get isPredictor(): boolean {
    return true
  }

  /** Replaces the instructions (keeps fields). */
  setInstructions(instructions: string): void {
    this.signature = this.signature.withInstructions(instructions)
  }

  /** Clears demos and settings (DSPy `reset`). */
  reset(): void {
    this.demos = []
    this.settings = undefined
  }

  /** Checks inputs against the signature's zod types; returns the first problem. */
  private validateInputs(inputs: FieldValues): InputValidationError | undefined {
    for (const field of this.signature.inputFields) {
      const value = inputs[field.name]
      if (value === undefined) {
        if (field.optional) continue
        return new InputValidationError({ field: field.name, issues: "the value is missing", modulePath: this.path })
      }
      if (field.type.kind === "string" && typeof value === "string" && !field.optional) continue
      const checked = validateFieldValue(value, field)
      if (!checked.ok)
        return new InputValidationError({ field: field.name, issues: checked.reason, modulePath: this.path })
    }
    return undefined
  }

  forward(inputs: I, options: CallOptions = {}): Effect.Effect<Prediction<O>, PredictError, LanguageModel> {
    const self = this
    return Effect.gen(function* () {
      const record = inputs as FieldValues
      const invalid = self.validateInputs(record)
      if (invalid !== undefined) return yield* Effect.fail(invalid)
      const lm = yield* LanguageModel
      const contextSettings = yield* LmContextSettings
      const overrides = yield* LmOverrides
      const hints = yield* CurrentHints
      const hint = hints?.get(self)
      const signature = hint === undefined ? (self.signature as Signature) : withHintField(self.signature as Signature)
      const values: FieldValues = hint === undefined ? record : { ...record, hint_: hint }
      const layers = [contextSettings, self.settings, options.settings, overrides]

      const attempt = (adapter: Adapter) =>
        Effect.gen(function* () {
          const messages = adapter.format(signature, self.demos, values)
          const request = resolveRequest(lm.defaults, layers, messages, adapter.responseFormat(signature))
          const result = yield* callLanguageModel(request, self.path)
          const parsed: FieldValues[] = []
          let firstFailure: (ParseOutcome & { readonly ok: false }) | undefined
          for (const output of result.completion.outputs) {
            const outcome = adapter.parse(signature, output)
            if (outcome.ok) parsed.push(outcome.values)
            else firstFailure ??= outcome
          }
          return { parsed, firstFailure, raw: result.completion.outputs[0] ?? "" }
        })

      let outcome = yield* attempt(self.adapter === "json" ? jsonAdapter : chatAdapter)
      if (outcome.parsed.length === 0 && self.adapter === "chat") {
        const chatFailure = outcome.firstFailure
        outcome = yield* attempt(jsonAdapter)
        if (outcome.parsed.length === 0) {
          const failure = outcome.firstFailure
          return yield* Effect.fail(
            new OutputParseError({
              field: failure?.field ?? chatFailure?.field,
              raw: outcome.raw,
              adapter: "json",
              reason: `${failure?.reason ?? "no output"} (the Chat adapter failed first: ${chatFailure?.reason ?? "no output"})`,
              modulePath: self.path
            })
          )
        }
      } else if (outcome.parsed.length === 0) {
        return yield* Effect.fail(
          new OutputParseError({
            field: outcome.firstFailure?.field,
            raw: outcome.raw,
            adapter: self.adapter,
            reason: outcome.firstFailure?.reason ?? "no output",
            modulePath: self.path
          })
        )
      }
      const completions = outcome.parsed as ReadonlyArray<O>
      const first = completions[0] as O
      const trace = yield* CurrentTrace
      if (trace !== undefined) {
        trace.push({
          predictor: self as unknown as Predict<FieldValues, FieldValues>,
          path: self.path,
          inputs: record,
          outputs: first as FieldValues
        })
      }
      return new Prediction(first, completions)
    })
  }
}
