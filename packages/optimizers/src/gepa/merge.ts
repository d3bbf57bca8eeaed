// GEPA's system-aware merge (gepa-ai/gepa `proposer/merge.py`): two frontier candidates i, j with a common
// ancestor a (scoring no better than either), where some component changed in one lineage but not in the
// other, are combined: each component comes from the descendant that changed it (from the better one when
// both did). The merge is tried on a few validation examples where i and j differ.
import type { SeededRandom } from "@preflight/numeric"

/** Instructions per predictor name. */
export type Components = Readonly<Record<string, string>>

/** A planned merge: the two parents, their common ancestor and the merged components. */
export interface MergePlan {
  readonly first: number
  readonly second: number
  readonly ancestor: number
  readonly components: Components
  /** Which candidate each component was taken from (GEPA's `new_prog_desc`). */
  readonly description: string
}

const ancestorsOf = (node: number, parents: ReadonlyArray<ReadonlyArray<number>>): Set<number> => {
  const found = new Set<number>()
  const stack = [...(parents[node] ?? [])]
  while (stack.length > 0) {
    const parent = stack.pop()
    if (parent === undefined || found.has(parent)) continue
    found.add(parent)
    stack.push(...(parents[parent] ?? []))
  }
  return found
}

const hasDesirableComponent = (
  candidates: ReadonlyArray<Components>,
  ancestor: number,
  first: number,
  second: number
): boolean => {
  const base = candidates[ancestor] ?? {}
  return Object.keys(base).some((name) => {
    const fromAncestor = base[name]
    const fromFirst = candidates[first]?.[name]
    const fromSecond = candidates[second]?.[name]
    return (fromAncestor === fromFirst || fromAncestor === fromSecond) && fromFirst !== fromSecond
  })
}

/**
 * Finds a merge among `mergeCandidates` (GEPA `sample_and_attempt_merge_programs_by_common_predictors`), skipping
 * triplets and merge descriptions already tried (recorded in `tried`). Undefined when none is found.
 */
export const planMerge = (params: {
  readonly mergeCandidates: ReadonlyArray<number>
  readonly candidates: ReadonlyArray<Components>
  readonly parents: ReadonlyArray<ReadonlyArray<number>>
  readonly aggregates: ArrayLike<number>
  readonly tried: Set<string>
  readonly random: SeededRandom
  readonly maxAttempts?: number
}): MergePlan | undefined => {
  const { mergeCandidates, candidates, parents, aggregates, tried, random } = params
  const attempts = params.maxAttempts ?? 10
  if (mergeCandidates.length < 2 || candidates.length < 3) return undefined
  for (let attempt = 0; attempt < attempts; attempt++) {
    const [pickA, pickB] = random.sample(mergeCandidates, 2)
    if (pickA === undefined || pickB === undefined || pickA === pickB) continue
    const first = Math.min(pickA, pickB)
    const second = Math.max(pickA, pickB)
    const ancestorsFirst = ancestorsOf(first, parents)
    const ancestorsSecond = ancestorsOf(second, parents)
    if (ancestorsFirst.has(second) || ancestorsSecond.has(first)) continue
    const common = [...ancestorsFirst]
      .filter((ancestor) => ancestorsSecond.has(ancestor))
      .filter((ancestor) => !tried.has(`triplet:${first},${second},${ancestor}`))
      .filter(
        (ancestor) =>
          (aggregates[ancestor] ?? 0) <= (aggregates[first] ?? 0) &&
          (aggregates[ancestor] ?? 0) <= (aggregates[second] ?? 0)
      )
      .filter((ancestor) => hasDesirableComponent(candidates, ancestor, first, second))
      .sort((left, right) => left - right)
    if (common.length === 0) continue
    const ancestor = common[random.weightedIndex(common.map((index) => aggregates[index] ?? 0))] ?? common[0] ?? 0
    const base = candidates[ancestor] ?? {}
    const merged: Record<string, string> = {}
    const taken: number[] = []
    for (const name of Object.keys(base).sort()) {
      const fromAncestor = base[name] ?? ""
      const fromFirst = candidates[first]?.[name] ?? fromAncestor
      const fromSecond = candidates[second]?.[name] ?? fromAncestor
      if ((fromAncestor === fromFirst || fromAncestor === fromSecond) && fromFirst !== fromSecond) {
        const source = fromAncestor === fromFirst ? second : first
        merged[name] = source === first ? fromFirst : fromSecond
        taken.push(source)
      } else if (fromAncestor !== fromFirst && fromAncestor !== fromSecond) {
        const scoreFirst = aggregates[first] ?? 0
        const scoreSecond = aggregates[second] ?? 0
        const source =
          scoreFirst > scoreSecond ? first : scoreSecond > scoreFirst ? second : random.choice([first, second])
        merged[name] = source === first ? fromFirst : fromSecond
        taken.push(source)
      } else {
        merged[name] = fromFirst
        taken.push(first)
      }
    }
    const description = `merge:${first},${second},${taken.join(",")}`
    if (tried.has(description)) continue
    tried.add(description)
    tried.add(`triplet:${first},${second},${ancestor}`)
    return { first, second, ancestor, components: merged, description }
  }
  return undefined
}

/**
 * GEPA `select_eval_subsample_for_merged_program`: up to `count` validation indices, about a third where the
 * first parent is better, a third where the second is, the rest from the others.
 */
export const mergeSubsample = (
  first: ArrayLike<number>,
  second: ArrayLike<number>,
  random: SeededRandom,
  count = 5
): number[] => {
  const indices = Array.from({ length: first.length }, (_, index) => index)
  const firstBetter = indices.filter((index) => (first[index] ?? 0) > (second[index] ?? 0))
  const secondBetter = indices.filter((index) => (second[index] ?? 0) > (first[index] ?? 0))
  const each = Math.max(1, Math.ceil(count / 3))
  const selected: number[] = []
  for (const bucket of [firstBetter, secondBetter]) {
    if (selected.length >= count) break
    const available = bucket.filter((index) => !selected.includes(index))
    selected.push(...random.sample(available, Math.min(available.length, each, count - selected.length)))
  }
  const unused = indices.filter((index) => !selected.includes(index))
  selected.push(...random.sample(unused, count - selected.length))
  return selected.slice(0, count)
}

/**
 * GEPA's merge schedule (gepa-ai/gepa `core/engine.py`): each accepted reflective mutation schedules a merge
 * while fewer than `maxMergeInvocations` merges were accepted; a merge is tried only in the iteration right
 * after a new program; only an accepted merge uses up a scheduled merge and counts towards the cap (a
 * rejected one "does not consume merges_due or total_merges_tested").
 */
export class MergeSchedule {
  readonly maxMergeInvocations: number
  private due = 0
  private accepted = 0
  private lastFoundNew = false

  constructor(maxMergeInvocations: number) {
    this.maxMergeInvocations = maxMergeInvocations
  }

  /** Merges scheduled and not yet accepted. */
  get mergesDue(): number {
    return this.due
  }

  /** Merges accepted so far (GEPA's `total_merges_tested`). */
  get mergesAccepted(): number {
    return this.accepted
  }

  /** A reflective mutation was accepted into the pool. */
  foundNewProgram(): void {
    this.lastFoundNew = true
    if (this.accepted < this.maxMergeInvocations) this.due++
  }

  /** Whether this iteration tries a merge; either way the next one does not, unless a new program is found. */
  takeTurn(): boolean {
    const merge = this.due > 0 && this.lastFoundNew
    this.lastFoundNew = false
    return merge
  }

  /** The merge tried this iteration was accepted. */
  mergeAccepted(): void {
    this.due--
    this.accepted++
  }
}
