// Special functions the trait distributions need and @preflight/numeric does not have yet: log-gamma,
// digamma, the regularized incomplete beta function and its inverse (the beta quantile for the copula).
// Sources: Lanczos (1964) with Numerical Recipes' g = 5, n = 6 coefficients (NR 3rd ed. §6.1); the beta
// continued fraction by modified Lentz (NR §6.4); the inverse by NR's `invbetai` (Halley steps, §6.14).

const LANCZOS = [
  76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.001208650973866179,
  -0.000005395239384953
]

/** ln Γ(x) for x > 0 (relative error below 2e-10, NR `gammln`). */
export const logGamma = (x: number): number => {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  let y = x
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5)
  let series = 1.000000000190015
  for (const coefficient of LANCZOS) {
    y += 1
    series += coefficient / y
  }
  return -tmp + Math.log((2.5066282746310002 * series) / x)
}

/** ln B(a, b). */
export const logBeta = (a: number, b: number): number => logGamma(a) + logGamma(b) - logGamma(a + b)

/** ψ(x), the digamma function, by recurrence to x ≥ 6 and the asymptotic series (Bernardo 1976, AS 103). */
export const digamma = (x: number): number => {
  let value = 0
  let y = x
  while (y < 6) {
    value -= 1 / y
    y += 1
  }
  const inverse = 1 / y
  const inverseSquare = inverse * inverse
  return (
    value +
    Math.log(y) -
    0.5 * inverse -
    inverseSquare * (1 / 12 - inverseSquare * (1 / 120 - inverseSquare * (1 / 252 - inverseSquare / 240)))
  )
}

const TINY = 1e-300
const EPSILON = 1e-15

// Continued fraction of the incomplete beta function, modified Lentz (NR §6.4 `betacf`).
const betaContinuedFraction = (a: number, b: number, x: number): number => {
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < EPSILON) break
  }
  return h
}

/** I_x(a, b), the regularized incomplete beta function = the Beta(a, b) CDF at x. */
export const regularizedBeta = (x: number, a: number, b: number): number => {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b))
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b
}

/** The Beta(a, b) quantile: x with I_x(a, b) = p (NR `invbetai`: initial guess, then Halley steps). */
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
