// Histogram gradient-boosted trees for regression (squared error) and binary classification (log loss),
// with LightGBM's knobs: leaves, depth, learning rate, min child samples, row and feature subsampling,
// early stopping on a validation split; seeded, float64 gradients.

import { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import type { CausalInputError } from "../../errors.ts"
import { sampleSortedIndices } from "../../internal/random.ts"
import { drain, runInSlices } from "../../internal/time-slices.ts"
import { checkPositiveInteger, checkRange, firstIssue, issue } from "../../internal/validate.ts"
import type { Matrix } from "../../matrix.ts"
import { checkFitInput, type FitInput, type Learner, type LearnerTask, type Predictor } from "../learner.ts"
import { binFeatures, binOf } from "./binning.ts"
import { canScoreCompiled, compileTrees, type ScoredTrees, scoreCompiledTrees } from "./compiled-scoring.ts"
import { addTreeValues, createWorkspace, growTree, type Tree, treeValueBinned } from "./tree.ts"

export interface GradientBoostingOptions {
  /** Boosting rounds (default 100). */
  readonly nEstimators?: number
  /** Shrinkage (default 0.1). */
  readonly learningRate?: number
  /** Maximum leaves per tree (default 31). */
  readonly numLeaves?: number
  /** Maximum depth, an integer, ≤ 0 for none (default −1, LightGBM's). */
  readonly maxDepth?: number
  /** Minimum rows per leaf (default 20). */
  readonly minChildSamples?: number
  /** Minimum hessian sum per leaf (default 1e-3). */
  readonly minChildWeight?: number
  /** L2 penalty on leaf values (default 0). */
  readonly l2?: number
  readonly minSplitGain?: number
  /** Fraction of rows drawn (without replacement) for each tree (default 1). */
  readonly subsample?: number
  /** Fraction of features drawn for each tree (default 1). */
  readonly colsample?: number
  /** Bins per feature, 2 to 256 (default 255). */
  readonly maxBins?: number
  /** Stop when the validation loss has not improved for this many rounds (default: no early stopping). */
  readonly earlyStoppingRounds?: number
  /** Share of the rows held out (seeded) as the early-stopping validation split, in (0, 1) (default 0.1). */
  readonly validationFraction?: number
}

export interface BoostedTrees {
  readonly task: LearnerTask
  readonly initScore: number
  readonly trees: ReadonlyArray<Tree>
  /** Training bin bounds per feature: new rows are binned once, then every tree compares small codes. */
  readonly upperBounds: ReadonlyArray<Float64Array>
  /** Rounds kept (the best validation round under early stopping). */
  readonly bestIteration: number
  readonly validationLoss: ReadonlyArray<number>
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)))

const lossOf = (task: LearnerTask, y: Float64Array, score: Float64Array): number => {
  let sum = 0
  for (let i = 0; i < y.length; i++) {
    const s = score[i] ?? 0
    const yi = y[i] ?? 0
    if (task === "regression") sum += (s - yi) * (s - yi)
    else {
      // log(1 + e^s) − y·s, computed stably.
      sum += (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))) - yi * s
    }
  }
  return sum / y.length
}

/** The first out-of-range option (`field` prefixes the option names). */
export const checkBoostingOptions = (
  options: GradientBoostingOptions,
  field = "options"
): CausalInputError | undefined => {
  const optional = (
    name: string,
    value: number | undefined,
    check: (f: string, v: number) => CausalInputError | undefined
  ) => (value === undefined ? undefined : check(`${field}.${name}`, value))
  const nonNegative = (f: string, v: number) => checkRange(f, v, 0, Number.POSITIVE_INFINITY, "low")
  return firstIssue(
    optional("nEstimators", options.nEstimators, checkPositiveInteger),
    () =>
      optional("learningRate", options.learningRate, (f, v) => checkRange(f, v, 0, Number.POSITIVE_INFINITY, "open")),
    () =>
      optional("numLeaves", options.numLeaves, (f, v) =>
        Number.isInteger(v) && v >= 2 ? undefined : issue(f, `${v} must be an integer ≥ 2`)
      ),
    () =>
      optional("maxDepth", options.maxDepth, (f, v) =>
        Number.isInteger(v) ? undefined : issue(f, `${v} must be an integer`)
      ),
    () => optional("minChildSamples", options.minChildSamples, checkPositiveInteger),
    () => optional("minChildWeight", options.minChildWeight, nonNegative),
    () => optional("l2", options.l2, nonNegative),
    () => optional("minSplitGain", options.minSplitGain, nonNegative),
    () => optional("subsample", options.subsample, (f, v) => checkRange(f, v, 0, 1, "high")),
    () => optional("colsample", options.colsample, (f, v) => checkRange(f, v, 0, 1, "high")),
    () =>
      optional("maxBins", options.maxBins, (f, v) =>
        Number.isInteger(v) && v >= 2 && v <= 256 ? undefined : issue(f, `${v} must be an integer from 2 to 256`)
      ),
    () => optional("earlyStoppingRounds", options.earlyStoppingRounds, checkPositiveInteger),
    () => optional("validationFraction", options.validationFraction, (f, v) => checkRange(f, v, 0, 1, "open"))
  )
}

/**
 * The boosting rounds as a generator that yields after each tree, so `fitBoostedTrees` can give the event
 * loop back between rounds; returns the model at the end.
 */
export function* boostingRounds(input: FitInput, options: GradientBoostingOptions = {}): Generator<void, BoostedTrees> {
  const rng = new SeededRandom(input.seed)
  const task = input.task
  const nEstimators = options.nEstimators ?? 100
  const params = {
    numLeaves: Math.max(2, options.numLeaves ?? 31),
    maxDepth: options.maxDepth ?? -1,
    minChildSamples: Math.max(1, options.minChildSamples ?? 20),
    minChildWeight: options.minChildWeight ?? 1e-3,
    l2: options.l2 ?? 0,
    minSplitGain: options.minSplitGain ?? 0,
    learningRate: options.learningRate ?? 0.1
  }
  const earlyStopping = options.earlyStoppingRounds
  // Hold out a validation split for early stopping (seeded, without replacement).
  let trainX = input.x
  let trainY = input.y
  let trainW = input.weights
  let trainOffset = input.offset
  let validX: Matrix | undefined
  let validY: Float64Array | undefined
  let validOffset: Float64Array | undefined
  if (earlyStopping !== undefined) {
    const n = input.x.rows
    const nValid = Math.min(n - 1, Math.max(1, Math.round(n * (options.validationFraction ?? 0.1))))
    const validRows = sampleSortedIndices(n, nValid, rng)
    const isValid = new Uint8Array(n)
    for (const r of validRows) isValid[r] = 1
    const trainRows: Array<number> = []
    for (let i = 0; i < n; i++) if (isValid[i] === 0) trainRows.push(i)
    const pick = (rowsToTake: ArrayLike<number>): Matrix => {
      const cols = input.x.cols
      const values = new Float64Array(rowsToTake.length * cols)
      for (let i = 0; i < rowsToTake.length; i++) {
        const from = (rowsToTake[i] ?? 0) * cols
        values.set(input.x.values.subarray(from, from + cols), i * cols)
      }
      return { rows: rowsToTake.length, cols, values }
    }
    trainX = pick(trainRows)
    trainY = Float64Array.from(trainRows, (r) => input.y[r] ?? 0)
    trainW = input.weights === undefined ? undefined : Float64Array.from(trainRows, (r) => input.weights?.[r] ?? 0)
    trainOffset = input.offset === undefined ? undefined : Float64Array.from(trainRows, (r) => input.offset?.[r] ?? 0)
    validX = pick(validRows)
    validY = Float64Array.from(validRows, (r) => input.y[r] ?? 0)
    validOffset = input.offset === undefined ? undefined : Float64Array.from(validRows, (r) => input.offset?.[r] ?? 0)
  }
  const n = trainX.rows
  const binned = binFeatures(trainX, Math.min(256, Math.max(2, options.maxBins ?? 255)))
  // Initial score: weighted mean (regression) or its log-odds (LightGBM's boost_from_average).
  let sw = 0
  let sy = 0
  for (let i = 0; i < n; i++) {
    const w = trainW === undefined ? 1 : (trainW[i] ?? 0)
    sw += w
    sy += w * (trainY[i] ?? 0)
  }
  // sw = 0 only when every positive weight fell in the validation split.
  const mean = sw > 0 ? sy / sw : 0
  const rate = Math.min(1 - 1e-15, Math.max(1e-15, mean))
  // With an offset the trees start from it (LightGBM's init_score, which replaces boost_from_average).
  const initScore = trainOffset !== undefined ? 0 : task === "regression" ? mean : Math.log(rate / (1 - rate))
  const scores = trainOffset === undefined ? new Float64Array(n).fill(initScore) : Float64Array.from(trainOffset)
  const validScores =
    validX === undefined
      ? undefined
      : validOffset === undefined
        ? new Float64Array(validX.rows).fill(initScore)
        : Float64Array.from(validOffset)
  const g = new Float64Array(n)
  const h = new Float64Array(n)
  const nFeatures = binned.features
  const subsetSize = Math.max(1, Math.min(nFeatures, Math.round(nFeatures * (options.colsample ?? 1))))
  const ws = createWorkspace(binned)
  const allRows = Int32Array.from({ length: n }, (_, i) => i)
  const bagSize = Math.max(1, Math.min(n, Math.round(n * (options.subsample ?? 1))))
  const trees: Array<Tree> = []
  const validationLoss: Array<number> = []
  let bestLoss = Number.POSITIVE_INFINITY
  let bestIteration = 0
  const featureOrder = Int32Array.from({ length: nFeatures }, (_, i) => i)
  const inBag = new Uint8Array(n)
  for (let iteration = 0; iteration < nEstimators; iteration++) {
    for (let i = 0; i < n; i++) {
      const w = trainW === undefined ? 1 : (trainW[i] ?? 0)
      const s = scores[i] ?? 0
      if (task === "regression") {
        g[i] = w * (s - (trainY[i] ?? 0))
        h[i] = w
      } else {
        const p = s >= 0 ? 1 / (1 + Math.exp(-s)) : 1 - 1 / (1 + Math.exp(s))
        g[i] = w * (p - (trainY[i] ?? 0))
        h[i] = w * p * (1 - p)
      }
    }
    const bag = bagSize === n ? allRows : sampleSortedIndices(n, bagSize, rng)
    if (bag !== allRows) {
      inBag.fill(0)
      for (let k = 0; k < bag.length; k++) inBag[bag[k] ?? 0] = 1
    }
    let subset: Int32Array = featureOrder
    if (subsetSize < nFeatures) {
      subset = sampleSortedIndices(nFeatures, subsetSize, rng)
    }
    const { tree, addToScores } = growTree(binned, g, h, bag, subset, params, ws)
    trees.push(tree)
    // Bagged rows take their leaf from the partition; only out-of-bag rows walk the tree.
    addToScores(scores)
    if (bag !== allRows) {
      for (let i = 0; i < n; i++) {
        if (inBag[i] === 0) scores[i] = (scores[i] ?? 0) + treeValueBinned(tree, binned.codes, nFeatures, i)
      }
    }
    if (validX !== undefined && validScores !== undefined && validY !== undefined && earlyStopping !== undefined) {
      addTreeValues(tree, validX.values, validX.rows, validX.cols, validScores)
      const loss = lossOf(task, validY, validScores)
      validationLoss.push(loss)
      if (loss < bestLoss - 1e-15) {
        bestLoss = loss
        bestIteration = iteration + 1
      } else if (iteration + 1 - bestIteration >= earlyStopping) break
    } else bestIteration = iteration + 1
    yield
  }
  return {
    task,
    initScore,
    trees: trees.slice(0, bestIteration),
    upperBounds: binned.upperBounds,
    bestIteration,
    validationLoss
  }
}

/** Fits boosted trees at once, without validation (for callers that validated the input and options). */
export const fitBoostedTreesKernel = (input: FitInput, options: GradientBoostingOptions = {}): BoostedTrees =>
  drain(boostingRounds(input, options))

/**
 * Fits histogram gradient-boosted trees (squared error for `regression`, log loss for `classification`
 * with 0/1 labels). Fails on a bad matrix, mismatched lengths, non-finite values, negative weights or an
 * out-of-range option; with early stopping the validation split needs at least 2 rows. The rounds run in
 * 10 ms slices that give the event loop back, so a server stays responsive and interrupting the fiber stops
 * the fit between trees (run it with `runPromise`, not `runSync`). The meta-learners' base learners fit at
 * once (`fitBoostedTreesKernel`).
 *
 * @example
 * const model = yield* fitBoostedTrees({ x, y, task: "regression", seed: 1 }, { nEstimators: 200, numLeaves: 15 })
 * const predictions = predictBoostedTrees(model, xNew)
 */
export const fitBoostedTrees = (
  input: FitInput,
  options: GradientBoostingOptions = {}
): Effect.Effect<BoostedTrees, CausalInputError> =>
  Effect.suspend(() => {
    const problem = firstIssue(checkBoostingOptions(options), () =>
      checkFitInput(input, options.earlyStoppingRounds === undefined ? 1 : 2)
    )
    return problem === undefined ? runInSlices(boostingRounds(input, options)) : Effect.fail(problem)
  })

/**
 * Raw score (log-odds for classification) per row by binning the rows and walking each tree on bin codes: the
 * definition of a model's scores. `boostedRawScores` returns the same doubles faster; this stays as its
 * reference (tests, benchmark) and as its fallback for models the fast path does not compile.
 */
export const referenceRawScores = (model: ScoredTrees, x: Matrix): Float64Array => {
  const { rows, cols, values } = x
  // Binning the rows first keeps the walked data in cache (1 byte per value instead of 8) across all trees.
  const codes = new Uint8Array(rows * cols)
  for (let f = 0; f < cols; f++) {
    const bounds = model.upperBounds[f] ?? Float64Array.of(Number.POSITIVE_INFINITY)
    for (let i = 0; i < rows; i++) codes[i * cols + f] = binOf(bounds, values[i * cols + f] ?? 0)
  }
  const out = new Float64Array(rows).fill(model.initScore)
  for (const tree of model.trees) {
    const { root, packed, leafValue } = tree
    for (let i = 0; i < rows; i++) {
      const offset = i * cols
      let node = root
      while (node >= 0) {
        const base = 4 * node
        node =
          (codes[offset + (packed[base] ?? 0)] ?? 0) <= (packed[base + 1] ?? 0)
            ? (packed[base + 2] ?? 0)
            : (packed[base + 3] ?? 0)
      }
      out[i] = (out[i] ?? 0) + (leafValue[~node] ?? 0)
    }
  }
  return out
}

/**
 * Raw score (log-odds for classification) per row: the same doubles as `referenceRawScores`, from the model's
 * compiled trees (built on the first call and cached for the model object) when the matrix fits them.
 */
export const boostedRawScores = (model: BoostedTrees, x: Matrix): Float64Array => {
  const compiled = compileTrees(model)
  return compiled !== undefined && canScoreCompiled(compiled, x)
    ? scoreCompiledTrees(compiled, x)
    : referenceRawScores(model, x)
}

/** Predictions: E[y] for regression, P(y = 1) for classification. */
export const predictBoostedTrees = (model: BoostedTrees, x: Matrix): Float64Array => {
  const raw = boostedRawScores(model, x)
  if (model.task === "classification") for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i] ?? 0)
  return raw
}

/** Histogram gradient-boosted trees as a base learner (regression and classification). */
export const boostedTreesLearner = (options: GradientBoostingOptions = {}): Learner => ({
  name: `boosted-trees(${options.nEstimators ?? 100}x${options.numLeaves ?? 31})`,
  tasks: ["regression", "classification"],
  checkOptions: () => checkBoostingOptions(options),
  fit: (input: FitInput): Predictor => {
    const model = fitBoostedTreesKernel(input, options)
    return { predict: (x) => predictBoostedTrees(model, x) }
  }
})
