// Usage, cost, budget and history of one run: tokens per call, USD from a configurable price table, totals
// per module path and per model, a hard budget checked before each provider call (so spending can exceed it
// by at most the calls already in flight), and the inspectable call history (DSPy `inspect_history`).
// There is no built-in price table: provider prices change, and a stale default would under-count spending.
import { Context, Effect, Layer, Result } from "effect"
import { BudgetExceeded, UnpricedModel } from "../errors.ts"
import { type ChatMessage, type TokenUsage, zeroUsage } from "./types.ts"

/** USD per million tokens for one model. */
export interface ModelPrice {
  readonly inputUsdPerMillion: number
  readonly outputUsdPerMillion: number
}

/** Prices by model name; a name also prices its dated variants ("gpt-4o-mini" prices "gpt-4o-mini-2024-07-18"). */
export type PriceTable = Readonly<Record<string, ModelPrice>>

/** Hard limits of a run; any of them stops new calls with `BudgetExceeded`. */
export interface Budget {
  readonly maxCalls?: number | undefined
  readonly maxTokens?: number | undefined
  /**
   * USD limit. Needs a price for every model called: a call to a model missing from `prices` is refused
   * with `UnpricedModel` (without `maxUsd`, unpriced calls run and count as $0 in `unpricedCalls`).
   */
  readonly maxUsd?: number | undefined
}

/** Totals of a set of calls. Cache hits cost nothing and are counted apart, as DSPy's usage tracker does. */
export interface UsageTotals {
  readonly calls: number
  readonly cacheHits: number
  readonly failures: number
  readonly promptTokens: number
  readonly completionTokens: number
  readonly totalTokens: number
  readonly costUsd: number
  /** Calls whose model had no price (cost counted as 0). */
  readonly unpricedCalls: number
}

/** One language-model call as it happened. */
export interface HistoryEntry {
  readonly id: number
  readonly modulePath: string
  readonly provider: string
  readonly model: string
  readonly messages: ReadonlyArray<ChatMessage>
  readonly outputs: ReadonlyArray<string>
  readonly usage: TokenUsage
  readonly costUsd: number
  readonly latencyMs: number
  readonly cacheHit: boolean
  readonly startedAtMs: number
  readonly rolloutId: string | number | undefined
  readonly error: string | undefined
}

class MutableTotals {
  calls = 0
  cacheHits = 0
  failures = 0
  promptTokens = 0
  completionTokens = 0
  totalTokens = 0
  costUsd = 0
  unpricedCalls = 0

  snapshot(): UsageTotals {
    return {
      calls: this.calls,
      cacheHits: this.cacheHits,
      failures: this.failures,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      totalTokens: this.totalTokens,
      costUsd: this.costUsd,
      unpricedCalls: this.unpricedCalls
    }
  }
}

/** Options of a ledger. */
export interface UsageLedgerOptions {
  readonly prices?: PriceTable
  readonly budget?: Budget
  /** History entries kept (oldest dropped first). Default 10,000 (DSPy `max_history_size`). */
  readonly maxHistory?: number
}

/** The cost of `usage` for `model` under `prices`, or undefined when the model has no price. */
export const priceOf = (prices: PriceTable, model: string, usage: TokenUsage): number | undefined => {
  let price = prices[model]
  if (price === undefined) {
    let bestLength = 0
    for (const [name, candidate] of Object.entries(prices)) {
      if (model.startsWith(name) && name.length > bestLength) {
        price = candidate
        bestLength = name.length
      }
    }
  }
  if (price === undefined) return undefined
  return (usage.promptTokens * price.inputUsdPerMillion + usage.completionTokens * price.outputUsdPerMillion) / 1e6
}

/** Counts, prices and limits the calls of one run. Create one per run (its layer does). */
export class UsageLedger {
  /** The ledger of the current run, if any (calls are untracked without one). */
  static readonly Current = Context.Reference<UsageLedger | undefined>("@preflight/core-signatures/UsageLedger", {
    defaultValue: () => undefined
  })

  /** A layer giving the effects it provides a fresh ledger. */
  static layer(options: UsageLedgerOptions = {}): Layer.Layer<never> {
    return Layer.effect(
      UsageLedger.Current,
      Effect.sync(() => new UsageLedger(options))
    )
  }

  /** Runs `effect` with this ledger (usable point-free: `program.pipe(ledger.provide)`). */
  readonly provide = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.provideService(effect, UsageLedger.Current, this)

  readonly prices: PriceTable
  readonly budget: Budget
  private readonly maxHistory: number
  private readonly total = new MutableTotals()
  private readonly modules = new Map<string, MutableTotals>()
  private readonly models = new Map<string, MutableTotals>()
  private readonly entries: HistoryEntry[] = []
  private nextId = 1
  private inFlightCalls = 0

  constructor(options: UsageLedgerOptions = {}) {
    this.prices = options.prices ?? {}
    this.budget = options.budget ?? {}
    this.maxHistory = options.maxHistory ?? 10_000
  }

  /** Calls started and not yet settled. */
  get inFlight(): number {
    return this.inFlightCalls
  }

  /**
   * Claims a slot for one provider call to `model`, or fails when the budget is spent. Calls are counted when
   * they start, so `maxCalls` is never exceeded; tokens and USD are known only afterwards, so they can be
   * exceeded by at most the calls in flight when the limit was reached. With `maxUsd` set, a model that has
   * no price fails with `UnpricedModel`: its cost would count as $0 and the limit would never stop it.
   */
  reserve(model: string): Result.Result<void, BudgetExceeded | UnpricedModel> {
    const { maxCalls, maxTokens, maxUsd } = this.budget
    if (maxUsd !== undefined && priceOf(this.prices, model, zeroUsage) === undefined) {
      return Result.fail(new UnpricedModel({ model, maxUsd }))
    }
    const started = this.total.calls + this.total.failures + this.inFlightCalls
    if (maxCalls !== undefined && started >= maxCalls) {
      return Result.fail(
        new BudgetExceeded({ limit: "calls", max: maxCalls, used: started, inFlight: this.inFlightCalls })
      )
    }
    if (maxTokens !== undefined && this.total.totalTokens >= maxTokens) {
      return Result.fail(
        new BudgetExceeded({
          limit: "tokens",
          max: maxTokens,
          used: this.total.totalTokens,
          inFlight: this.inFlightCalls
        })
      )
    }
    if (maxUsd !== undefined && this.total.costUsd >= maxUsd) {
      return Result.fail(
        new BudgetExceeded({ limit: "usd", max: maxUsd, used: this.total.costUsd, inFlight: this.inFlightCalls })
      )
    }
    this.inFlightCalls++
    return Result.succeed(undefined)
  }

  private totalsFor(map: Map<string, MutableTotals>, key: string): MutableTotals {
    let totals = map.get(key)
    if (totals === undefined) {
      totals = new MutableTotals()
      map.set(key, totals)
    }
    return totals
  }

  /**
   * Settles a reserved call that returned; returns its cost in USD. The call is priced by the model that
   * answered, else by `requestedModel` (an Azure deployment or an alias answers under another name).
   */
  settle(modulePath: string, model: string, usage: TokenUsage, requestedModel: string = model): number {
    this.inFlightCalls = Math.max(0, this.inFlightCalls - 1)
    const cost =
      priceOf(this.prices, model, usage) ??
      (requestedModel === model ? undefined : priceOf(this.prices, requestedModel, usage))
    for (const totals of [this.total, this.totalsFor(this.modules, modulePath), this.totalsFor(this.models, model)]) {
      totals.calls++
      totals.promptTokens += usage.promptTokens
      totals.completionTokens += usage.completionTokens
      totals.totalTokens += usage.totalTokens
      totals.costUsd += cost ?? 0
      if (cost === undefined) totals.unpricedCalls++
    }
    return cost ?? 0
  }

  /** Settles a reserved call that failed. */
  fail(modulePath: string, model: string): void {
    this.inFlightCalls = Math.max(0, this.inFlightCalls - 1)
    for (const totals of [this.total, this.totalsFor(this.modules, modulePath), this.totalsFor(this.models, model)]) {
      totals.failures++
    }
  }

  /** Counts a call answered from the cache. */
  cacheHit(modulePath: string, model: string): void {
    for (const totals of [this.total, this.totalsFor(this.modules, modulePath), this.totalsFor(this.models, model)]) {
      totals.cacheHits++
    }
  }

  /** Appends a history entry (its id is assigned here). */
  record(entry: Omit<HistoryEntry, "id">): HistoryEntry {
    const full: HistoryEntry = { ...entry, id: this.nextId++ }
    this.entries.push(full)
    if (this.entries.length > this.maxHistory) this.entries.splice(0, this.entries.length - this.maxHistory)
    return full
  }

  /** Totals of the whole run. */
  totals(): UsageTotals {
    return this.total.snapshot()
  }

  /** Totals per module path ("" is a predictor run on its own). */
  byModule(): ReadonlyMap<string, UsageTotals> {
    return new Map([...this.modules].map(([key, totals]) => [key, totals.snapshot()]))
  }

  /** Totals per model. */
  byModel(): ReadonlyMap<string, UsageTotals> {
    return new Map([...this.models].map(([key, totals]) => [key, totals.snapshot()]))
  }

  /** The last `count` calls (all kept calls when omitted), oldest first. */
  history(count?: number): ReadonlyArray<HistoryEntry> {
    return count === undefined ? [...this.entries] : this.entries.slice(Math.max(0, this.entries.length - count))
  }

  /** The last `count` calls as readable text (DSPy `inspect_history`). */
  inspectHistory(count = 1): string {
    return this.history(count)
      .map((entry) => {
        const head = `[${entry.id}] ${entry.modulePath === "" ? "(predictor)" : entry.modulePath} · ${entry.model} · ${entry.latencyMs.toFixed(1)} ms · ${entry.usage.totalTokens} tokens${entry.cacheHit ? " · cache hit" : ""}`
        const messages = entry.messages.map((message) => `--- ${message.role}\n${message.content}`).join("\n")
        const outputs = entry.outputs.map((output, index) => `--- response ${index + 1}\n${output}`).join("\n")
        return `${head}\n${messages}\n${outputs}${entry.error === undefined ? "" : `\n--- error\n${entry.error}`}`
      })
      .join("\n\n")
  }
}
