// The Beta quantile (inverse of the regularized incomplete beta function) the copula needs to turn a uniform
// into a beta-distributed trait; @preflight/numeric has the CDF, not its inverse. Numerical Recipes 3rd ed.
// §6.14 `invbetai`: an initial guess (Abramowitz & Stegun 26.5.22 for a, b ≥ 1), then Halley steps.
import { logBeta, regularizedBeta } from "@preflight/numeric"

/** The Beta(a, b) quantile: x with I_x(a, b) = p. */
export const betaQuantile = (p: number, a: number, b: number): number => {
  if (p <= 0) return 0
  if (p >= 1) return 1
  let x: number
  if (a >= 1 && b >= 1) {
    const pp = p < 0.5 ? p : 1 - p
    const t = Math.sqrt(-2 * Math.log(pp))
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t
    if (p < 0.5) z = -z
    const al = (z * z - 3) / 6
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
    const w = (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h))
    x = a / (a + b * Math.exp(2 * w))
  } else {
    const lna = Math.log(a / (a + b))
    const lnb = Math.log(b / (a + b))
    const t = Math.exp(a * lna) / a
    const u = Math.exp(b * lnb) / b
    const w = t + u
    x = p < t / w ? (a * w * p) ** (1 / a) : 1 - (b * w * (1 - p)) ** (1 / b)
  }
  const a1 = a - 1
  const b1 = b - 1
  const lnFront = -logBeta(a, b)
  for (let iteration = 0; iteration < 12; iteration++) {
    if (x <= 0 || x >= 1) return x <= 0 ? 0 : 1
    const error = regularizedBeta(x, a, b) - p
    let t = Math.exp(a1 * Math.log(x) + b1 * Math.log1p(-x) + lnFront)
    const u = error / t
    t = u / (1 - 0.5 * Math.min(1, u * (a1 / x - b1 / (1 - x))))
    x -= t
    if (x <= 0) x = 0.5 * (x + t)
    if (x >= 1) x = 0.5 * (x + t + 1)
    if (Math.abs(t) < 1e-10 * x && iteration > 0) break
  }
  return Math.min(1, Math.max(0, x))
}
