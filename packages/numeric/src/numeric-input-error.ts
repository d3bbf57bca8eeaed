// The one error type of the pure kernels: the argument (`field`), what is wrong with it (`reason`) and the
// row (`index`) when there is one. Kernels return it (they never throw on bad input); each package turns it
// into its own typed error (calibration's InvalidInput, causal's CausalInputError) with the same fields.

/** A bad input to a numeric kernel: `field` names the argument, `index` the row. */
export class NumericInputError extends Error {
  readonly _tag = "NumericInputError"
  readonly field: string
  readonly reason: string
  readonly index: number | undefined

  constructor(field: string, reason: string, index?: number) {
    super(index === undefined ? `${field}: ${reason}` : `${field}[${index}]: ${reason}`)
    this.name = "NumericInputError"
    this.field = field
    this.reason = reason
    this.index = index
  }
}
