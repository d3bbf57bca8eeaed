// Convergence diagnostics of several MCMC chains of one scalar: split R-hat (Gelman et al., BDA3 §11.4)
// and effective sample size with Geyer's initial positive sequence (as Stan computes them).

/** Split R-hat of `chains` (each the draws of one chain). */
export const splitRhat = (chains: ReadonlyArray<Float64Array>): number => {
  const halves: Array<Float64Array> = []
  for (const chain of chains) {
    const half = Math.floor(chain.length / 2)
    halves.push(chain.subarray(0, half), chain.subarray(chain.length - half))
  }
  const n = halves[0]?.length ?? 0
  const m = halves.length
  if (n < 2 || m < 2) return Number.NaN
  const means = halves.map((h) => h.reduce((s, v) => s + v, 0) / n)
  const grand = means.reduce((s, v) => s + v, 0) / m
  const between = (n / (m - 1)) * means.reduce((s, v) => s + (v - grand) ** 2, 0)
  const within = halves.reduce((s, h, k) => s + h.reduce((a, v) => a + (v - (means[k] ?? 0)) ** 2, 0) / (n - 1), 0) / m
  if (within === 0) return 1
  return Math.sqrt(((n - 1) / n) * within + between / n) / Math.sqrt(within)
}

/** Effective sample size over all chains (Stan's estimator without FFT; lags stop at the first negative pair). */
export const effectiveSampleSize = (chains: ReadonlyArray<Float64Array>): number => {
  const m = chains.length
  const n = Math.min(...chains.map((c) => c.length))
  if (n < 4) return Number.NaN
  const means = chains.map((c) => {
    let s = 0
    for (let i = 0; i < n; i++) s += c[i] ?? 0
    return s / n
  })
  const autocovariance = (c: Float64Array, mean: number, lag: number): number => {
    let s = 0
    for (let i = 0; i + lag < n; i++) s += ((c[i] ?? 0) - mean) * ((c[i + lag] ?? 0) - mean)
    return s / n
  }
  const variances = chains.map((c, k) => (autocovariance(c, means[k] ?? 0, 0) * n) / (n - 1))
  const within = variances.reduce((s, v) => s + v, 0) / m
  const grand = means.reduce((s, v) => s + v, 0) / m
  const between = m > 1 ? (n / (m - 1)) * means.reduce((s, v) => s + (v - grand) ** 2, 0) : 0
  const varPlus = ((n - 1) / n) * within + between / n
  if (!(varPlus > 0)) return Number.NaN
  const rho = (lag: number): number => {
    let acov = 0
    chains.forEach((c, k) => {
      acov += autocovariance(c, means[k] ?? 0, lag)
    })
    acov /= m
    return 1 - (within - acov) / varPlus
  }
  let sum = 0
  let previousPair = Number.POSITIVE_INFINITY
  for (let lag = 0; lag + 1 < n; lag += 2) {
    let pair = lag === 0 ? 1 + rho(1) : rho(lag) + rho(lag + 1)
    if (pair < 0) break
    // Initial monotone sequence.
    pair = Math.min(pair, previousPair)
    previousPair = pair
    sum += pair
  }
  const tau = -1 + 2 * sum
  return (m * n) / Math.max(tau, 1 / Math.log10(m * n))
}
