// Prior distributions of the Bayesian MMM (log density up to a constant, and its derivative) and the
// transforms that map each constrained parameter to the real line for the sampler.

export type Prior =
  | { readonly kind: "normal"; readonly mu: number; readonly sigma: number }
  | { readonly kind: "half-normal"; readonly sigma: number }
  | { readonly kind: "gamma"; readonly shape: number; readonly rate: number }
  | { readonly kind: "beta"; readonly a: number; readonly b: number }
  | { readonly kind: "laplace"; readonly mu: number; readonly scale: number }
  | { readonly kind: "flat" }

/** Support of a parameter: real line, (0, ∞), or the interval (low, high). */
export type Support =
  | { readonly kind: "real" }
  | { readonly kind: "positive" }
  | { readonly kind: "interval"; readonly low: number; readonly high: number }

/** log p(θ) + const and d log p/dθ. Beta priors on an interval act on (θ − low)/(high − low). */
export const priorLogDensity = (
  prior: Prior,
  support: Support,
  theta: number
): { readonly value: number; readonly gradient: number } => {
  switch (prior.kind) {
    case "normal": {
      const z = (theta - prior.mu) / prior.sigma
      return { value: -0.5 * z * z, gradient: -z / prior.sigma }
    }
    case "half-normal": {
      const z = theta / prior.sigma
      return { value: -0.5 * z * z, gradient: -z / prior.sigma }
    }
    case "gamma":
      return {
        value: (prior.shape - 1) * Math.log(theta) - prior.rate * theta,
        gradient: (prior.shape - 1) / theta - prior.rate
      }
    case "beta": {
      const low = support.kind === "interval" ? support.low : 0
      const width = support.kind === "interval" ? support.high - support.low : 1
      const u = (theta - low) / width
      return {
        value: (prior.a - 1) * Math.log(u) + (prior.b - 1) * Math.log(1 - u),
        gradient: ((prior.a - 1) / u - (prior.b - 1) / (1 - u)) / width
      }
    }
    case "laplace":
      return { value: -Math.abs(theta - prior.mu) / prior.scale, gradient: -Math.sign(theta - prior.mu) / prior.scale }
    case "flat":
      return { value: 0, gradient: 0 }
  }
}

const sigmoid = (u: number): number => (u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u)))

/** θ(u), dθ/du, log|dθ/du| and its derivative in u. */
export const constrain = (
  support: Support,
  u: number
): { readonly theta: number; readonly dTheta: number; readonly logJacobian: number; readonly dLogJacobian: number } => {
  if (support.kind === "real") return { theta: u, dTheta: 1, logJacobian: 0, dLogJacobian: 0 }
  if (support.kind === "positive") {
    const theta = Math.exp(u)
    return { theta, dTheta: theta, logJacobian: u, dLogJacobian: 1 }
  }
  const s = sigmoid(u)
  const width = support.high - support.low
  // Keep θ strictly inside the interval even when s rounds to 0 or 1.
  const clamped = Math.min(1 - 1e-15, Math.max(1e-15, s))
  return {
    theta: support.low + width * clamped,
    dTheta: width * clamped * (1 - clamped),
    logJacobian: Math.log(width) + Math.log(clamped) + Math.log(1 - clamped),
    dLogJacobian: 1 - 2 * clamped
  }
}

/** u(θ), the inverse of `constrain`. */
export const unconstrain = (support: Support, theta: number): number => {
  if (support.kind === "real") return theta
  if (support.kind === "positive") return Math.log(theta)
  const s = (theta - support.low) / (support.high - support.low)
  return Math.log(s / (1 - s))
}
