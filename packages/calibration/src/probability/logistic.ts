// Numerically safe logistic and logit functions shared by the recalibration methods.

/** σ(z) = 1/(1 + e^{−z}) without overflow for large |z|. */
export const sigmoid = (z: number): number => {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

/** Smallest distance from 0 and 1 a probability is clipped to before taking its logit. */
export const LOGIT_CLIP = 1e-15

/** logit(p) = ln(p/(1 − p)), with p clipped to [1e-15, 1 − 1e-15] so 0 and 1 stay finite. */
export const logit = (p: number): number => {
  const clipped = Math.min(Math.max(p, LOGIT_CLIP), 1 - LOGIT_CLIP)
  return Math.log(clipped) - Math.log1p(-clipped)
}

/** ln(1 + e^z) without overflow. */
export const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)))
