// In-context learning without a language model: the demos in a prompt are neighbours in feature space. The k
// = 5 nearest get Gaussian-kernel weights w = exp(−d² / 2h²) (h = 0.25 on features scaled to about [0, 1]);
// the answer moves from the model's toward their weighted mean by λ = W / (W + 1), W = Σ w. One identical
// demo gives λ = ½, four give ⅘, far demos almost nothing: the demos' pull grows with their number and
// closeness, as a few-shot prompt's does. Labels switch to the demos' weighted vote once λ ≥ ½.

export const NEIGHBOURS = 5
export const BANDWIDTH = 0.25

/** Kernel weights of the nearest demos and the blend share λ. */
export interface Neighbourhood {
  /** Per demo (0 outside the k nearest). */
  readonly weights: ReadonlyArray<number>
  readonly total: number
  readonly lambda: number
}

/** Weights from distances (Infinity for demos that cannot be compared). */
export const neighbourhood = (
  distances: ReadonlyArray<number>,
  bandwidth = BANDWIDTH,
  k = NEIGHBOURS
): Neighbourhood => {
  const order = distances
    .map((distance, index) => ({ distance, index }))
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
  const weights = new Array<number>(distances.length).fill(0)
  let total = 0
  for (const { distance, index } of order.slice(0, k)) {
    if (!Number.isFinite(distance)) continue
    const weight = Math.exp(-(distance * distance) / (2 * bandwidth * bandwidth))
    weights[index] = weight
    total += weight
  }
  return { weights, total, lambda: total / (total + 1) }
}

/** The model's number moved toward the demos' weighted mean (demos without a value are skipped). */
export const blendNumber = (model: number, values: ReadonlyArray<number | undefined>, hood: Neighbourhood): number => {
  let sum = 0
  let mass = 0
  values.forEach((value, index) => {
    const weight = hood.weights[index] ?? 0
    if (value === undefined || !Number.isFinite(value) || weight <= 0) return
    sum += weight * value
    mass += weight
  })
  if (mass <= 0) return model
  const lambda = mass / (mass + 1)
  return (1 - lambda) * model + lambda * (sum / mass)
}

/** The demos' weighted vote when they pull at least half, else the model's label. */
export const voteLabel = <L extends string>(model: L, values: ReadonlyArray<L | undefined>, hood: Neighbourhood): L => {
  const votes = new Map<L, number>()
  let mass = 0
  values.forEach((value, index) => {
    const weight = hood.weights[index] ?? 0
    if (value === undefined || weight <= 0) return
    votes.set(value, (votes.get(value) ?? 0) + weight)
    mass += weight
  })
  if (mass / (mass + 1) < 0.5) return model
  let best = model
  let bestVotes = -1
  for (const [label, count] of votes) {
    if (count > bestVotes) {
      best = label
      bestVotes = count
    }
  }
  return best
}

/** Euclidean distance between two feature vectors of equal length. */
export const euclidean = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += ((a[i] as number) - (b[i] as number)) ** 2
  return Math.sqrt(sum)
}

/** Token-set Jaccard distance (1 − |A∩B| / |A∪B|) for tasks without persona features. */
export const jaccardDistance = (a: ReadonlySet<string>, b: ReadonlySet<string>): number => {
  if (a.size === 0 && b.size === 0) return 0
  let shared = 0
  for (const token of a) if (b.has(token)) shared++
  return 1 - shared / (a.size + b.size - shared)
}
