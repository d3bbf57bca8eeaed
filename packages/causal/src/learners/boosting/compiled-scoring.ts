// Fast scoring of fitted boosted trees: each model is compiled once (cached per model object) into flat arrays
// that compare raw feature values with the split thresholds, giving the same doubles, bit for bit, as binning
// the rows first and comparing bin codes (`referenceRawScores`, which defines the result).
import type { Matrix } from "../../matrix.ts"
import type { Tree } from "./tree.ts"

/** What scoring reads of a fitted model (`BoostedTrees` without its fit diagnostics). */
export interface ScoredTrees {
  readonly initScore: number
  readonly trees: ReadonlyArray<Tree>
  readonly upperBounds: ReadonlyArray<Float64Array>
}

/**
 * All trees of a model in one node space, walked a fixed number of steps per tree (its depth) so that no step
 * asks whether a row has reached a leaf: that data-dependent exit mispredicts, and a walk with no branch lets
 * the CPU overlap the independent walks of 8 rows, which pays far more than the extra steps cost.
 *
 * Node k reads column `column[k]` and moves to `firstChild[k] + (goes right ? 1 : 0)`: a split's two children
 * sit side by side. A leaf moves to a pair of copies of itself, and each copy moves to that same pair, so a
 * row that reaches a leaf early stays on nodes carrying its value whatever it compares.
 */
export interface CompiledTrees {
  readonly initScore: number
  readonly treeCount: number
  /** Node of each tree's root. */
  readonly roots: Int32Array
  /** Steps from each tree's root to its deepest leaf (0 for a single-leaf tree). */
  readonly depths: Int32Array
  /** Column each node compares (0 for leaves, whose next node is a copy of the leaf either way). */
  readonly column: Int32Array
  /** Left child of each node; the right child is the next node. Two arrays, not one interleaved, as indexing
   * by the node alone (no 2k, 2k + 1) measured ~10 % faster. */
  readonly firstChild: Int32Array
  /** A value v goes left when v ≤ threshold; NaN goes right, as its bin code is the last one. */
  readonly threshold: Float64Array
  /** Leaf value of each leaf node and its copies (0 for splits, never read). */
  readonly value: Float64Array
  /** Smallest matrix width the model can read: one more than the largest column any split names. */
  readonly minCols: number
}

// `null` remembers a model that cannot be compiled, so it is not re-examined on every call.
const compiledByModel = new WeakMap<ScoredTrees, CompiledTrees | null>()

/** The reference stores bin codes in a Uint8Array: more bins would wrap, so such a model is not compiled. */
const MAX_BINS = 256

const INFINITE_BOUNDS = Float64Array.of(Number.POSITIVE_INFINITY)

/** True when `bounds` is non-empty, non-decreasing, NaN-free and short enough for byte codes. */
const searchableBounds = (bounds: ArrayLike<number>): boolean => {
  if (bounds.length === 0 || bounds.length > MAX_BINS) return false
  let previous = Number.NEGATIVE_INFINITY
  for (let b = 0; b < bounds.length; b++) {
    const bound = bounds[b] ?? Number.NaN
    if (Number.isNaN(bound) || bound < previous) return false
    previous = bound
  }
  return true
}

/**
 * The compiled form of a fitted model, built on first use and cached for the life of the model object (models
 * are treated as immutable, as their readonly types say). Undefined when the model holds something the
 * equivalence below does not cover (a malformed tree, unsorted or NaN bounds, more than 256 bins): callers then
 * score with `referenceRawScores`.
 *
 * Why comparing raw values is exact: the reference codes a value v of feature f as `binOf(bounds, v)`, the
 * first index b with v ≤ bounds[b], or the last index when there is none (NaN, or v above a finite last bound).
 * For non-decreasing bounds and a split bin s below the last index, code ≤ s ⟺ v ≤ bounds[s], and for NaN both
 * sides are false. A split bin at or past the last index sends every row left (every code is ≤ it, NaN's too),
 * and a negative one sends every row right, so such a split is replaced by the child every row takes.
 */
export const compileTrees = (model: ScoredTrees): CompiledTrees | undefined => {
  const cached = compiledByModel.get(model)
  if (cached !== undefined) return cached ?? undefined
  const compiled = compileUncached(model)
  compiledByModel.set(model, compiled ?? null)
  return compiled
}

const compileUncached = (model: ScoredTrees): CompiledTrees | undefined => {
  const column: Array<number> = []
  const firstChild: Array<number> = []
  const threshold: Array<number> = []
  const value: Array<number> = []
  const allocate = (count: number): number => {
    const first = threshold.length
    for (let k = 0; k < count; k++) {
      column.push(0)
      firstChild.push(0)
      threshold.push(0)
      value.push(0)
    }
    return first
  }
  const roots = new Int32Array(model.trees.length)
  const depths = new Int32Array(model.trees.length)
  let minCols = 0
  for (let t = 0; t < model.trees.length; t++) {
    const tree = model.trees[t]
    if (tree === undefined) return undefined
    const { packed, leafValue, root } = tree
    const nodes = packed.length / 4
    if (!Number.isInteger(nodes) || !Number.isInteger(root) || root >= nodes) return undefined
    for (let k = 0; k < packed.length; k++) if (!Number.isInteger(packed[k])) return undefined
    // Every column a split names must exist, pruned or not: the reference reads its code either way (past the
    // row's end it would read the next row's codes, which only the reference reproduces).
    for (let k = 0; k < nodes; k++) {
      const named = packed[4 * k] ?? 0
      if (named < 0) return undefined
      minCols = Math.max(minCols, named + 1)
    }
    let deepest = 0
    // Lays out the subtree of reference node `ref` (a leaf when < 0) at `slot`; false on a malformed tree (a
    // path longer than the node count is a cycle).
    const layOut = (ref: number, slot: number, depth: number): boolean => {
      if (depth > nodes) return false
      if (ref < 0) {
        const leaf = leafValue[~ref] ?? 0
        const copies = allocate(2)
        for (const node of [slot, copies, copies + 1]) {
          firstChild[node] = copies
          value[node] = leaf
        }
        deepest = Math.max(deepest, depth)
        return true
      }
      const splitColumn = packed[4 * ref] ?? 0
      const bin = packed[4 * ref + 1] ?? 0
      const left = packed[4 * ref + 2] ?? 0
      const right = packed[4 * ref + 3] ?? 0
      const bounds = model.upperBounds[splitColumn] ?? INFINITE_BOUNDS
      if (!searchableBounds(bounds)) return false
      if (bin >= bounds.length - 1) return layOut(left, slot, depth)
      if (bin < 0) return layOut(right, slot, depth)
      const children = allocate(2)
      column[slot] = splitColumn
      firstChild[slot] = children
      threshold[slot] = bounds[bin] ?? 0
      return layOut(left, children, depth + 1) && layOut(right, children + 1, depth + 1)
    }
    const rootSlot = allocate(1)
    if (!layOut(root, rootSlot, 0)) return undefined
    roots[t] = rootSlot
    depths[t] = deepest
  }
  return {
    initScore: model.initScore,
    treeCount: model.trees.length,
    roots,
    depths,
    column: Int32Array.from(column),
    firstChild: Int32Array.from(firstChild),
    threshold: Float64Array.from(threshold),
    value: Float64Array.from(value),
    minCols
  }
}

/** True when `scoreCompiledTrees` may read `x`: whole-number shape, every value present, every split column. */
export const canScoreCompiled = (compiled: CompiledTrees, x: Matrix): boolean =>
  Number.isInteger(x.rows) &&
  Number.isInteger(x.cols) &&
  x.rows >= 0 &&
  x.cols >= compiled.minCols &&
  x.values.length >= x.rows * x.cols

/**
 * Rows per block: the block's values (64 × cols × 8 bytes, 20 kB at 40 columns) stay in L1/L2 while every
 * tree walks them; the compiled trees (≈ 30 bytes per node) stay in L2 across blocks.
 */
const BLOCK_ROWS = 64

/**
 * Raw scores of `x` (which must pass `canScoreCompiled`): the initial score plus each tree's leaf value, added
 * in tree order for every row, the reference's order, so the sums are the same doubles.
 */
export const scoreCompiledTrees = (compiled: CompiledTrees, x: Matrix): Float64Array => {
  const { rows, cols, values } = x
  const { roots, depths, column, firstChild, threshold, value, treeCount } = compiled
  const out = new Float64Array(rows).fill(compiled.initScore)
  for (let start = 0; start < rows; start += BLOCK_ROWS) {
    const end = Math.min(rows, start + BLOCK_ROWS)
    for (let t = 0; t < treeCount; t++) {
      const root = roots[t] ?? 0
      const depth = depths[t] ?? 0
      if (depth === 0) {
        const leaf = value[root] ?? 0
        for (let i = start; i < end; i++) out[i] = (out[i] ?? 0) + leaf
        continue
      }
      // Every row starts at the root, so its column, threshold and children are loaded once per tree.
      const rootColumn = column[root] ?? 0
      const rootChildren = firstChild[root] ?? 0
      const rootThreshold = threshold[root] ?? 0
      let i = start
      // Eight independent walks per loop: `+!(v ≤ threshold)` is a 0/1 with no branch (and 1 for NaN).
      for (; i + 8 <= end; i += 8) {
        const o0 = i * cols
        const o1 = o0 + cols
        const o2 = o1 + cols
        const o3 = o2 + cols
        const o4 = o3 + cols
        const o5 = o4 + cols
        const o6 = o5 + cols
        const o7 = o6 + cols
        let n0 = rootChildren + +!((values[o0 + rootColumn] ?? 0) <= rootThreshold)
        let n1 = rootChildren + +!((values[o1 + rootColumn] ?? 0) <= rootThreshold)
        let n2 = rootChildren + +!((values[o2 + rootColumn] ?? 0) <= rootThreshold)
        let n3 = rootChildren + +!((values[o3 + rootColumn] ?? 0) <= rootThreshold)
        let n4 = rootChildren + +!((values[o4 + rootColumn] ?? 0) <= rootThreshold)
        let n5 = rootChildren + +!((values[o5 + rootColumn] ?? 0) <= rootThreshold)
        let n6 = rootChildren + +!((values[o6 + rootColumn] ?? 0) <= rootThreshold)
        let n7 = rootChildren + +!((values[o7 + rootColumn] ?? 0) <= rootThreshold)
        for (let step = 1; step < depth; step++) {
          n0 = (firstChild[n0] ?? 0) + +!((values[o0 + (column[n0] ?? 0)] ?? 0) <= (threshold[n0] ?? 0))
          n1 = (firstChild[n1] ?? 0) + +!((values[o1 + (column[n1] ?? 0)] ?? 0) <= (threshold[n1] ?? 0))
          n2 = (firstChild[n2] ?? 0) + +!((values[o2 + (column[n2] ?? 0)] ?? 0) <= (threshold[n2] ?? 0))
          n3 = (firstChild[n3] ?? 0) + +!((values[o3 + (column[n3] ?? 0)] ?? 0) <= (threshold[n3] ?? 0))
          n4 = (firstChild[n4] ?? 0) + +!((values[o4 + (column[n4] ?? 0)] ?? 0) <= (threshold[n4] ?? 0))
          n5 = (firstChild[n5] ?? 0) + +!((values[o5 + (column[n5] ?? 0)] ?? 0) <= (threshold[n5] ?? 0))
          n6 = (firstChild[n6] ?? 0) + +!((values[o6 + (column[n6] ?? 0)] ?? 0) <= (threshold[n6] ?? 0))
          n7 = (firstChild[n7] ?? 0) + +!((values[o7 + (column[n7] ?? 0)] ?? 0) <= (threshold[n7] ?? 0))
        }
        out[i] = (out[i] ?? 0) + (value[n0] ?? 0)
        out[i + 1] = (out[i + 1] ?? 0) + (value[n1] ?? 0)
        out[i + 2] = (out[i + 2] ?? 0) + (value[n2] ?? 0)
        out[i + 3] = (out[i + 3] ?? 0) + (value[n3] ?? 0)
        out[i + 4] = (out[i + 4] ?? 0) + (value[n4] ?? 0)
        out[i + 5] = (out[i + 5] ?? 0) + (value[n5] ?? 0)
        out[i + 6] = (out[i + 6] ?? 0) + (value[n6] ?? 0)
        out[i + 7] = (out[i + 7] ?? 0) + (value[n7] ?? 0)
      }
      for (; i < end; i++) {
        const offset = i * cols
        let node = rootChildren + +!((values[offset + rootColumn] ?? 0) <= rootThreshold)
        for (let step = 1; step < depth; step++)
          node = (firstChild[node] ?? 0) + +!((values[offset + (column[node] ?? 0)] ?? 0) <= (threshold[node] ?? 0))
        out[i] = (out[i] ?? 0) + (value[node] ?? 0)
      }
    }
  }
  return out
}
