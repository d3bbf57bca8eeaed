// Adstock (carry-over) transformations of a spend series as finite convolutions over l_max lags, with
// pymc-marketing's conventions (pymc_marketing/mmm/transformers.py): geometric w_l = α^l, delayed
// w_l = α^((l−θ)²), Weibull PDF (pdf at l + 1, min–max scaled) and Weibull CDF (w_0 = 1,
// w_l = Π_{j≤l} (1 − F(j)), Robyn's survival form over l_max lags); `normalize` divides by Σw.
// Every kind also returns ∂w/∂parameter so the MMM posterior has exact gradients.

export type AdstockKind = "geometric" | "delayed" | "weibull-pdf" | "weibull-cdf"

export interface AdstockSpec {
  readonly kind: AdstockKind
  /** Number of lags in the window (default 8, the pymc-marketing example's). */
  readonly lMax?: number
  /** Divide the weights by their sum (default true). */
  readonly normalize?: boolean
}

/** Parameter names of each kind, in the order `adstockWeights` takes them. */
export const adstockParameterNames = (kind: AdstockKind): ReadonlyArray<string> =>
  kind === "geometric" ? ["alpha"] : kind === "delayed" ? ["alpha", "theta"] : ["lambda", "k"]

export interface AdstockWeights {
  readonly weights: Float64Array
  /** `gradients[p][l]` = ∂w_l/∂parameter p. */
  readonly gradients: ReadonlyArray<Float64Array>
}

const rawWeights = (kind: AdstockKind, lMax: number, params: ArrayLike<number>): AdstockWeights => {
  const v = new Float64Array(lMax)
  const dv0 = new Float64Array(lMax)
  const dv1 = new Float64Array(lMax)
  const a = params[0] ?? 0
  const b = params[1] ?? 0
  if (kind === "geometric") {
    for (let l = 0; l < lMax; l++) {
      v[l] = a ** l
      dv0[l] = l === 0 ? 0 : l * a ** (l - 1)
    }
    return { weights: v, gradients: [dv0] }
  }
  if (kind === "delayed") {
    const logA = Math.log(a)
    for (let l = 0; l < lMax; l++) {
      const e = (l - b) * (l - b)
      v[l] = a ** e
      dv0[l] = e === 0 ? 0 : e * a ** (e - 1)
      dv1[l] = (v[l] ?? 0) * logA * -2 * (l - b)
    }
    return { weights: v, gradients: [dv0, dv1] }
  }
  const lambda = a
  const k = b
  if (kind === "weibull-cdf") {
    // w_l = exp(−Σ_{j=1..l} (j/λ)^k): ∂log w/∂λ = Σ (k/λ)(j/λ)^k, ∂log w/∂k = −Σ (j/λ)^k·log(j/λ).
    let logW = 0
    let dLambda = 0
    let dK = 0
    for (let l = 0; l < lMax; l++) {
      if (l > 0) {
        const ratio = l / lambda
        const power = ratio ** k
        logW -= power
        dLambda += (k / lambda) * power
        dK -= power * Math.log(ratio)
      }
      const w = Math.exp(logW)
      v[l] = w
      dv0[l] = w * dLambda
      dv1[l] = w * dK
    }
    return { weights: v, gradients: [dv0, dv1] }
  }
  // Weibull PDF at t = l + 1, then min–max scaled to [0, 1] (pymc-marketing).
  const f = new Float64Array(lMax)
  const df0 = new Float64Array(lMax)
  const df1 = new Float64Array(lMax)
  for (let l = 0; l < lMax; l++) {
    const t = l + 1
    const ratio = t / lambda
    const power = ratio ** k
    const pdf = (k / lambda) * ratio ** (k - 1) * Math.exp(-power)
    f[l] = pdf
    df0[l] = pdf * (k / lambda) * (power - 1)
    df1[l] = pdf * (1 / k + Math.log(ratio) - power * Math.log(ratio))
  }
  let low = 0
  let high = 0
  for (let l = 1; l < lMax; l++) {
    if ((f[l] ?? 0) < (f[low] ?? 0)) low = l
    if ((f[l] ?? 0) > (f[high] ?? 0)) high = l
  }
  const range = (f[high] ?? 0) - (f[low] ?? 0)
  if (!(range > 0)) {
    v.fill(1)
    return { weights: v, gradients: [dv0, dv1] }
  }
  for (let l = 0; l < lMax; l++) {
    const w = ((f[l] ?? 0) - (f[low] ?? 0)) / range
    v[l] = w
    dv0[l] = ((df0[l] ?? 0) - (df0[low] ?? 0) - w * ((df0[high] ?? 0) - (df0[low] ?? 0))) / range
    dv1[l] = ((df1[l] ?? 0) - (df1[low] ?? 0) - w * ((df1[high] ?? 0) - (df1[low] ?? 0))) / range
  }
  return { weights: v, gradients: [dv0, dv1] }
}

/** Lag weights of an adstock and their parameter gradients. */
export const adstockWeights = (spec: AdstockSpec, params: ArrayLike<number>): AdstockWeights => {
  const lMax = spec.lMax ?? 8
  const raw = rawWeights(spec.kind, lMax, params)
  if (spec.normalize === false) return raw
  let sum = 0
  for (let l = 0; l < lMax; l++) sum += raw.weights[l] ?? 0
  const weights = raw.weights.map((w) => w / sum)
  const gradients = raw.gradients.map((dv) => {
    let dSum = 0
    for (let l = 0; l < lMax; l++) dSum += dv[l] ?? 0
    return dv.map((d, l) => (d - (weights[l] ?? 0) * dSum) / sum)
  })
  return { weights, gradients }
}

/** y_t = Σ_{l < lMax} w_l·x_{t−l} (the "After" convolution: effects trail the spend; x before t = 0 is 0). */
export const convolve = (x: ArrayLike<number>, weights: ArrayLike<number>): Float64Array => {
  const n = x.length
  const out = new Float64Array(n)
  for (let t = 0; t < n; t++) {
    let sum = 0
    const lags = Math.min(weights.length, t + 1)
    for (let l = 0; l < lags; l++) sum += (weights[l] ?? 0) * (x[t - l] ?? 0)
    out[t] = sum
  }
  return out
}

/** Applies an adstock with the given parameters (e.g. `{ kind: "geometric" }`, `[0.4]`). */
export const applyAdstock = (x: ArrayLike<number>, spec: AdstockSpec, params: ArrayLike<number>): Float64Array =>
  convolve(x, adstockWeights(spec, params).weights)
