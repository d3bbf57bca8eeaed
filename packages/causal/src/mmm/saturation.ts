// Saturation (diminishing returns) curves with their derivatives: logistic (1 − e^{−λx})/(1 + e^{−λx})
// (pymc-marketing LogisticSaturation), Hill x^s/(κ^s + x^s) and Michaelis–Menten x/(λ + x). A channel's
// contribution is β·S(adstocked spend).

export type SaturationKind = "logistic" | "hill" | "michaelis-menten"

export const saturationParameterNames = (kind: SaturationKind): ReadonlyArray<string> =>
  kind === "logistic" ? ["lambda"] : kind === "hill" ? ["kappa", "slope"] : ["lambda"]

export interface SaturationValue {
  readonly value: number
  /** ∂S/∂x. */
  readonly slope: number
  /** ∂S/∂parameter, in `saturationParameterNames` order. */
  readonly gradients: ReadonlyArray<number>
}

/** S(x) and its derivatives; x ≤ 0 gives 0 with zero derivatives. */
export const saturationAt = (kind: SaturationKind, x: number, params: ArrayLike<number>): SaturationValue => {
  if (!(x > 0))
    return {
      value: 0,
      slope: kind === "logistic" ? (params[0] ?? 0) / 2 : 0,
      gradients: kind === "hill" ? [0, 0] : [0]
    }
  if (kind === "logistic") {
    const lambda = params[0] ?? 0
    const value = Math.tanh((lambda * x) / 2)
    const common = 0.5 * (1 - value * value)
    return { value, slope: lambda * common, gradients: [x * common] }
  }
  if (kind === "hill") {
    const kappa = params[0] ?? 1
    const s = params[1] ?? 1
    const u = (x / kappa) ** s
    const value = u / (1 + u)
    const dU = 1 / ((1 + u) * (1 + u))
    return { value, slope: (dU * s * u) / x, gradients: [(-dU * s * u) / kappa, dU * u * Math.log(x / kappa)] }
  }
  const lambda = params[0] ?? 1
  const denominator = lambda + x
  return {
    value: x / denominator,
    slope: lambda / (denominator * denominator),
    gradients: [-x / (denominator * denominator)]
  }
}

/** Applies a saturation curve element-wise. */
export const applySaturation = (x: ArrayLike<number>, kind: SaturationKind, params: ArrayLike<number>): Float64Array =>
  Float64Array.from(x, (v) => saturationAt(kind, v, params).value)

/**
 * Vectorised `saturationAt`: writes S, ∂S/∂x and ∂S/∂parameters for every entry of `x` into the given
 * buffers (no allocation; the sampler calls this for every gradient).
 */
export const saturationSeries = (
  kind: SaturationKind,
  x: Float64Array,
  params: ArrayLike<number>,
  value: Float64Array,
  slope: Float64Array,
  gradient0: Float64Array,
  gradient1: Float64Array
): void => {
  const n = x.length
  if (kind === "logistic") {
    const lambda = params[0] ?? 0
    for (let t = 0; t < n; t++) {
      const a = x[t] ?? 0
      if (!(a > 0)) {
        value[t] = 0
        slope[t] = lambda / 2
        gradient0[t] = 0
        continue
      }
      const s = Math.tanh((lambda * a) / 2)
      const common = 0.5 * (1 - s * s)
      value[t] = s
      slope[t] = lambda * common
      gradient0[t] = a * common
    }
    return
  }
  if (kind === "hill") {
    const kappa = params[0] ?? 1
    const power = params[1] ?? 1
    for (let t = 0; t < n; t++) {
      const a = x[t] ?? 0
      if (!(a > 0)) {
        value[t] = 0
        slope[t] = 0
        gradient0[t] = 0
        gradient1[t] = 0
        continue
      }
      const u = (a / kappa) ** power
      const dU = 1 / ((1 + u) * (1 + u))
      value[t] = u / (1 + u)
      slope[t] = (dU * power * u) / a
      gradient0[t] = (-dU * power * u) / kappa
      gradient1[t] = dU * u * Math.log(a / kappa)
    }
    return
  }
  const lambda = params[0] ?? 1
  for (let t = 0; t < n; t++) {
    const a = Math.max(0, x[t] ?? 0)
    const denominator = lambda + a
    value[t] = a / denominator
    slope[t] = lambda / (denominator * denominator)
    gradient0[t] = -a / (denominator * denominator)
  }
}
