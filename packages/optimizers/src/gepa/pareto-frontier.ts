// GEPA's per-instance Pareto frontier (gepa-ai/gepa `gepa_utils.py`): for every validation example, the best
// score any candidate reached and the candidates reaching it. Candidates are selected for mutation in
// proportion to how many examples they are best on, after removing candidates dominated by others.
import type { SeededRandom } from "@preflight/numeric"

/** For each validation example: its best score and the candidates that reached it. */
export type Frontier = Array<{ best: number; programs: Set<number> }>

/** An empty frontier over `size` examples. */
export const emptyFrontier = (size: number): Frontier =>
  Array.from({ length: size }, () => ({ best: Number.NEGATIVE_INFINITY, programs: new Set<number>() }))

/** Adds candidate `program` with its per-example scores. */
export const updateFrontier = (frontier: Frontier, program: number, scores: ArrayLike<number>): void => {
  frontier.forEach((entry, index) => {
    const score = scores[index] ?? Number.NEGATIVE_INFINITY
    if (score > entry.best) {
      entry.best = score
      entry.programs = new Set([program])
    } else if (score === entry.best) {
      entry.programs.add(program)
    }
  })
}

/**
 * GEPA `remove_dominated_programs`: repeatedly drops a candidate (lowest aggregate first) when every example
 * it is best on also has another remaining candidate; returns the frontier restricted to the rest.
 */
export const removeDominated = (frontier: Frontier, aggregates: ArrayLike<number>): Array<Set<number>> => {
  const programs = [...new Set(frontier.flatMap((entry) => [...entry.programs]))].sort(
    (left, right) => (aggregates[left] ?? 0) - (aggregates[right] ?? 0) || left - right
  )
  const dominated = new Set<number>()
  const isDominated = (candidate: number, others: ReadonlySet<number>): boolean => {
    for (const entry of frontier) {
      if (!entry.programs.has(candidate)) continue
      let covered = false
      for (const other of entry.programs) {
        if (others.has(other)) {
          covered = true
          break
        }
      }
      if (!covered) return false
    }
    return true
  }
  let removed = true
  while (removed) {
    removed = false
    for (const candidate of programs) {
      if (dominated.has(candidate)) continue
      const others = new Set(programs.filter((other) => other !== candidate && !dominated.has(other)))
      if (isDominated(candidate, others)) {
        dominated.add(candidate)
        removed = true
        break
      }
    }
  }
  return frontier.map((entry) => new Set([...entry.programs].filter((program) => !dominated.has(program))))
}

/** The candidates left on the frontier after removing dominated ones (GEPA's merge candidates). */
export const frontierDominators = (frontier: Frontier, aggregates: ArrayLike<number>): number[] =>
  [...new Set(removeDominated(frontier, aggregates).flatMap((programs) => [...programs]))].sort(
    (left, right) => left - right
  )

/** GEPA `select_program_candidate_from_pareto_front`: a candidate drawn in proportion to its frontier count. */
export const selectFromFrontier = (frontier: Frontier, aggregates: ArrayLike<number>, random: SeededRandom): number => {
  const counts = new Map<number, number>()
  for (const programs of removeDominated(frontier, aggregates)) {
    for (const program of programs) counts.set(program, (counts.get(program) ?? 0) + 1)
  }
  const entries = [...counts].sort((left, right) => left[0] - right[0])
  if (entries.length === 0) return 0
  return entries[random.weightedIndex(entries.map(([, count]) => count))]?.[0] ?? 0
}
