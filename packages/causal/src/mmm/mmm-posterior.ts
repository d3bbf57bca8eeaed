// Log posterior of the Bayesian MMM and its exact gradient on the unconstrained scale:
// y_t ~ Normal(Σ_j γ_j z_tj + Σ_c β_c·S_c(Σ_l w_l(φ_c)·x_c,t−l; ψ_c), σ), with priors on every parameter.
// Hot path of the sampler: plain loops over Float64Arrays, buffers allocated once.
import { type AdstockSpec, adstockParameterNames, adstockWeights } from "./adstock.ts"
import { constrain, type Prior, priorLogDensity, type Support } from "./priors.ts"
import { type SaturationKind, saturationParameterNames, saturationSeries } from "./saturation.ts"

export interface ParameterSlot {
  readonly name: string
  readonly support: Support
  readonly prior: Prior
}

export interface ChannelDesign {
  readonly name: string
  /** Spend on the model scale. */
  readonly x: Float64Array
  readonly adstock: AdstockSpec
  readonly saturation: SaturationKind
  readonly priors: {
    readonly beta: Prior
    readonly adstock: ReadonlyArray<Prior>
    readonly saturation: ReadonlyArray<Prior>
  }
}

export interface LinearTerm {
  readonly name: string
  readonly column: Float64Array
  readonly prior: Prior
}

export interface MmmDesign {
  /** Target on the model scale. */
  readonly y: Float64Array
  readonly linear: ReadonlyArray<LinearTerm>
  readonly channels: ReadonlyArray<ChannelDesign>
  readonly sigmaPrior: Prior
}

export interface ChannelLayout {
  readonly beta: number
  readonly adstock: ReadonlyArray<number>
  readonly saturation: ReadonlyArray<number>
}

export interface MmmPosterior {
  readonly slots: ReadonlyArray<ParameterSlot>
  readonly channelLayout: ReadonlyArray<ChannelLayout>
  readonly sigmaIndex: number
  /** log posterior at unconstrained u; writes d/du into `gradient`. */
  readonly logDensity: (u: Float64Array, gradient: Float64Array) => number
  readonly toConstrained: (u: Float64Array) => Float64Array
}

const adstockSupport = (spec: AdstockSpec, index: number): Support => {
  if (spec.kind === "geometric" || (spec.kind === "delayed" && index === 0))
    return { kind: "interval", low: 0, high: 1 }
  if (spec.kind === "delayed") return { kind: "interval", low: 0, high: Math.max(1e-6, (spec.lMax ?? 8) - 1) }
  return { kind: "positive" }
}

export const buildPosterior = (design: MmmDesign): MmmPosterior => {
  const slots: Array<ParameterSlot> = []
  for (const term of design.linear) slots.push({ name: term.name, support: { kind: "real" }, prior: term.prior })
  const channelLayout: Array<ChannelLayout> = []
  for (const channel of design.channels) {
    const beta = slots.length
    slots.push({ name: `${channel.name}.beta`, support: { kind: "positive" }, prior: channel.priors.beta })
    const adstock = adstockParameterNames(channel.adstock.kind).map((name, k) => {
      slots.push({
        name: `${channel.name}.adstock.${name}`,
        support: adstockSupport(channel.adstock, k),
        prior: channel.priors.adstock[k] ?? { kind: "flat" }
      })
      return slots.length - 1
    })
    const saturation = saturationParameterNames(channel.saturation).map((name, k) => {
      slots.push({
        name: `${channel.name}.saturation.${name}`,
        support: { kind: "positive" },
        prior: channel.priors.saturation[k] ?? { kind: "flat" }
      })
      return slots.length - 1
    })
    channelLayout.push({ beta, adstock, saturation })
  }
  const sigmaIndex = slots.length
  slots.push({ name: "sigma", support: { kind: "positive" }, prior: design.sigmaPrior })
  const dimension = slots.length
  const n = design.y.length
  const mu = new Float64Array(n)
  const theta = new Float64Array(dimension)
  const dTheta = new Float64Array(dimension)
  const gTheta = new Float64Array(dimension)
  const layoutSizes = [2, 2] as const
  const channelBuffers = design.channels.map((channel) => ({
    adstocked: new Float64Array(n),
    saturated: new Float64Array(n),
    slope: new Float64Array(n),
    satGrad: [new Float64Array(n), new Float64Array(n)],
    weightGrads: [] as ReadonlyArray<Float64Array>,
    cross: new Float64Array(channel.adstock.lMax ?? 8),
    adstockParams: new Float64Array(layoutSizes[0]),
    saturationParams: new Float64Array(layoutSizes[1])
  }))
  const residual = new Float64Array(n)
  const linearColumns = design.linear.map((term) => term.column)

  const toConstrained = (u: Float64Array): Float64Array => {
    const out = new Float64Array(dimension)
    for (let j = 0; j < dimension; j++) out[j] = constrain(slots[j]?.support ?? { kind: "real" }, u[j] ?? 0).theta
    return out
  }

  const logDensity = (u: Float64Array, gradient: Float64Array): number => {
    let logp = 0
    for (let j = 0; j < dimension; j++) {
      const slot = slots[j]
      if (slot === undefined) continue
      const c = constrain(slot.support, u[j] ?? 0)
      theta[j] = c.theta
      dTheta[j] = c.dTheta
      const prior = priorLogDensity(slot.prior, slot.support, c.theta)
      logp += prior.value + c.logJacobian
      gTheta[j] = prior.gradient
      gradient[j] = c.dLogJacobian
    }
    // Mean: linear terms, then channels.
    mu.fill(0)
    for (let j = 0; j < linearColumns.length; j++) {
      const coefficient = theta[j] ?? 0
      const column = linearColumns[j] ?? mu
      for (let t = 0; t < n; t++) mu[t] = (mu[t] ?? 0) + coefficient * (column[t] ?? 0)
    }
    design.channels.forEach((channel, c) => {
      const layout = channelLayout[c]
      const buffers = channelBuffers[c]
      if (layout === undefined || buffers === undefined) return
      const adstockParams = buffers.adstockParams
      for (let k = 0; k < layout.adstock.length; k++) adstockParams[k] = theta[layout.adstock[k] ?? 0] ?? 0
      const saturationParams = buffers.saturationParams
      for (let k = 0; k < layout.saturation.length; k++) saturationParams[k] = theta[layout.saturation[k] ?? 0] ?? 0
      const { weights, gradients } = adstockWeights(channel.adstock, adstockParams)
      buffers.weightGrads = gradients
      const beta = theta[layout.beta] ?? 0
      const x = channel.x
      const lags = weights.length
      for (let t = 0; t < n; t++) {
        let a = 0
        const top = Math.min(lags, t + 1)
        for (let l = 0; l < top; l++) a += (weights[l] ?? 0) * (x[t - l] ?? 0)
        buffers.adstocked[t] = a
      }
      const [g0 = buffers.slope, g1 = buffers.slope] = buffers.satGrad
      saturationSeries(
        channel.saturation,
        buffers.adstocked,
        saturationParams,
        buffers.saturated,
        buffers.slope,
        g0,
        g1
      )
      const saturated = buffers.saturated
      for (let t = 0; t < n; t++) mu[t] = (mu[t] ?? 0) + beta * (saturated[t] ?? 0)
    })
    const sigma = theta[sigmaIndex] ?? 1
    let sumSquares = 0
    for (let t = 0; t < n; t++) {
      const r = (design.y[t] ?? 0) - (mu[t] ?? 0)
      residual[t] = r / (sigma * sigma)
      sumSquares += r * r
    }
    logp += -n * Math.log(sigma) - sumSquares / (2 * sigma * sigma)
    gTheta[sigmaIndex] = (gTheta[sigmaIndex] ?? 0) - n / sigma + sumSquares / (sigma * sigma * sigma)
    // Gradients of the log likelihood through the mean: g_t = (y_t − μ_t)/σ².
    for (let j = 0; j < linearColumns.length; j++) {
      let sum = 0
      const column = linearColumns[j] ?? residual
      for (let t = 0; t < n; t++) sum += (residual[t] ?? 0) * (column[t] ?? 0)
      gTheta[j] = (gTheta[j] ?? 0) + sum
    }
    design.channels.forEach((channel, c) => {
      const layout = channelLayout[c]
      const buffers = channelBuffers[c]
      if (layout === undefined || buffers === undefined) return
      const beta = theta[layout.beta] ?? 0
      let gBeta = 0
      for (let t = 0; t < n; t++) gBeta += (residual[t] ?? 0) * (buffers.saturated[t] ?? 0)
      gTheta[layout.beta] = (gTheta[layout.beta] ?? 0) + gBeta
      layout.saturation.forEach((j, k) => {
        const satGrad = buffers.satGrad[k] ?? new Float64Array(n)
        let sum = 0
        for (let t = 0; t < n; t++) sum += (residual[t] ?? 0) * (satGrad[t] ?? 0)
        gTheta[j] = (gTheta[j] ?? 0) + beta * sum
      })
      // ∂/∂φ = Σ_l ∂w_l/∂φ · Σ_t q_t x_{t−l}, with q_t = g_t·β·S'(A_t).
      const x = channel.x
      const lags = buffers.weightGrads[0]?.length ?? 0
      const cross = buffers.cross
      cross.fill(0)
      for (let t = 0; t < n; t++) {
        const q = (residual[t] ?? 0) * beta * (buffers.slope[t] ?? 0)
        if (q === 0) continue
        const top = Math.min(lags, t + 1)
        for (let l = 0; l < top; l++) cross[l] = (cross[l] ?? 0) + q * (x[t - l] ?? 0)
      }
      layout.adstock.forEach((j, k) => {
        const dw = buffers.weightGrads[k] ?? new Float64Array(lags)
        let sum = 0
        for (let l = 0; l < lags; l++) sum += (dw[l] ?? 0) * (cross[l] ?? 0)
        gTheta[j] = (gTheta[j] ?? 0) + sum
      })
    })
    for (let j = 0; j < dimension; j++) gradient[j] = (gradient[j] ?? 0) + (gTheta[j] ?? 0) * (dTheta[j] ?? 0)
    return logp
  }

  return { slots, channelLayout, sigmaIndex, logDensity, toConstrained }
}
