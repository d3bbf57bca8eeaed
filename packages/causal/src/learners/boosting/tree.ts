// One regression tree grown leaf-wise on gradient/hessian histograms (LightGBM's scheme): the leaf with the
// largest gain splits next, the smaller child's histogram is built from its rows and the larger child's is
// the parent's minus the smaller's.
import type { BinnedFeatures } from "./binning.ts"

export interface TreeParams {
  readonly numLeaves: number
  /** ≤ 0: unlimited. */
  readonly maxDepth: number
  readonly minChildSamples: number
  readonly minChildWeight: number
  readonly l2: number
  readonly minSplitGain: number
  readonly learningRate: number
}

/** Flat tree: node k sends x[feature[k]] ≤ threshold[k] left; a child < 0 is leaf ~child. */
export interface Tree {
  readonly root: number
  readonly feature: Int32Array
  readonly bin: Int32Array
  readonly threshold: Float64Array
  readonly left: Int32Array
  readonly right: Int32Array
  readonly leafValue: Float64Array
  /** The same nodes packed as [feature, bin, left, right] quadruples: one cache line per visit when predicting. */
  readonly packed: Int32Array
}

interface Leaf {
  start: number
  count: number
  sumG: number
  sumH: number
  depth: number
  hist: Float64Array | undefined
  parent: number
  isLeft: boolean
  gain: number
  feature: number
  featureSlot: number
  bin: number
  leftG: number
  leftH: number
  leftCount: number
}

/** Buffers reused across trees of one boosting run. */
export interface TreeWorkspace {
  readonly rows: Int32Array
  readonly scratch: Int32Array
  readonly pool: Array<Float64Array>
  /** Entries of a histogram over all features (2 per bin: gradient and hessian sums). */
  readonly capacity: number
  /** Second histogram copy used while building (always left zeroed). */
  readonly spare: Float64Array
}

export const createWorkspace = (binned: BinnedFeatures): TreeWorkspace => ({
  rows: new Int32Array(binned.rows),
  scratch: new Int32Array(binned.rows + 1),
  pool: [],
  capacity: binned.histogramSize,
  spare: new Float64Array(binned.histogramSize)
})

const takeHistogram = (ws: TreeWorkspace): Float64Array => {
  const hist = ws.pool.pop()
  if (hist === undefined) return new Float64Array(ws.capacity)
  hist.fill(0)
  return hist
}

const buildHistogram = (
  hist: Float64Array,
  binned: BinnedFeatures,
  g: Float64Array,
  h: Float64Array,
  rows: Int32Array,
  start: number,
  count: number,
  subset: Int32Array,
  spare: Float64Array
): void => {
  const cells = binned.cells
  const features = binned.features
  const s = subset.length
  const end = start + count
  // Two rows at a time into two copies: consecutive rows often hit the same bin (binary features), and
  // alternating copies breaks the store-to-load dependency between them. The copies are folded at the end.
  const second = spare
  let k = start
  for (; k + 1 < end; k += 2) {
    const r0 = rows[k] ?? 0
    const r1 = rows[k + 1] ?? 0
    const g0 = g[r0] ?? 0
    const h0 = h[r0] ?? 0
    const g1 = g[r1] ?? 0
    const h1 = h[r1] ?? 0
    const o0 = r0 * features
    const o1 = r1 * features
    for (let fi = 0; fi < s; fi++) {
      const f = subset[fi] ?? 0
      const i0 = cells[o0 + f] ?? 0
      const i1 = cells[o1 + f] ?? 0
      hist[i0] = (hist[i0] ?? 0) + g0
      hist[i0 + 1] = (hist[i0 + 1] ?? 0) + h0
      second[i1] = (second[i1] ?? 0) + g1
      second[i1 + 1] = (second[i1 + 1] ?? 0) + h1
    }
  }
  for (; k < end; k++) {
    const r = rows[k] ?? 0
    const gr = g[r] ?? 0
    const hr = h[r] ?? 0
    const offset = r * features
    for (let fi = 0; fi < s; fi++) {
      const idx = cells[offset + (subset[fi] ?? 0)] ?? 0
      hist[idx] = (hist[idx] ?? 0) + gr
      hist[idx + 1] = (hist[idx + 1] ?? 0) + hr
    }
  }
  for (let i = 0; i < second.length; i++) {
    hist[i] = (hist[i] ?? 0) + (second[i] ?? 0)
    second[i] = 0
  }
}

const findBestSplit = (leaf: Leaf, binned: BinnedFeatures, subset: Int32Array, params: TreeParams): void => {
  leaf.gain = Number.NEGATIVE_INFINITY
  const hist = leaf.hist
  if (hist === undefined) return
  if (leaf.count < 2 * params.minChildSamples) return
  if (params.maxDepth > 0 && leaf.depth >= params.maxDepth) return
  const { l2, minChildSamples, minChildWeight } = params
  const G = leaf.sumG
  const H = leaf.sumH
  const C = leaf.count
  const parentScore = (G * G) / (H + l2)
  // Rows per bin are estimated from the hessian, as LightGBM does (cnt_factor = rows / hessian sum): the
  // histogram then holds two sums per bin instead of three. Exact when hessians are constant (regression).
  const countPerHessian = C / H
  for (let fi = 0; fi < subset.length; fi++) {
    const f = subset[fi] ?? 0
    const bins = binned.binCounts[f] ?? 0
    let gl = 0
    let hl = 0
    let cl = 0
    const base = binned.histogramOffset[f] ?? 0
    for (let b = 0; b < bins - 1; b++) {
      const idx = base + b * 2
      gl += hist[idx] ?? 0
      hl += hist[idx + 1] ?? 0
      cl = Math.round(hl * countPerHessian)
      if (cl < minChildSamples || hl < minChildWeight) continue
      const cr = C - cl
      if (cr < minChildSamples) break
      const hr = H - hl
      if (hr < minChildWeight) break
      const gr = G - gl
      const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore
      if (gain > leaf.gain) {
        leaf.gain = gain
        leaf.feature = f
        leaf.featureSlot = fi
        leaf.bin = b
        leaf.leftG = gl
        leaf.leftH = hl
        leaf.leftCount = cl
      }
    }
  }
}

/**
 * Grows one tree on the rows `bag` (increasing row ids) with gradients `g` and hessians `h`, considering the
 * features in `subset`. Leaf values are −G/(H + λ) times the learning rate.
 */
export const growTree = (
  binned: BinnedFeatures,
  g: Float64Array,
  h: Float64Array,
  bag: Int32Array,
  subset: Int32Array,
  params: TreeParams,
  ws: TreeWorkspace
): { readonly tree: Tree; readonly addToScores: (scores: Float64Array) => void } => {
  const rows = ws.rows
  rows.set(bag)
  let sumG = 0
  let sumH = 0
  for (let k = 0; k < bag.length; k++) {
    const r = bag[k] ?? 0
    sumG += g[r] ?? 0
    sumH += h[r] ?? 0
  }
  const rootHist = takeHistogram(ws)
  buildHistogram(rootHist, binned, g, h, rows, 0, bag.length, subset, ws.spare)
  const newLeaf = (
    start: number,
    count: number,
    G: number,
    H: number,
    depth: number,
    parent: number,
    isLeft: boolean
  ): Leaf => ({
    start,
    count,
    sumG: G,
    sumH: H,
    depth,
    hist: undefined,
    parent,
    isLeft,
    gain: Number.NEGATIVE_INFINITY,
    feature: -1,
    featureSlot: -1,
    bin: -1,
    leftG: 0,
    leftH: 0,
    leftCount: 0
  })
  const leaves: Array<Leaf> = [newLeaf(0, bag.length, sumG, sumH, 0, -1, true)]
  const root = leaves[0]
  if (root !== undefined) {
    root.hist = rootHist
    findBestSplit(root, binned, subset, params)
  }
  const feature: Array<number> = []
  const binIndex: Array<number> = []
  const threshold: Array<number> = []
  const left: Array<number> = []
  const right: Array<number> = []
  const codes = binned.codes
  const features = binned.features
  while (leaves.length < params.numLeaves) {
    let best: Leaf | undefined
    for (const leaf of leaves)
      if (leaf.gain > params.minSplitGain && (best === undefined || leaf.gain > best.gain)) best = leaf
    if (best === undefined) break
    const node = feature.length
    feature.push(best.feature)
    binIndex.push(best.bin)
    threshold.push(binned.upperBounds[best.feature]?.[best.bin] ?? 0)
    left.push(0)
    right.push(0)
    if (best.parent >= 0) (best.isLeft ? left : right)[best.parent] = node
    // Stable partition of the leaf's rows: bin ≤ split bin goes left.
    let l = best.start
    let rCount = 0
    const end = best.start + best.count
    const splitFeature = best.feature
    const splitBin = best.bin
    const scratch = ws.scratch
    // Branch-free: write the row to both sides and advance only the side it belongs to (l ≤ k, so the
    // in-place write never clobbers an unread row); the split direction is unpredictable per row.
    for (let k = best.start; k < end; k++) {
      const r = rows[k] ?? 0
      const left = (codes[r * features + splitFeature] ?? 0) <= splitBin ? 1 : 0
      rows[l] = r
      scratch[rCount] = r
      l += left
      rCount += 1 - left
    }
    rows.set(scratch.subarray(0, rCount), l)
    const leftCount = l - best.start
    const leftLeaf = newLeaf(best.start, leftCount, best.leftG, best.leftH, best.depth + 1, node, true)
    const rightLeaf = newLeaf(
      best.start + leftCount,
      best.count - leftCount,
      best.sumG - best.leftG,
      best.sumH - best.leftH,
      best.depth + 1,
      node,
      false
    )
    const parentHist = best.hist
    const [small, large] = leftLeaf.count <= rightLeaf.count ? [leftLeaf, rightLeaf] : [rightLeaf, leftLeaf]
    // Histograms only matter for leaves that may split again: none after the last split, none when even the
    // larger child is below 2·minChildSamples rows or at the depth limit.
    const mayGrow =
      leaves.length + 1 < params.numLeaves &&
      large.count >= 2 * params.minChildSamples &&
      (params.maxDepth <= 0 || large.depth < params.maxDepth)
    if (mayGrow) {
      const smallHist = takeHistogram(ws)
      buildHistogram(smallHist, binned, g, h, rows, small.start, small.count, subset, ws.spare)
      small.hist = smallHist
      if (parentHist !== undefined) {
        const size = parentHist.length
        for (let i = 0; i < size; i++) parentHist[i] = (parentHist[i] ?? 0) - (smallHist[i] ?? 0)
        large.hist = parentHist
      }
    } else if (parentHist !== undefined) ws.pool.push(parentHist)
    best.hist = undefined
    const index = leaves.indexOf(best)
    leaves.splice(index, 1, leftLeaf, rightLeaf)
    findBestSplit(leftLeaf, binned, subset, params)
    findBestSplit(rightLeaf, binned, subset, params)
    for (const child of [leftLeaf, rightLeaf]) {
      if (child.gain === Number.NEGATIVE_INFINITY && child.hist !== undefined) {
        ws.pool.push(child.hist)
        child.hist = undefined
      }
    }
  }
  const leafValue = new Float64Array(leaves.length)
  leaves.forEach((leaf, j) => {
    leafValue[j] = (-leaf.sumG / (leaf.sumH + params.l2)) * params.learningRate
    if (leaf.parent >= 0) (leaf.isLeft ? left : right)[leaf.parent] = ~j
    if (leaf.hist !== undefined) {
      ws.pool.push(leaf.hist)
      leaf.hist = undefined
    }
  })
  const packed = new Int32Array(4 * feature.length)
  for (let k = 0; k < feature.length; k++) {
    packed[4 * k] = feature[k] ?? 0
    packed[4 * k + 1] = binIndex[k] ?? 0
    packed[4 * k + 2] = left[k] ?? 0
    packed[4 * k + 3] = right[k] ?? 0
  }
  const tree: Tree = {
    packed,
    root: feature.length === 0 ? ~0 : 0,
    feature: Int32Array.from(feature),
    bin: Int32Array.from(binIndex),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    leafValue
  }
  return {
    tree,
    // Bagged rows know their leaf from the final partition; no traversal needed.
    addToScores: (scores) => {
      leaves.forEach((leaf, j) => {
        const value = leafValue[j] ?? 0
        for (let k = leaf.start; k < leaf.start + leaf.count; k++) {
          const r = rows[k] ?? 0
          scores[r] = (scores[r] ?? 0) + value
        }
      })
    }
  }
}

/** Leaf value of a binned training row. */
export const treeValueBinned = (tree: Tree, codes: Uint8Array, features: number, row: number): number => {
  const packed = tree.packed
  let node = tree.root
  const offset = row * features
  while (node >= 0) {
    const base = 4 * node
    node =
      (codes[offset + (packed[base] ?? 0)] ?? 0) <= (packed[base + 1] ?? 0)
        ? (packed[base + 2] ?? 0)
        : (packed[base + 3] ?? 0)
  }
  return tree.leafValue[~node] ?? 0
}

/** Adds the tree's value for every row of a row-major matrix to `out` (arrays hoisted for speed). */
export const addTreeValues = (
  tree: Tree,
  values: Float64Array,
  rows: number,
  cols: number,
  out: Float64Array
): void => {
  const { root, feature, threshold, left, right, leafValue } = tree
  for (let i = 0; i < rows; i++) {
    const offset = i * cols
    let node = root
    while (node >= 0) {
      node =
        (values[offset + (feature[node] ?? 0)] ?? 0) <= (threshold[node] ?? 0) ? (left[node] ?? 0) : (right[node] ?? 0)
    }
    out[i] = (out[i] ?? 0) + (leafValue[~node] ?? 0)
  }
}
