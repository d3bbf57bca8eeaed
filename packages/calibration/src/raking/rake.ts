// Raking (iterative proportional fitting; Deming & Stephan 1940) of unit weights to several categorical
// margins, with the convergence rule of the reference script (max |Δw| over a sweep below a tolerance, here
// relative to the mean weight),
// optional weight bounds relative to the base weights (as in R survey::calibrate) and trimming at a multiple
// of the mean weight (as in anesrake), applied inside the loop so the margins are re-met after each trim.
import { Result } from "effect"
import { EmptyCategory, InconsistentMargins, type InvalidInput, RakingNotConverged } from "../errors.ts"
import { finiteVector, invalid, type NumericInput, positiveInteger } from "../internal/validate.ts"
import { kishEffectiveSampleSize } from "./kish.ts"

export interface RakingMargin {
  readonly name: string
  /** Category code per unit: integers 0 … targets.length − 1 (typed arrays are used without copying). */
  readonly categories: ArrayLike<number>
  /** Target per category: shares (summing to 1) or totals, see `targetKind`. */
  readonly targets: ArrayLike<number>
}

export interface RakeOptions {
  /** Starting (design) weights; 1 for every unit when omitted. */
  readonly baseWeights?: NumericInput
  /** "share" (default): targets are proportions of the base-weight total; "total": absolute totals. */
  readonly targetKind?: "share" | "total"
  /**
   * Converged when no weight moves more than this times the mean weight in a sweep (default 1e-10: the
   * reference's max |Δw| < 1e-10 for weights of mean 1).
   */
  readonly tolerance?: number
  readonly maxSweeps?: number
  /** Largest accepted |achieved − target| per category, relative to the total (default 1e-6). */
  readonly marginTolerance?: number
  /** Weight bounds as ratios to the base weight, e.g. { lower: 0.3, upper: 3 }. */
  readonly bounds?: { readonly lower?: number; readonly upper?: number }
  /** Cap weights at this multiple of the mean weight after every sweep (e.g. 5). */
  readonly trimAt?: number
  /** Relative tolerance for margins' totals to agree (default 1e-6). */
  readonly consistencyTolerance?: number
}

export interface MarginFit {
  readonly name: string
  readonly targetTotals: Float64Array
  readonly achievedTotals: Float64Array
  readonly maxAbsoluteError: number
}

export interface RakeResult {
  readonly weights: Float64Array
  readonly sweeps: number
  /** Largest weight change in the last sweep, relative to the mean weight. */
  readonly maxWeightChange: number
  readonly margins: ReadonlyArray<MarginFit>
  readonly effectiveSampleSize: number
  /** n / effective sample size. */
  readonly designEffect: number
  readonly minWeight: number
  readonly maxWeight: number
}

interface PreparedMargin {
  readonly name: string
  readonly codes: Int32Array | Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array
  readonly targetTotals: Float64Array
}

export interface RakingSettings {
  readonly tolerance: number
  readonly maxSweeps: number
  readonly lowerBound: Float64Array | undefined
  readonly upperBound: Float64Array | undefined
  readonly trimAt: number | undefined
}

const isIntegerTypedArray = (
  values: ArrayLike<number>
): values is Int32Array | Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array =>
  values instanceof Int32Array ||
  values instanceof Uint8Array ||
  values instanceof Uint16Array ||
  values instanceof Uint32Array ||
  values instanceof Int8Array ||
  values instanceof Int16Array

/** Per-category sums of `weights` (one pass). */
export const categoryTotals = (codes: ArrayLike<number>, weights: Float64Array, levels: number): Float64Array => {
  const totals = new Float64Array(levels)
  for (let i = 0; i < weights.length; i++) {
    const c = codes[i] as number
    totals[c] = (totals[c] as number) + (weights[i] as number)
  }
  return totals
}

/**
 * Kernel: rakes `weights` in place to the margins' target totals; returns the sweeps used and the last
 * sweep's largest weight change relative to the mean weight. Inputs must be validated (codes in range, no
 * empty targeted category). Without bounds or trimming it runs the fused loop: one pass per margin that
 * applies that margin's factors and accumulates the next margin's category totals.
 */
export const rakeKernel = (
  margins: ReadonlyArray<{ readonly codes: ArrayLike<number>; readonly targetTotals: Float64Array }>,
  weights: Float64Array,
  settings: RakingSettings
): { readonly sweeps: number; readonly maxWeightChange: number } =>
  settings.lowerBound === undefined && settings.upperBound === undefined && settings.trimAt === undefined
    ? rakeFused(margins, weights, settings)
    : rakeBounded(margins, weights, settings)

const factorsFor = (targetTotals: Float64Array, current: Float64Array): Float64Array => {
  const factor = new Float64Array(targetTotals.length)
  for (let c = 0; c < factor.length; c++) {
    const have = current[c] as number
    factor[c] = have > 0 ? (targetTotals[c] as number) / have : 0
  }
  return factor
}

/** Unbounded IPF in one pass per margin (the sweep's start is kept to measure the change). */
const rakeFused = (
  margins: ReadonlyArray<{ readonly codes: ArrayLike<number>; readonly targetTotals: Float64Array }>,
  weights: Float64Array,
  settings: RakingSettings
): { readonly sweeps: number; readonly maxWeightChange: number } => {
  const n = weights.length
  const count = margins.length
  const first = margins[0] as { readonly codes: ArrayLike<number>; readonly targetTotals: Float64Array }
  let nextTotals = categoryTotals(first.codes, weights, first.targetTotals.length)
  const previous = new Float64Array(n)
  let maxWeightChange = Number.POSITIVE_INFINITY
  let sweeps = 0
  while (sweeps < settings.maxSweeps) {
    sweeps++
    previous.set(weights)
    for (let m = 0; m < count; m++) {
      const margin = margins[m] as { readonly codes: ArrayLike<number>; readonly targetTotals: Float64Array }
      const factor = factorsFor(margin.targetTotals, nextTotals)
      const following = margins[(m + 1) % count] as {
        readonly codes: ArrayLike<number>
        readonly targetTotals: Float64Array
      }
      const accumulated = new Float64Array(following.targetTotals.length)
      if (m < count - 1) {
        applyAndAccumulate(weights, margin.codes, factor, following.codes, accumulated)
      } else {
        // Last margin of the sweep: also measure how far each weight moved over the whole sweep.
        maxWeightChange = applyAccumulateAndCompare(
          weights,
          margin.codes,
          factor,
          following.codes,
          accumulated,
          previous
        )
      }
      nextTotals = accumulated
    }
    if (maxWeightChange < settings.tolerance) break
  }
  return { sweeps, maxWeightChange }
}

/** wᵢ ← wᵢ·f[cᵢ] and totals[dᵢ] += wᵢ in one pass. */
const applyAndAccumulate = (
  weights: Float64Array,
  codes: ArrayLike<number>,
  factor: Float64Array,
  nextCodes: ArrayLike<number>,
  totals: Float64Array
): void => {
  for (let i = 0; i < weights.length; i++) {
    const w = (weights[i] as number) * (factor[codes[i] as number] as number)
    weights[i] = w
    const c = nextCodes[i] as number
    totals[c] = (totals[c] as number) + w
  }
}

/** As applyAndAccumulate, returning max |wᵢ − previousᵢ| relative to the mean weight. */
const applyAccumulateAndCompare = (
  weights: Float64Array,
  codes: ArrayLike<number>,
  factor: Float64Array,
  nextCodes: ArrayLike<number>,
  totals: Float64Array,
  previous: Float64Array
): number => {
  let largest = 0
  let total = 0
  for (let i = 0; i < weights.length; i++) {
    const w = (weights[i] as number) * (factor[codes[i] as number] as number)
    weights[i] = w
    total += w
    const change = Math.abs(w - (previous[i] as number))
    if (change > largest) largest = change
    const c = nextCodes[i] as number
    totals[c] = (totals[c] as number) + w
  }
  return largest / (total / weights.length)
}

/** IPF with weight bounds and/or trimming: clip after every margin, cap after every sweep. */
const rakeBounded = (
  margins: ReadonlyArray<{ readonly codes: ArrayLike<number>; readonly targetTotals: Float64Array }>,
  weights: Float64Array,
  settings: RakingSettings
): { readonly sweeps: number; readonly maxWeightChange: number } => {
  const n = weights.length
  const previous = new Float64Array(n)
  let maxWeightChange = Number.POSITIVE_INFINITY
  let sweeps = 0
  while (sweeps < settings.maxSweeps) {
    sweeps++
    previous.set(weights)
    for (const margin of margins) {
      const factor = factorsFor(margin.targetTotals, categoryTotals(margin.codes, weights, margin.targetTotals.length))
      const codes = margin.codes
      for (let i = 0; i < n; i++) weights[i] = (weights[i] as number) * (factor[codes[i] as number] as number)
      const lower = settings.lowerBound
      const upper = settings.upperBound
      if (lower !== undefined || upper !== undefined) {
        for (let i = 0; i < n; i++) {
          let w = weights[i] as number
          if (lower !== undefined && w < (lower[i] as number)) w = lower[i] as number
          if (upper !== undefined && w > (upper[i] as number)) w = upper[i] as number
          weights[i] = w
        }
      }
    }
    const trimAt = settings.trimAt
    if (trimAt !== undefined) {
      let sum = 0
      for (let i = 0; i < n; i++) sum += weights[i] as number
      const cap = (trimAt * sum) / n
      for (let i = 0; i < n; i++) if ((weights[i] as number) > cap) weights[i] = cap
    }
    maxWeightChange = 0
    let total = 0
    for (let i = 0; i < n; i++) {
      const change = Math.abs((weights[i] as number) - (previous[i] as number))
      if (change > maxWeightChange) maxWeightChange = change
      total += weights[i] as number
    }
    // Relative to the mean weight, so totals of any scale converge alike (identical to the reference's
    // absolute rule when weights average 1).
    maxWeightChange /= total / n
    if (maxWeightChange < settings.tolerance) break
  }
  return { sweeps, maxWeightChange }
}

const prepareMargins = (
  margins: ReadonlyArray<RakingMargin>,
  n: number,
  baseWeights: Float64Array,
  targetKind: "share" | "total",
  consistencyTolerance: number
): Result.Result<ReadonlyArray<PreparedMargin>, InvalidInput | InconsistentMargins | EmptyCategory> =>
  Result.gen(function* () {
    let baseTotal = 0
    for (let i = 0; i < n; i++) baseTotal += baseWeights[i] as number
    const names = new Set<string>()
    const rawTotals: Array<{ margin: string; total: number }> = []
    const prepared: Array<PreparedMargin> = []
    for (const [index, margin] of margins.entries()) {
      const field = `margins[${index}]`
      if (typeof margin.name !== "string" || margin.name.length === 0)
        return yield* invalid(`${field}.name`, "must be a non-empty string")
      if (names.has(margin.name)) return yield* invalid(`${field}.name`, `duplicate margin name "${margin.name}"`)
      names.add(margin.name)
      const levels = margin.targets.length
      if (levels === 0) return yield* invalid(`margins.${margin.name}.targets`, "needs at least one category")
      const targets = new Float64Array(levels)
      let total = 0
      for (let c = 0; c < levels; c++) {
        const value = margin.targets[c] as number
        if (!Number.isFinite(value) || value < 0)
          return yield* invalid(`margins.${margin.name}.targets`, `must be finite and non-negative, got ${value}`, c)
        targets[c] = value
        total += value
      }
      if (!(total > 0)) return yield* invalid(`margins.${margin.name}.targets`, "must have a positive sum")
      if (margin.categories.length !== n) {
        return yield* invalid(
          `margins.${margin.name}.categories`,
          `must have one code per unit (${n}), got ${margin.categories.length}`
        )
      }
      const codes = isIntegerTypedArray(margin.categories) ? margin.categories : Int32Array.from(margin.categories)
      for (let i = 0; i < n; i++) {
        const code = margin.categories[i] as number
        if (!Number.isInteger(code) || code < 0 || code >= levels) {
          return yield* invalid(
            `margins.${margin.name}.categories`,
            `must be an integer code in [0, ${levels - 1}], got ${code}`,
            i
          )
        }
      }
      const baseByCategory = categoryTotals(codes, baseWeights, levels)
      for (let c = 0; c < levels; c++) {
        if ((targets[c] as number) > 0 && !((baseByCategory[c] as number) > 0)) {
          return yield* Result.fail(
            new EmptyCategory({ margin: margin.name, category: c, target: targets[c] as number })
          )
        }
      }
      rawTotals.push({ margin: margin.name, total })
      prepared.push({ name: margin.name, codes, targetTotals: targets })
    }
    if (targetKind === "share") {
      for (const entry of rawTotals) {
        if (Math.abs(entry.total - 1) > consistencyTolerance) {
          return yield* Result.fail(
            new InconsistentMargins({
              totals: rawTotals,
              reason: `shares of margin ${entry.margin} sum to ${entry.total}, not 1`
            })
          )
        }
      }
      for (const [index, margin] of prepared.entries()) {
        const scale = baseTotal / (rawTotals[index] as { total: number }).total
        for (let c = 0; c < margin.targetTotals.length; c++)
          margin.targetTotals[c] = (margin.targetTotals[c] as number) * scale
      }
    } else {
      let meanTotal = 0
      for (const entry of rawTotals) meanTotal += entry.total / rawTotals.length
      for (const entry of rawTotals) {
        if (Math.abs(entry.total - meanTotal) > consistencyTolerance * meanTotal) {
          return yield* Result.fail(
            new InconsistentMargins({
              totals: rawTotals,
              reason: "margin totals differ, so no weights can meet all of them"
            })
          )
        }
      }
      // Remove rounding differences so the margins can be met exactly.
      for (const [index, margin] of prepared.entries()) {
        const scale = meanTotal / (rawTotals[index] as { total: number }).total
        for (let c = 0; c < margin.targetTotals.length; c++)
          margin.targetTotals[c] = (margin.targetTotals[c] as number) * scale
      }
    }
    return prepared
  })

/**
 * Rakes unit weights so the weighted distribution of each margin matches its targets.
 *
 * @example
 * rake([{ name: "channel", categories: channelCodes, targets: [0.12, 0.44, 0.44] },
 *       { name: "newbie", categories: newbieCodes, targets: [0.5, 0.5] }])
 */
export const rake = (
  margins: ReadonlyArray<RakingMargin>,
  options: RakeOptions = {}
): Result.Result<RakeResult, InvalidInput | InconsistentMargins | EmptyCategory | RakingNotConverged> =>
  Result.gen(function* () {
    if (margins.length === 0) return yield* invalid("margins", "needs at least one margin")
    const n = (margins[0] as RakingMargin).categories.length
    if (n === 0) return yield* invalid("margins", "need at least one unit")
    let base: Float64Array
    if (options.baseWeights === undefined) base = new Float64Array(n).fill(1)
    else {
      base = Float64Array.from(yield* finiteVector(options.baseWeights, "baseWeights"))
      if (base.length !== n)
        return yield* invalid("baseWeights", `must have one weight per unit (${n}), got ${base.length}`)
      for (let i = 0; i < n; i++)
        if ((base[i] as number) < 0) return yield* invalid("baseWeights", "must be non-negative", i)
    }
    const targetKind = options.targetKind ?? "share"
    if (targetKind !== "share" && targetKind !== "total")
      return yield* invalid("targetKind", `must be "share" or "total", got ${String(targetKind)}`)
    const tolerance = options.tolerance ?? 1e-10
    if (!(tolerance > 0)) return yield* invalid("tolerance", `must be positive, got ${tolerance}`)
    const maxSweeps = yield* positiveInteger(options.maxSweeps ?? 100, "maxSweeps")
    const marginTolerance = options.marginTolerance ?? 1e-6
    const consistencyTolerance = options.consistencyTolerance ?? 1e-6
    const prepared = yield* prepareMargins(margins, n, base, targetKind, consistencyTolerance)

    let lowerBound: Float64Array | undefined
    let upperBound: Float64Array | undefined
    if (options.bounds !== undefined) {
      const lower = options.bounds.lower
      const upper = options.bounds.upper
      if (lower !== undefined && !(lower >= 0 && Number.isFinite(lower)))
        return yield* invalid("bounds.lower", `must be a finite ratio >= 0, got ${lower}`)
      if (upper !== undefined && !(upper > 0))
        return yield* invalid("bounds.upper", `must be a ratio > 0, got ${upper}`)
      if (lower !== undefined && upper !== undefined && lower > upper)
        return yield* invalid("bounds", `lower ${lower} exceeds upper ${upper}`)
      if (lower !== undefined) lowerBound = base.map((w) => w * lower)
      if (upper !== undefined && Number.isFinite(upper)) upperBound = base.map((w) => w * upper)
    }
    const trimAt = options.trimAt
    if (trimAt !== undefined && !(trimAt > 1))
      return yield* invalid("trimAt", `must be a multiple of the mean weight above 1, got ${trimAt}`)

    const weights = Float64Array.from(base)
    const { sweeps, maxWeightChange } = rakeKernel(prepared, weights, {
      tolerance,
      maxSweeps,
      lowerBound,
      upperBound,
      trimAt
    })

    let total = 0
    let minWeight = Number.POSITIVE_INFINITY
    let maxWeight = Number.NEGATIVE_INFINITY
    for (let i = 0; i < n; i++) {
      const w = weights[i] as number
      total += w
      if (w < minWeight) minWeight = w
      if (w > maxWeight) maxWeight = w
    }
    let worstError = 0
    let worstMargin = ""
    const fits: Array<MarginFit> = prepared.map((margin) => {
      const achieved = categoryTotals(margin.codes, weights, margin.targetTotals.length)
      let maxAbsoluteError = 0
      for (let c = 0; c < achieved.length; c++) {
        maxAbsoluteError = Math.max(
          maxAbsoluteError,
          Math.abs((achieved[c] as number) - (margin.targetTotals[c] as number))
        )
      }
      if (maxAbsoluteError > worstError) {
        worstError = maxAbsoluteError
        worstMargin = margin.name
      }
      return { name: margin.name, targetTotals: margin.targetTotals, achievedTotals: achieved, maxAbsoluteError }
    })
    if (!(maxWeightChange < tolerance) || worstError > marginTolerance * total) {
      return yield* Result.fail(
        new RakingNotConverged({
          sweeps,
          maxWeightChange,
          maxMarginError: worstError / total,
          worstMargin: worstMargin === "" ? (prepared[0] as PreparedMargin).name : worstMargin
        })
      )
    }
    const effectiveSampleSize = kishEffectiveSampleSize(weights)
    return {
      weights,
      sweeps,
      maxWeightChange,
      margins: fits,
      effectiveSampleSize,
      designEffect: n / effectiveSampleSize,
      minWeight,
      maxWeight
    }
  })
