// Student's t distribution through the regularized incomplete beta: P(T > t) = ½ I_{ν/(ν+t²)}(ν/2, ½).

import { logBeta, normalQuantile, regularizedBeta } from "@preflight/numeric"

/** Survival function P(T > t) for ν > 0 degrees of freedom (ν may be fractional, as in Welch's test). */
export const studentTSf = (t: number, degreesOfFreedom: number): number => {
  if (Number.isNaN(t) || !(degreesOfFreedom > 0)) return Number.NaN
  if (t === Number.POSITIVE_INFINITY) return 0
  if (t === Number.NEGATIVE_INFINITY) return 1
  const tSquared = t * t
  const denominator = degreesOfFreedom + tSquared
  const x = degreesOfFreedom / denominator
  const complement = tSquared / denominator
  const tail = 0.5 * regularizedBeta(x, degreesOfFreedom / 2, 0.5, complement)
  return t >= 0 ? tail : 1 - tail
}

/** Cumulative distribution P(T ≤ t). */
export const studentTCdf = (t: number, degreesOfFreedom: number): number => studentTSf(-t, degreesOfFreedom)

/** Quantile: the t with P(T ≤ t) = p, by safeguarded Newton iterations on the survival function. */
export const studentTQuantile = (p: number, degreesOfFreedom: number): number => {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(degreesOfFreedom > 0)) return Number.NaN
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  if (p === 0.5) return 0
  // Solve in the upper tail for accuracy, then mirror.
  const upper = p > 0.5
  const tailProbability = upper ? 1 - p : p
  let low = 0
  let high = 1
  while (studentTSf(high, degreesOfFreedom) > tailProbability) {
    low = high
    high *= 2
    if (high > 1e300) break
  }
  let t = Math.min(Math.max(-normalQuantile(tailProbability), low), high)
  for (let iteration = 0; iteration < 200; iteration++) {
    const value = studentTSf(t, degreesOfFreedom) - tailProbability
    if (value > 0) low = t
    else high = t
    const density = studentTDensity(t, degreesOfFreedom)
    let next = density > 0 ? t + value / density : Number.NaN
    if (!(next > low && next < high)) next = 0.5 * (low + high)
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t))) {
      t = next
      break
    }
    t = next
  }
  return upper ? t : -t
}

/** Density of Student's t. */
export const studentTDensity = (t: number, degreesOfFreedom: number): number => {
  const v = degreesOfFreedom
  const logNormalizer = logGammaHalfRatio(v) - 0.5 * Math.log(v * Math.PI)
  return Math.exp(logNormalizer - ((v + 1) / 2) * Math.log1p((t * t) / v))
}

const HALF_LOG_PI = 0.5723649429247001

/** ln[Γ((ν + 1)/2) / Γ(ν/2)] = lnΓ(½) − ln B(ν/2, ½), without the cancellation of two large log-gammas. */
const logGammaHalfRatio = (v: number): number => HALF_LOG_PI - logBeta(v / 2, 0.5)
