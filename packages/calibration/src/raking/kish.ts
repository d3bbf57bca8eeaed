// Weight diagnostics: Kish's effective sample size (Σw)²/Σw² and design effect n/n_eff (Kish 1965, §11.7).

/** Kish effective sample size of a weight vector. */
export const kishEffectiveSampleSize = (weights: ArrayLike<number>): number => {
  let sum = 0
  let sumSquares = 0
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number
    sum += w
    sumSquares += w * w
  }
  return sumSquares > 0 ? (sum * sum) / sumSquares : 0
}

/** Kish design effect due to unequal weighting, n / n_eff = 1 + CV² (population CV). */
export const kishDesignEffect = (weights: ArrayLike<number>): number =>
  weights.length / kishEffectiveSampleSize(weights)
