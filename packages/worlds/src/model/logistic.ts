// The logistic function and its inverse, kept apart so the true model reads like its formulas.

/** σ(x) = 1 / (1 + e^(−x)). */
export const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)))

/** logit(p) = ln(p / (1 − p)), for p in (0, 1). */
export const logit = (p: number): number => Math.log(p / (1 - p))
