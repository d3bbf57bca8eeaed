// Harrell's concordance index with lifelines' conventions (lifelines/utils/concordance.py): a pair is
// comparable when the shorter time is an event (an event tied in time with a censoring counts, the event
// first); tied predictions count one half. O(n log n) with a Fenwick tree over prediction ranks.
import { at, atList } from "@preflight/numeric"
import type { Effect } from "effect"
import { type CausalInputError, guarded } from "../errors.ts"
import { checkBinary, checkFinite, checkLength, firstIssue } from "../internal/validate.ts"

/** Kernel of `concordanceIndex`; NaN when no pair is comparable. */
export const concordanceIndexKernel = (
  durations: ArrayLike<number>,
  predictedSurvival: ArrayLike<number>,
  events: ArrayLike<number>,
  tiedCensoring: "comparable" | "excluded" = "comparable"
): number => {
  const n = durations.length
  const ranks = Float64Array.from(predictedSurvival).sort()
  const distinct: Array<number> = []
  for (const v of ranks) if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v)
  const rankOf = (value: number): number => {
    let low = 0
    let high = distinct.length - 1
    while (low < high) {
      const mid = (low + high) >> 1
      if (atList(distinct, mid) < value) low = mid + 1
      else high = mid
    }
    return low + 1
  }
  const tree = new Float64Array(distinct.length + 1)
  const add = (rank: number) => {
    for (let i = rank; i < tree.length; i += i & -i) tree[i] = at(tree, i) + 1
  }
  const prefix = (rank: number): number => {
    let sum = 0
    for (let i = rank; i > 0; i -= i & -i) sum += at(tree, i)
    return sum
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => atList(durations, a) - atList(durations, b))
  let pool = 0
  let pairs = 0
  let correct = 0
  let tied = 0
  let k = 0
  const score = (i: number) => {
    const rank = rankOf(atList(predictedSurvival, i))
    const below = prefix(rank - 1)
    correct += below
    tied += prefix(rank) - below
    pairs += pool
  }
  while (k < n) {
    const t = atList(durations, atList(order, k))
    let end = k
    while (end < n && atList(durations, atList(order, end)) === t) end++
    // Events at t against earlier events; then they join the pool; then censorings at t against the pool
    // (lifelines), or before they join it when censorings tied with an event are not comparable (strict Harrell).
    for (let m = k; m < end; m++) if (events[atList(order, m)] === 1) score(atList(order, m))
    if (tiedCensoring === "excluded")
      for (let m = k; m < end; m++) if (events[atList(order, m)] !== 1) score(atList(order, m))
    for (let m = k; m < end; m++) {
      if (events[atList(order, m)] === 1) {
        add(rankOf(atList(predictedSurvival, atList(order, m))))
        pool += 1
      }
    }
    if (tiedCensoring === "comparable")
      for (let m = k; m < end; m++) if (events[atList(order, m)] !== 1) score(atList(order, m))
    k = end
  }
  return (correct + tied / 2) / pairs
}

/**
 * lifelines `concordance_index(event_times, predicted_scores, event_observed)`: `predictedSurvival` ranks
 * subjects by predicted survival (higher = longer); for a hazard model pass −(log partial hazard).
 * `tiedCensoring: "excluded"` drops pairs of an event and a censoring at the same time (strict Harrell).
 */
export const concordanceIndex = (
  durations: ArrayLike<number>,
  predictedSurvival: ArrayLike<number>,
  events: ArrayLike<number>,
  options: { readonly tiedCensoring?: "comparable" | "excluded" } = {}
): Effect.Effect<number, CausalInputError> =>
  guarded(
    firstIssue(
      checkLength("predictedSurvival", predictedSurvival, durations.length),
      () => checkLength("events", events, durations.length),
      () => checkFinite("durations", durations),
      () => checkFinite("predictedSurvival", predictedSurvival),
      () => checkBinary("events", events)
    ),
    () => concordanceIndexKernel(durations, predictedSurvival, events, options.tiedCensoring ?? "comparable")
  )
