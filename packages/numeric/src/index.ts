// Public API of @preflight/numeric: the numeric base the other packages share (no dependencies): the one
// seeded generator, stable hashes, input checks, special functions, isotonic regression, small dense linear
// algebra and the quasi-Newton minimizer, with one error type and one indexing idiom for the kernels.

export { at, atList, itemAt } from "./checked-index.ts"
export {
  diagonal,
  entry,
  identity,
  invert,
  type Matrix,
  matrix,
  multiply,
  quadraticForm,
  toRows,
  transpose
} from "./linear-algebra/dense-matrix.ts"
export {
  cholesky,
  choleskySolveFactor,
  invertSpd,
  solveSpd,
  symmetrize
} from "./linear-algebra/symmetric-positive-definite.ts"
export { NumericInputError } from "./numeric-input-error.ts"
export { type NelderMeadOptions, nelderMead } from "./optimize/nelder-mead.ts"
export {
  type LbfgsOptions,
  type LbfgsResult,
  type MinimizeResult,
  minimizeLbfgs,
  minimizeWithNumericalGradient,
  type NumericalGradientOptions,
  numericalGradient
} from "./optimize/quasi-newton.ts"
export { fnv1a32 } from "./random/fnv-hash.ts"
export { murmurHash3 } from "./random/murmur-hash.ts"
export { assertSeed, seedMaterial, splitMix32 } from "./random/seed.ts"
export { SeededRandom } from "./random/seeded-random.ts"
export {
  fitIsotonic,
  type IsotonicFit,
  poolAdjacentViolators,
  predictIsotonic,
  predictIsotonicAt
} from "./regression/isotonic-regression.ts"
export {
  logBeta,
  logGamma,
  regularizedBeta,
  regularizedBetaComplement,
  stirlingCorrection
} from "./special/gamma.ts"
export { erf, erfc, normalCdf, normalPdf, normalQuantile, normalSf } from "./special/normal.ts"
export {
  checkBinary,
  checkFinite,
  checkInRange,
  checkIntegerAtLeast,
  checkProbabilities,
  checkSameLength,
  checkWeights,
  type NumericInput,
  toFiniteFloat64
} from "./validate/vectors.ts"
