// Examples (training/dev rows, split into inputs and labels) and predictions (a module's typed outputs plus
// every parsed completion), mirroring DSPy's Example / Prediction and the `augmented` flag on bootstrapped demos.
import type { FieldValues } from "./signature/signature.ts"

/** Options for building an {@link Example}. */
export interface ExampleOptions {
  /** Which keys are inputs; the rest are labels. */
  readonly inputs?: ReadonlyArray<string>
  /** True for demos produced by running the program (bootstrapping) rather than taken from data. */
  readonly augmented?: boolean
}

/** An immutable row of named values with an optional split into inputs and labels. */
export class Example<T extends object = FieldValues> {
  readonly values: T
  readonly inputKeys: ReadonlyArray<string> | undefined
  readonly augmented: boolean

  private constructor(values: T, inputKeys: ReadonlyArray<string> | undefined, augmented: boolean) {
    this.values = Object.freeze({ ...values })
    this.inputKeys = inputKeys === undefined ? undefined : Object.freeze([...inputKeys])
    this.augmented = augmented
    Object.freeze(this)
  }

  /**
   * Builds an example.
   * @example Example.of({ question: "2+2?", answer: "4" }, { inputs: ["question"] })
   */
  static of<T extends object>(values: T, options: ExampleOptions = {}): Example<T> {
    return new Example(values, options.inputs, options.augmented ?? false)
  }

  /** A copy whose inputs are `keys` (DSPy `with_inputs`). */
  withInputs(...keys: ReadonlyArray<keyof T & string>): Example<T> {
    return new Example(this.values, keys, this.augmented)
  }

  /** A copy with more or replaced values. */
  with<U extends object>(values: U): Example<Omit<T, keyof U> & U> {
    return new Example({ ...this.values, ...values } as Omit<T, keyof U> & U, this.inputKeys, this.augmented)
  }

  /** A copy without the given keys. */
  without(...keys: ReadonlyArray<string>): Example {
    const values: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(this.values)) if (!keys.includes(key)) values[key] = value
    return new Example(
      values,
      this.inputKeys?.filter((key) => !keys.includes(key)),
      this.augmented
    )
  }

  /** A copy marked (or unmarked) as a bootstrapped demo. */
  withAugmented(augmented: boolean): Example<T> {
    return new Example(this.values, this.inputKeys, augmented)
  }

  /** The value of `key`. */
  get<K extends keyof T & string>(key: K): T[K] {
    return this.values[key]
  }

  /** Whether inputs were declared with {@link withInputs} or `options.inputs`. */
  get hasInputs(): boolean {
    return this.inputKeys !== undefined
  }

  /**
   * The input values. Like DSPy, this is an error when no inputs were declared.
   * @throws Error naming the remedy when `withInputs` was never called.
   */
  inputs(): FieldValues {
    if (this.inputKeys === undefined) {
      throw new Error("Inputs have not been set for this example; use example.withInputs(...) first.")
    }
    const values = this.values as FieldValues
    const inputs: Record<string, unknown> = {}
    for (const key of this.inputKeys) if (key in values) inputs[key] = values[key]
    return inputs
  }

  /** The values that are not inputs. */
  labels(): FieldValues {
    const labels: Record<string, unknown> = {}
    const inputKeys = this.inputKeys ?? []
    for (const [key, value] of Object.entries(this.values)) if (!inputKeys.includes(key)) labels[key] = value
    return labels
  }

  /** Plain JSON (DSPy's demo shape: the values plus `augmented: true` for bootstrapped demos). */
  toJSON(): Record<string, unknown> {
    const values = this.values as FieldValues
    return this.augmented ? { ...values, augmented: true } : { ...values }
  }
}

/** A module's answer: the typed outputs of the first completion and every completion that parsed. */
export class Prediction<O extends object = FieldValues> {
  readonly outputs: O
  readonly completions: ReadonlyArray<O>

  constructor(outputs: O, completions: ReadonlyArray<O> = [outputs]) {
    this.outputs = outputs
    this.completions = completions
    Object.freeze(this)
  }

  /** The value of an output field. */
  get<K extends keyof O & string>(key: K): O[K] {
    return this.outputs[key]
  }

  /** Inputs plus these outputs as a demo-ready example (inputs declared). */
  toExample<I extends object>(inputs: I, options: { readonly augmented?: boolean } = {}): Example<I & O> {
    return Example.of({ ...inputs, ...this.outputs } as I & O, {
      inputs: Object.keys(inputs),
      augmented: options.augmented ?? false
    })
  }
}
