// Nelder–Mead simplex minimisation (Nelder & Mead 1965; standard coefficients 1, 2, 0.5, 0.5) for the
// two-parameter likelihoods of the trait priors. Deterministic: no random restarts.

/** Minimises `objective` from `start`; returns the best point found. */
export const nelderMead = (
  objective: (point: ReadonlyArray<number>) => number,
  start: ReadonlyArray<number>,
  options: { readonly step?: number; readonly maxIterations?: number; readonly tolerance?: number } = {}
): number[] => {
  const n = start.length
  const step = options.step ?? 0.5
  const simplex: number[][] = [[...start]]
  for (let i = 0; i < n; i++) {
    const point = [...start]
    point[i] = (point[i] as number) + step
    simplex.push(point)
  }
  let values = simplex.map(objective)
  const maxIterations = options.maxIterations ?? 400
  const tolerance = options.tolerance ?? 1e-9
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number))
    const sorted = order.map((i) => simplex[i] as number[])
    values = order.map((i) => values[i] as number)
    simplex.splice(0, simplex.length, ...sorted)
    if (Math.abs((values[n] as number) - (values[0] as number)) <= tolerance * (1 + Math.abs(values[0] as number)))
      break
    const centroid = new Array<number>(n).fill(0)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) centroid[j] = (centroid[j] as number) + (simplex[i]?.[j] as number) / n
    const worst = simplex[n] as number[]
    const along = (t: number) => centroid.map((c, j) => c + t * (c - (worst[j] as number)))
    const reflected = along(1)
    const reflectedValue = objective(reflected)
    if (reflectedValue < (values[0] as number)) {
      const expanded = along(2)
      const expandedValue = objective(expanded)
      if (expandedValue < reflectedValue) {
        simplex[n] = expanded
        values[n] = expandedValue
      } else {
        simplex[n] = reflected
        values[n] = reflectedValue
      }
    } else if (reflectedValue < (values[n - 1] as number)) {
      simplex[n] = reflected
      values[n] = reflectedValue
    } else {
      const contracted = along(reflectedValue < (values[n] as number) ? 0.5 : -0.5)
      const contractedValue = objective(contracted)
      if (contractedValue < Math.min(reflectedValue, values[n] as number)) {
        simplex[n] = contracted
        values[n] = contractedValue
      } else {
        const best = simplex[0] as number[]
        for (let i = 1; i <= n; i++) {
          simplex[i] = (simplex[i] as number[]).map((x, j) => (best[j] as number) + 0.5 * (x - (best[j] as number)))
          values[i] = objective(simplex[i] as number[])
        }
      }
    }
  }
  let best = 0
  for (let i = 1; i <= n; i++) if ((values[i] as number) < (values[best] as number)) best = i
  return simplex[best] as number[]
}
