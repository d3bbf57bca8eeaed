// Distribution of the one-sample Kolmogorov–Smirnov statistics for finite n: the one-sided D⁺ₙ (Smirnov;
// Birnbaum & Tingey 1951) and the two-sided Dₙ, chosen among the Durbin matrix method (Marsaglia, Tsang &
// Wang 2003), Pomeranz's recursion (1974), the Pelz–Good expansion (1976) and 2·P(D⁺ₙ ≥ x) by the rules of
// Simard & L'Ecuyer (J. Stat. Softw. 39(11), 2011) — the same rules as scipy.stats.kstwo.
import { stirlingCorrection } from "@preflight/numeric"

const LOG_MIN_DOUBLE = -708.3964185322641
const SCALE_EXPONENT = 128
const SCALE_UP = 2 ** SCALE_EXPONENT
const SCALE_DOWN = 2 ** -SCALE_EXPONENT
const SQRT_2PI = Math.sqrt(2 * Math.PI)
const PI_SQUARED = Math.PI * Math.PI
const PI_FOUR = PI_SQUARED * PI_SQUARED
const PI_SIX = PI_FOUR * PI_SQUARED

const clip01 = (p: number): number => Math.min(Math.max(p, 0), 1)

/** ln(n!/nⁿ) by Stirling, for n > 140 where the product underflows. */
const logFactorialOverPower = (n: number): number =>
  0.5 * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + stirlingCorrection(n)

/**
 * Smirnov's one-sided survival function P(D⁺ₙ ≥ x) by the Birnbaum–Tingey sum
 * x·Σ_{v=0}^{⌊n(1−x)⌋} C(n,v)(x + v/n)^{v−1}(1 − x − v/n)^{n−v}, terms summed in log space.
 */
export const smirnovSf = (n: number, x: number): number => {
  if (!(n > 0) || Number.isNaN(x) || x < 0 || x > 1) return Number.NaN
  if (n === 1) return 1 - x
  if (x === 0) return 1
  if (x === 1) return 0
  const nx = n * x
  const nxFloor = Math.floor(nx)
  const fraction = nx - nxFloor
  if (nxFloor === 0 || (nxFloor === 1 && fraction === 0)) {
    return 1 - x * (1 + x) ** (n - 1)
  }
  if (-2 * n * x * x < LOG_MIN_DOUBLE) return 0
  if (nxFloor >= n - 1) return (1 - x) ** n
  if (n > 1_000_000) {
    // Approximation used by cephes for very large n: p ≈ exp(−(6nx + 1)² / 18n).
    const logP = -((6 * nx + 1) ** 2) / 18 / n
    return logP < -Math.LN2 ? Math.exp(logP) : 1 + Math.expm1(logP)
  }
  // Last index with 1 − x − v/n > 0.
  const lastTerm = n - nxFloor - 1
  let sum = 0
  let compensation = 0
  let logBinomial = 0
  const halfway = n / 2
  for (let v = 0; v <= lastTerm; v++) {
    const shifted = x + v / n
    const logTerm = logBinomial + (v - 1) * Math.log(shifted) + (n - v) * Math.log1p(-shifted)
    const term = Math.exp(logTerm)
    // Kahan summation keeps the many small positive terms from losing digits.
    const adjusted = term - compensation
    const next = sum + adjusted
    compensation = next - sum - adjusted
    sum = next
    if (term > 0) {
      if (4 * (lastTerm - v) * term < Number.EPSILON * sum && v !== lastTerm) break
    } else if (v > halfway) {
      break
    }
    logBinomial += Math.log((n - v) / (v + 1))
  }
  return clip01(x * sum)
}

/** Durbin's matrix method in the Marsaglia–Tsang–Wang form: P(Dₙ ≤ d) from the k-th diagonal entry of Hⁿ. */
const durbinMatrixCdf = (n: number, d: number): number => {
  if (d >= 1) return 1
  const nd = n * d
  if (nd <= 0.5) return 0
  const k = Math.ceil(nd)
  const h = k - nd
  const m = 2 * k - 1
  const matrix = new Float64Array(m * m)
  const firstColumn = new Float64Array(m)
  const inverseFactorials = new Float64Array(m)
  let factorial = 1
  for (let j = 1; j <= m; j++) {
    inverseFactorials[j - 1] = factorial
    factorial /= j
    firstColumn[j - 1] = (1 - h ** j) * factorial
  }
  const correction = Math.max(2 * h - 1, 0) ** m - 2 * h ** m
  firstColumn[m - 1] = (1 + correction) * factorial
  for (let i = 1; i < m; i++) {
    for (let row = i - 1; row < m; row++) matrix[row * m + i] = inverseFactorials[row - i + 1] as number
  }
  for (let row = 0; row < m; row++) matrix[row * m] = firstColumn[row] as number
  for (let column = 0; column < m; column++) matrix[(m - 1) * m + column] = firstColumn[m - 1 - column] as number

  const multiply = (left: Float64Array, right: Float64Array): Float64Array => {
    const out = new Float64Array(m * m)
    for (let i = 0; i < m; i++) {
      for (let l = 0; l < m; l++) {
        const factor = left[i * m + l] as number
        if (factor === 0) continue
        for (let j = 0; j < m; j++) out[i * m + j] = (out[i * m + j] as number) + factor * (right[l * m + j] as number)
      }
    }
    return out
  }

  let power: Float64Array = new Float64Array(m * m)
  for (let i = 0; i < m; i++) power[i * m + i] = 1
  let base: Float64Array = matrix
  let remaining = n
  let exponent = 0
  let baseExponent = 0
  while (remaining > 0) {
    if (remaining % 2 === 1) {
      power = multiply(power, base)
      exponent += baseExponent
    }
    base = multiply(base, base)
    baseExponent *= 2
    if (Math.abs(base[(k - 1) * m + (k - 1)] as number) > SCALE_UP) {
      for (let i = 0; i < base.length; i++) base[i] = (base[i] as number) * SCALE_DOWN
      baseExponent += SCALE_EXPONENT
    }
    remaining = Math.floor(remaining / 2)
  }
  let p = power[(k - 1) * m + (k - 1)] as number
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n
    if (Math.abs(p) < SCALE_DOWN) {
      p *= SCALE_UP
      exponent -= SCALE_EXPONENT
    }
  }
  return clip01(p * 2 ** exponent)
}

const pomeranzBounds = (i: number, n: number, floorT: number, ceilF: number, roundF: number): [number, number] => {
  let j1: number
  let j2: number
  if (i === 0) {
    j1 = -floorT - ceilF - 1
    j2 = floorT + ceilF - 1
  } else {
    const half = Math.floor((i + 1) / 2)
    const odd = (i + 1) % 2
    if (odd === 0) {
      if (half === n + 1) {
        j1 = n - floorT - ceilF - 1
        j2 = n + floorT + ceilF - 1
      } else {
        j1 = half - 1 - floorT - roundF - 1
        j2 = half + floorT - 1 + ceilF - 1
      }
    } else {
      j1 = half - 1 - floorT - 1
      j2 = half + floorT + roundF - 1
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)]
}

/** Pomeranz's recursion for P(Dₙ ≤ x): rows are convolutions with (almost) Poisson weights. */
const pomeranzCdf = (n: number, x: number): number => {
  const t = n * x
  const floorT = Math.floor(t)
  const f = t - floorT
  const g = Math.min(f, 1 - f)
  const ceilF = f > 0 ? 1 : 0
  const roundF = f > 0.5 ? 1 : 0
  const powers = 2 * (floorT + 1)
  const gPower = new Float64Array(powers)
  const twoGPower = new Float64Array(powers)
  const oneMinusTwoGPower = new Float64Array(powers)
  gPower[0] = 1
  twoGPower[0] = 1
  oneMinusTwoGPower[0] = 1
  for (let m = 1; m < powers; m++) {
    gPower[m] = ((gPower[m - 1] as number) * (g / n)) / m
    twoGPower[m] = ((twoGPower[m - 1] as number) * ((2 * g) / n)) / m
    oneMinusTwoGPower[m] = ((oneMinusTwoGPower[m - 1] as number) * ((1 - 2 * g) / n)) / m
  }
  let previous = new Float64Array(powers)
  let current = new Float64Array(powers)
  current[0] = 1
  let previousStart = 0
  let currentStart = 0
  let exponent = 0
  let [j1] = pomeranzBounds(0, n, floorT, ceilF, roundF)
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1
    const swap = previous
    previous = current
    current = swap
    const swapStart = previousStart
    previousStart = currentStart
    currentStart = swapStart
    current.fill(0)
    const bounds = pomeranzBounds(i, n, floorT, ceilF, roundF)
    j1 = bounds[0]
    const j2 = bounds[1]
    const weights = i === 1 || i === 2 * n + 1 ? gPower : i % 2 === 1 ? twoGPower : oneMinusTwoGPower
    const span = j2 - k1 + 1
    if (span > 0) {
      const offset = k1 - previousStart
      const convStart = j1 - k1
      const convLength = j2 - j1 + 1
      let maximum = 0
      for (let out = 0; out < convLength; out++) {
        const index = convStart + out
        let total = 0
        for (let l = 0; l <= index && l < span; l++) {
          if (index - l < span) total += (previous[offset + l] as number) * (weights[index - l] as number)
        }
        current[out] = total
        if (total > maximum) maximum = total
      }
      if (maximum > 0 && maximum < SCALE_DOWN) {
        for (let out = 0; out < convLength; out++) current[out] = (current[out] as number) * SCALE_UP
        exponent -= SCALE_EXPONENT
      }
      currentStart = previousStart + j1 - k1
    }
  }
  let answer = current[n - currentStart] as number
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > SCALE_UP) {
      answer *= SCALE_DOWN
      exponent += SCALE_EXPONENT
    }
    answer *= m
  }
  return clip01(answer * 2 ** exponent)
}

/** Pelz–Good asymptotic expansion of P(Dₙ ≤ x) in powers of n^{-1/2}, written for small √n·x. */
const pelzGoodCdf = (n: number, x: number): number => {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const z = Math.sqrt(n) * x
  const z2 = z * z
  const z3 = z2 * z
  const z4 = z2 * z2
  const z6 = z4 * z2
  const qLog = -PI_SQUARED / 8 / z2
  if (qLog < -708) return 0
  let q = Math.exp(qLog)
  const k1a = -z2
  const k1b = PI_SQUARED / 4
  const k2a = 6 * z6 + 2 * z4
  const k2b = ((2 * z4 - 5 * z2) * PI_SQUARED) / 4
  const k2c = (PI_FOUR * (1 - 2 * z2)) / 16
  const k3d = (PI_SIX * (5 - 30 * z2)) / 64
  const k3c = (PI_FOUR * (-60 * z2 + 212 * z4)) / 16
  const k3b = (PI_SQUARED * (135 * z4 - 96 * z6)) / 4
  const k3a = -30 * z6 - 90 * z4 * z4
  const sums = [0, 0, 0, 0]
  const maxK = Math.ceil((16 * z) / Math.PI)
  for (let k = maxK; k >= 1; k--) {
    const m = 2 * k - 1
    const m2 = m * m
    const m4 = m2 * m2
    const m6 = m4 * m2
    const qPower = q ** (8 * k)
    const coefficients = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6]
    for (let i = 0; i < 4; i++) sums[i] = (sums[i] as number) * qPower + (coefficients[i] as number)
  }
  const divisors = [z, 6 * z4, 72 * z4 * z3, 6480 * z4 * z6]
  for (let i = 0; i < 4; i++) sums[i] = ((sums[i] as number) * q * SQRT_2PI) / (divisors[i] as number)
  q = Math.exp(-PI_SQUARED / 2 / z2)
  let k2Extra = 0
  let k3Extra = 0
  const sqrt3z = Math.sqrt(3) * z
  for (let k = maxK; k >= 1; k--) {
    const kSquared = k * k
    const qk = q ** kSquared
    k2Extra += kSquared * qk
    const kPi = Math.PI * k
    k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * kSquared * qk
  }
  sums[2] = (sums[2] as number) + (k2Extra * PI_SQUARED * SQRT_2PI) / (-36 * z3)
  sums[3] = (sums[3] as number) + (k3Extra * PI_SQUARED * SQRT_2PI) / (216 * z6)
  let total = 0
  for (let i = 0; i < 4; i++) total += (sums[i] as number) / n ** (i / 2)
  return total
}

/**
 * Survival function P(Dₙ ≥ x) of the two-sided one-sample Kolmogorov–Smirnov statistic (scipy's
 * `kstwo.sf(x, n)`), choosing the method by Simard & L'Ecuyer's rules.
 */
export const kolmogorovSf = (n: number, x: number): number => {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(x)) return Number.NaN
  if (x >= 1) return 0
  if (x <= 0) return 1
  const t = n * x
  if (t <= 1) {
    // Ruben–Gambino: P(Dₙ ≤ x) = n!/nⁿ (2t − 1)ⁿ for 1/2n ≤ x ≤ 1/n.
    if (t <= 0.5) return 1
    let cdf: number
    if (n <= 140) {
      cdf = 1
      for (let i = 1; i <= n; i++) cdf *= (i / n) * (2 * t - 1)
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1))
    }
    return clip01(1 - cdf)
  }
  if (t >= n - 1) return clip01(2 * (1 - x) ** n)
  if (x >= 0.5) return clip01(2 * smirnovSf(n, x))
  const nxSquared = t * x
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip01(1 - durbinMatrixCdf(n, x))
    if (nxSquared <= 4) return clip01(1 - pomeranzCdf(n, x))
    return clip01(2 * smirnovSf(n, x))
  }
  if (nxSquared >= 370) return 0
  if (nxSquared >= 2.2) return clip01(2 * smirnovSf(n, x))
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x)
  return clip01(1 - cdf)
}
