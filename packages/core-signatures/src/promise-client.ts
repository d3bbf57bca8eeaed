// A plain Promise API for code that does not use Effect: one client owns the language-model layer, the
// cache and a usage ledger, runs modules and evaluations, and exposes usage, cost and history.
import { Effect, Layer, ManagedRuntime } from "effect"
import { type EvaluateOptions, type EvaluationResult, evaluate } from "./evaluate.ts"
import {
  type CacheOptions,
  type CacheStats,
  type CacheStoreShape,
  LanguageModelCache,
  makeLanguageModelCache
} from "./lm/cache.ts"
import type { LanguageModel } from "./lm/language-model.ts"
import { OpenAiLanguageModel, type OpenAiOptions } from "./lm/openai-language-model.ts"
import { withLmSettings } from "./lm/settings.ts"
import type { LmSettings } from "./lm/types.ts"
import { type Budget, type HistoryEntry, type PriceTable, UsageLedger, type UsageTotals } from "./lm/usage-ledger.ts"
import type { CallOptions } from "./modules/module.ts"

/** Options of a client. */
export interface ClientOptions {
  /** A LanguageModel layer (e.g. `ScriptedLanguageModel.layer(...)`) or options of the OpenAI layer. */
  readonly languageModel: Layer.Layer<LanguageModel> | OpenAiOptions
  /** Memory LRU options, or false for no cache. Default: a 100,000-entry LRU. */
  readonly cache?: CacheOptions | false
  /** A persistent second cache level. */
  readonly cacheStore?: CacheStoreShape
  /** USD per million tokens by model name; required for every model called when `budget.maxUsd` is set. */
  readonly prices?: PriceTable
  /** Hard limits; with `maxUsd`, a call to a model missing from `prices` rejects with `UnpricedModel`. */
  readonly budget?: Budget
  /** Default model settings of every call made through this client. */
  readonly settings?: LmSettings
}

/** What the client runs: any module (or object with a compatible `run`). */
export interface RunnableModule<I, O> {
  run(inputs: I, options?: CallOptions): Effect.Effect<O, unknown, LanguageModel>
}

/** The Promise client. Errors reject with the package's typed error objects (e.g. `OutputParseError`). */
export interface Client {
  run<I extends object, O>(module: RunnableModule<I, O>, inputs: I, options?: CallOptions): Promise<O>
  evaluate<I extends object, P, E>(
    program: { run(inputs: I): Effect.Effect<P, E, LanguageModel> },
    options: EvaluateOptions<P>
  ): Promise<EvaluationResult<P>>
  usage(): UsageTotals
  usageByModule(): ReadonlyMap<string, UsageTotals>
  history(count?: number): ReadonlyArray<HistoryEntry>
  inspectHistory(count?: number): string
  cacheStats(): CacheStats
  /** Releases the runtime. */
  close(): Promise<void>
}

/**
 * Creates a Promise client. A USD budget needs the price of each model called (there is no built-in table).
 * @example
 * const client = createClient({
 *   languageModel: { apiKey, model: "gpt-4o-mini" },
 *   prices: { "gpt-4o-mini": { inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6 } },
 *   budget: { maxUsd: 4 }
 * })
 * const prediction = await client.run(new Predict(Signature.parse("question -> answer")), { question: "Hi?" })
 */
export const createClient = (options: ClientOptions): Client => {
  const ledger = new UsageLedger({
    ...(options.prices === undefined ? {} : { prices: options.prices }),
    ...(options.budget === undefined ? {} : { budget: options.budget })
  })
  const cache =
    options.cache === false
      ? LanguageModelCache.disabled
      : makeLanguageModelCache(options.cache ?? {}, options.cacheStore)
  const languageModel = Layer.isLayer(options.languageModel)
    ? (options.languageModel as Layer.Layer<LanguageModel>)
    : OpenAiLanguageModel.layer(options.languageModel as OpenAiOptions)
  const runtime = ManagedRuntime.make(languageModel)
  const prepare = <A, E>(effect: Effect.Effect<A, E, LanguageModel>): Effect.Effect<A, E, LanguageModel> => {
    const withCache = Effect.provideService(ledger.provide(effect), LanguageModelCache, cache)
    return options.settings === undefined ? withCache : withCache.pipe(withLmSettings(options.settings))
  }
  return {
    run: (module, inputs, callOptions) => runtime.runPromise(prepare(module.run(inputs, callOptions))),
    evaluate: (program, evaluateOptions) => runtime.runPromise(prepare(evaluate(program, evaluateOptions))),
    usage: () => ledger.totals(),
    usageByModule: () => ledger.byModule(),
    history: (count) => ledger.history(count),
    inspectHistory: (count) => ledger.inspectHistory(count),
    cacheStats: () => cache.stats(),
    close: () => runtime.dispose()
  }
}
