// Standard normal distribution to full double precision: erfc by W. J. Cody's rational Chebyshev
// approximations (Math. Comp. 23, 1969; the CALERF routine), quantile by Acklam's approximation refined
// with one Halley step on that erfc.
import { atList } from "../checked-index.ts"

const SQRT_PI_INVERSE = 0.5641895835477563
const SQRT_2 = Math.SQRT2
const SQRT_2PI = 2.5066282746310002

// Cody's coefficients for erf on |x| <= 0.5.
const A = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315]
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171]
// erfc on 0.5 < |x| <= 4.
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.9522212417691, 1712.0476126340707,
  2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8
]
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597, 4362.619090143247,
  3439.3676741437216, 1230.3393548037495
]
// erfc on |x| > 4 (asymptotic form in 1/x^2).
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 6.587491615298378e-4,
  0.016315387137302097
]
const Q = [2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918]

/** exp(-x^2) without the cancellation of forming x^2 directly (Cody splits x into a 1/16 grid part). */
const expMinusSquare = (x: number): number => {
  const head = Math.trunc(x * 16) / 16
  const tail = (x - head) * (x + head)
  return Math.exp(-head * head) * Math.exp(-tail)
}

/** Complementary error function erfc(x) = 1 − erf(x), relative error about 1e-16. */
export const erfc = (x: number): number => {
  if (Number.isNaN(x)) return Number.NaN
  const y = Math.abs(x)
  let result: number
  if (y <= 0.5) {
    const ysq = y > 1.11e-16 ? y * y : 0
    let numerator = atList(A, 4) * ysq
    let denominator = ysq
    for (let i = 0; i < 3; i++) {
      numerator = (numerator + atList(A, i)) * ysq
      denominator = (denominator + atList(B, i)) * ysq
    }
    const erfValue = (x * (numerator + atList(A, 3))) / (denominator + atList(B, 3))
    return 1 - erfValue
  }
  if (y <= 4) {
    let numerator = atList(C, 8) * y
    let denominator = y
    for (let i = 0; i < 7; i++) {
      numerator = (numerator + atList(C, i)) * y
      denominator = (denominator + atList(D, i)) * y
    }
    result = ((numerator + atList(C, 7)) / (denominator + atList(D, 7))) * expMinusSquare(y)
  } else if (y >= 26.7) {
    result = 0
  } else {
    const ysq = 1 / (y * y)
    let numerator = atList(P, 5) * ysq
    let denominator = ysq
    for (let i = 0; i < 4; i++) {
      numerator = (numerator + atList(P, i)) * ysq
      denominator = (denominator + atList(Q, i)) * ysq
    }
    const ratio = (ysq * (numerator + atList(P, 4))) / (denominator + atList(Q, 4))
    result = ((SQRT_PI_INVERSE - ratio) / y) * expMinusSquare(y)
  }
  return x < 0 ? 2 - result : result
}

/** Error function erf(x). */
export const erf = (x: number): number => 1 - erfc(x)

/** Standard normal CDF Φ(z). */
export const normalCdf = (z: number): number => 0.5 * erfc(-z / SQRT_2)

/** Standard normal survival function 1 − Φ(z), accurate in the far upper tail. */
export const normalSf = (z: number): number => 0.5 * erfc(z / SQRT_2)

/** Standard normal density φ(z). */
export const normalPdf = (z: number): number => Math.exp(-0.5 * z * z) / SQRT_2PI

// Acklam's rational approximation (relative error 1.15e-9 before refinement).
const QA = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239
]
const QB = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
const QC = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783
]
const QD = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]

const tailApproximation = (q: number): number =>
  (((((atList(QC, 0) * q + atList(QC, 1)) * q + atList(QC, 2)) * q + atList(QC, 3)) * q + atList(QC, 4)) * q +
    atList(QC, 5)) /
  ((((atList(QD, 0) * q + atList(QD, 1)) * q + atList(QD, 2)) * q + atList(QD, 3)) * q + 1)

/** Standard normal quantile Φ⁻¹(p) for p in (0, 1); ±Infinity at 0 and 1. */
export const normalQuantile = (p: number): number => {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  const lowCut = 0.02425
  let x: number
  if (p < lowCut) {
    x = tailApproximation(Math.sqrt(-2 * Math.log(p)))
  } else if (p > 1 - lowCut) {
    x = -tailApproximation(Math.sqrt(-2 * Math.log1p(-p)))
  } else {
    const q = p - 0.5
    const r = q * q
    x =
      ((((((atList(QA, 0) * r + atList(QA, 1)) * r + atList(QA, 2)) * r + atList(QA, 3)) * r + atList(QA, 4)) * r +
        atList(QA, 5)) *
        q) /
      (((((atList(QB, 0) * r + atList(QB, 1)) * r + atList(QB, 2)) * r + atList(QB, 3)) * r + atList(QB, 4)) * r + 1)
  }
  // One Halley step on Φ(x) − p; in the upper tail work with the survival function to keep precision.
  const error = p > 0.5 ? -(normalSf(x) - (1 - p)) : normalCdf(x) - p
  const u = error * SQRT_2PI * Math.exp(0.5 * x * x)
  return x - u / (1 + 0.5 * x * u)
}
