// The Module base: a program made of named sub-modules and predictors. Optimizers walk `namedPredictors()`
// to read and set each predictor's demos and signature, deep-copy programs, and dump/load their state.
import { Effect, type Result } from "effect"
import type { ProgramStateMismatch } from "../errors.ts"
import type { LanguageModel } from "../lm/language-model.ts"
import type { LmSettings } from "../lm/types.ts"
import type { FieldValues } from "../signature/signature.ts"
import { dumpProgramState, loadProgramState, type ProgramState } from "../state/program-state.ts"
import type { Predict } from "./predict.ts"

/** Per-call options every module accepts. */
export interface CallOptions {
  /** Model choice for this call (wins over the module's and the context's settings). */
  readonly settings?: LmSettings | undefined
}

/** Any module, whatever its input and output types (inputs are contravariant, hence `never`). */
export type AnyModule = Module<never, unknown>

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== "object") return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

const copyValue = (value: unknown): unknown => {
  if (value instanceof Module) return value.deepCopy()
  if (Array.isArray(value)) return value.map(copyValue)
  if (value instanceof Map) return new Map([...value].map(([key, entry]) => [key, copyValue(entry)]))
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {}
    for (const [key, entry] of Object.entries(value)) copy[key] = copyValue(entry)
    return copy
  }
  // Functions, zod schemas, signatures and examples are immutable or shared on purpose (DSPy falls back
  // to a shallow copy for what it cannot deep-copy, too).
  return value
}

/**
 * Base of every program. Sub-modules are found in the instance's own properties (a module, an array of
 * modules or a record of modules), so `class P extends Module { evaluate = new ChainOfThought(Sig) }`
 * needs no registration; override {@link namedSubmodules} to list them explicitly instead.
 */
export abstract class Module<I extends object = FieldValues, O = unknown> {
  /** Dotted path from the root program ("" for the root), assigned on the root's first `run`. */
  path = ""
  private pathsAssigned = false

  /** True only for `Predict`. */
  get isPredictor(): boolean {
    return false
  }

  /** The module's computation. Call sub-modules with their `run`. */
  abstract forward(inputs: I, options?: CallOptions): Effect.Effect<O, unknown, LanguageModel>

  /**
   * Runs the module: assigns sub-module paths on the first run and wraps composite modules in a
   * `Module.run` span (a predictor's call is already a `LanguageModel.call` span carrying its path).
   */
  run(inputs: I, options?: CallOptions): Effect.Effect<O, Module.ErrorOf<this>, LanguageModel> {
    if (!this.pathsAssigned) this.assignPaths()
    const forward = this.forward(inputs, options) as Effect.Effect<O, Module.ErrorOf<this>, LanguageModel>
    if (this.isPredictor) return forward
    return forward.pipe(
      Effect.withSpan(
        "Module.run",
        { attributes: { "module.path": this.path, "module.class": this.constructor.name } },
        // Capturing a call-site stack per span costs microseconds on the hot path.
        { captureStackTrace: false }
      )
    )
  }

  /** Runs the module over many inputs with at most `concurrency` at once; order is preserved. */
  batch(
    inputs: ReadonlyArray<I>,
    options: { readonly concurrency?: number; readonly settings?: LmSettings } = {}
  ): Effect.Effect<ReadonlyArray<O>, Module.ErrorOf<this>, LanguageModel> {
    return Effect.forEach(inputs, (input) => this.run(input, { settings: options.settings }), {
      concurrency: options.concurrency ?? 8
    })
  }

  /** Assigns `path` on every sub-module from this module (called by `run`; call it after restructuring). */
  assignPaths(): void {
    this.pathsAssigned = true
    for (const [name, sub] of this.namedSubmodules()) {
      sub.path = this.path === "" ? name : `${this.path}.${name}`
      sub.assignPaths()
    }
  }

  /** Direct sub-modules with their names (`name`, `name[0]`, `name.key`). */
  namedSubmodules(): ReadonlyArray<readonly [string, AnyModule]> {
    const found: Array<readonly [string, AnyModule]> = []
    for (const [key, value] of Object.entries(this)) {
      if (value instanceof Module) found.push([key, value])
      else if (Array.isArray(value)) {
        value.forEach((item, index) => {
          if (item instanceof Module) found.push([`${key}[${index}]`, item])
        })
      } else if (isPlainObject(value)) {
        for (const [entryKey, entry] of Object.entries(value)) {
          if (entry instanceof Module) found.push([`${key}.${entryKey}`, entry])
        }
      }
    }
    return found
  }

  /**
   * Every predictor in the program with its dotted name, depth-first in property order (DSPy
   * `named_predictors`): e.g. `[["evaluate.predict", Predict], ["assess", Predict]]`. A bare Predict lists
   * itself as "self".
   */
  namedPredictors(): ReadonlyArray<readonly [string, Predict<FieldValues, FieldValues>]> {
    if (this.isPredictor) return [["self", this as unknown as Predict<FieldValues, FieldValues>]]
    const found: Array<readonly [string, Predict<FieldValues, FieldValues>]> = []
    const seen = new Set<AnyModule>()
    const walk = (module: AnyModule, prefix: string): void => {
      for (const [name, sub] of module.namedSubmodules()) {
        if (seen.has(sub)) continue
        seen.add(sub)
        const path = prefix === "" ? name : `${prefix}.${name}`
        if (sub.isPredictor) found.push([path, sub as unknown as Predict<FieldValues, FieldValues>])
        else walk(sub, path)
      }
    }
    walk(this, "")
    return found
  }

  /** The predictors without their names. */
  predictors(): ReadonlyArray<Predict<FieldValues, FieldValues>> {
    return this.namedPredictors().map(([, predictor]) => predictor)
  }

  /** Sets the language-model settings of every predictor (DSPy `set_lm`). */
  setLmSettings(settings: LmSettings | undefined): void {
    for (const predictor of this.predictors()) predictor.settings = settings
  }

  /** An independent copy: sub-modules, predictors and their demo lists are copied; signatures are shared (immutable). */
  deepCopy(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this
    for (const [key, value] of Object.entries(this)) {
      ;(copy as Record<string, unknown>)[key] = copyValue(value)
    }
    return copy
  }

  /** The learned state (demos, instructions, descriptions, settings, field types) as JSON-ready data. */
  dumpState(): ProgramState {
    return dumpProgramState(this)
  }

  /**
   * Loads a saved state (Preflight's or Python DSPy's) into this program's predictors. Checks every
   * predictor and field type first; on a mismatch nothing changes and the error says what differs.
   */
  loadState(state: unknown): Result.Result<void, ProgramStateMismatch> {
    return loadProgramState(this, state)
  }

  /** A copy with every predictor reset (no demos), like DSPy `reset_copy`. */
  resetCopy(): this {
    const copy = this.deepCopy()
    for (const predictor of copy.predictors()) predictor.reset()
    return copy
  }
}

export declare namespace Module {
  /** The error type of a module's `forward`. */
  type ErrorOf<M> = M extends { forward(...args: ReadonlyArray<never>): Effect.Effect<unknown, infer E, unknown> }
    ? E
    : never
}
