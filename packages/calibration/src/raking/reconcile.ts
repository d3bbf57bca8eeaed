// Micro-to-macro reconciliation: adjust unit-level predictions so they add up to known aggregate totals on
// several groupings at once. "ratio" rakes the predictions themselves (IPF with the predictions as base
// weights); "logit" shifts each group's logits instead (raking on the logit scale), which keeps
// probabilities inside (0, 1) — the usual choice when the predictions are per-unit probabilities.
import { Result } from "effect"
import { EmptyCategory, InconsistentMargins, type InvalidInput, RakingNotConverged } from "../errors.ts"
import { invalid, type NumericInput, positiveInteger } from "../internal/validate.ts"
import { logit, sigmoid } from "../probability/logistic.ts"
import { rake } from "./rake.ts"

export interface ReconciliationGrouping {
  readonly name: string
  /** Group code per unit: integers 0 … totals.length − 1. */
  readonly categories: ArrayLike<number>
  /** Known aggregate per group (e.g. conversions per segment). */
  readonly totals: ArrayLike<number>
}

export interface ReconcileOptions {
  /** "ratio" (default for non-negative quantities) or "logit" (for probabilities). */
  readonly method?: "ratio" | "logit"
  readonly tolerance?: number
  readonly maxSweeps?: number
}

export interface ReconcileResult {
  readonly adjusted: Float64Array
  readonly sweeps: number
  /** Largest |adjusted group sum − total| across all groupings. */
  readonly maxTotalError: number
}

/** Groups the unit indices of each category (CSR layout) so per-group passes touch only their units. */
const groupIndices = (
  codes: ArrayLike<number>,
  levels: number
): { readonly offsets: Int32Array; readonly members: Int32Array } => {
  const offsets = new Int32Array(levels + 1)
  for (let i = 0; i < codes.length; i++)
    offsets[(codes[i] as number) + 1] = (offsets[(codes[i] as number) + 1] as number) + 1
  for (let c = 0; c < levels; c++) offsets[c + 1] = (offsets[c + 1] as number) + (offsets[c] as number)
  const cursor = Int32Array.from(offsets)
  const members = new Int32Array(codes.length)
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number
    members[cursor[c] as number] = i
    cursor[c] = (cursor[c] as number) + 1
  }
  return { offsets, members }
}

/**
 * Reconciles unit predictions to aggregate totals.
 *
 * @example reconcileToTotals(pConvert, [{ name: "segment", categories: segmentCodes, totals: observedConversions }], { method: "logit" })
 */
export const reconcileToTotals = (
  predictions: NumericInput,
  groupings: ReadonlyArray<ReconciliationGrouping>,
  options: ReconcileOptions = {}
): Result.Result<ReconcileResult, InvalidInput | InconsistentMargins | EmptyCategory | RakingNotConverged> =>
  Result.gen(function* () {
    const method = options.method ?? "ratio"
    const n = predictions.length
    if (n === 0) return yield* invalid("predictions", "needs at least one unit")
    if (groupings.length === 0) return yield* invalid("groupings", "needs at least one grouping")
    const tolerance = options.tolerance ?? 1e-10
    const maxSweeps = yield* positiveInteger(options.maxSweeps ?? 200, "maxSweeps")
    const values = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const value = predictions[i] as number
      if (!Number.isFinite(value) || value < 0)
        return yield* invalid("predictions", `must be finite and non-negative, got ${value}`, i)
      if (method === "logit" && value > 1)
        return yield* invalid("predictions", `must be probabilities in [0, 1] for the logit method, got ${value}`, i)
      values[i] = value
    }
    if (method === "ratio") {
      const raked = yield* rake(
        groupings.map((grouping) => ({
          name: grouping.name,
          categories: grouping.categories,
          targets: grouping.totals
        })),
        { baseWeights: values, targetKind: "total", tolerance, maxSweeps }
      )
      let maxTotalError = 0
      for (const margin of raked.margins) maxTotalError = Math.max(maxTotalError, margin.maxAbsoluteError)
      return { adjusted: raked.weights, sweeps: raked.sweeps, maxTotalError }
    }
    if (method !== "logit") return yield* invalid("method", `must be "ratio" or "logit", got ${String(method)}`)

    // Logit method: validate groupings, then cycle through them solving one shift per group.
    const prepared: Array<{ name: string; totals: Float64Array; groups: ReturnType<typeof groupIndices> }> = []
    const totalsByGrouping: Array<{ margin: string; total: number }> = []
    for (const grouping of groupings) {
      const levels = grouping.totals.length
      if (grouping.categories.length !== n) {
        return yield* invalid(
          `groupings.${grouping.name}.categories`,
          `must have one code per unit (${n}), got ${grouping.categories.length}`
        )
      }
      for (let i = 0; i < n; i++) {
        const code = grouping.categories[i] as number
        if (!Number.isInteger(code) || code < 0 || code >= levels) {
          return yield* invalid(
            `groupings.${grouping.name}.categories`,
            `must be an integer code in [0, ${levels - 1}], got ${code}`,
            i
          )
        }
      }
      const groups = groupIndices(grouping.categories, levels)
      const totals = new Float64Array(levels)
      let sum = 0
      for (let c = 0; c < levels; c++) {
        const total = grouping.totals[c] as number
        const size = (groups.offsets[c + 1] as number) - (groups.offsets[c] as number)
        if (!Number.isFinite(total) || total < 0)
          return yield* invalid(`groupings.${grouping.name}.totals`, `must be finite and non-negative, got ${total}`, c)
        if (total > 0 && size === 0)
          return yield* Result.fail(new EmptyCategory({ margin: grouping.name, category: c, target: total }))
        if (size > 0 && (total <= 0 || total >= size)) {
          return yield* invalid(
            `groupings.${grouping.name}.totals`,
            `must lie strictly between 0 and the group size ${size} for probabilities, got ${total}`,
            c
          )
        }
        totals[c] = total
        sum += total
      }
      totalsByGrouping.push({ margin: grouping.name, total: sum })
      prepared.push({ name: grouping.name, totals, groups })
    }
    const reference = (totalsByGrouping[0] as { total: number }).total
    for (const entry of totalsByGrouping) {
      if (Math.abs(entry.total - reference) > 1e-6 * reference) {
        return yield* Result.fail(
          new InconsistentMargins({
            totals: totalsByGrouping,
            reason: "grouping totals differ, so no adjustment can meet all of them"
          })
        )
      }
    }
    const logits = new Float64Array(n)
    for (let i = 0; i < n; i++) logits[i] = logit(values[i] as number)
    const adjusted = new Float64Array(n)
    for (let i = 0; i < n; i++) adjusted[i] = sigmoid(logits[i] as number)
    const previous = new Float64Array(n)
    let sweeps = 0
    let maxChange = Number.POSITIVE_INFINITY
    while (sweeps < maxSweeps && !(maxChange < tolerance)) {
      sweeps++
      previous.set(adjusted)
      for (const grouping of prepared) {
        const { offsets, members } = grouping.groups
        for (let c = 0; c < grouping.totals.length; c++) {
          const start = offsets[c] as number
          const end = offsets[c + 1] as number
          if (start === end) continue
          const target = grouping.totals[c] as number
          // Newton on δ ↦ Σσ(ℓᵢ + δ) − target, monotone increasing; bisection keeps it safe.
          let shift = 0
          let low = -60
          let high = 60
          for (let iteration = 0; iteration < 100; iteration++) {
            let sum = 0
            let slope = 0
            for (let k = start; k < end; k++) {
              const p = sigmoid((logits[members[k] as number] as number) + shift)
              sum += p
              slope += p * (1 - p)
            }
            const gap = sum - target
            if (Math.abs(gap) <= 1e-13 * target) break
            if (gap > 0) high = shift
            else low = shift
            let next = slope > 0 ? shift - gap / slope : Number.NaN
            if (!(next > low && next < high)) next = 0.5 * (low + high)
            if (next === shift) break
            shift = next
          }
          for (let k = start; k < end; k++) {
            const index = members[k] as number
            logits[index] = (logits[index] as number) + shift
          }
        }
      }
      maxChange = 0
      for (let i = 0; i < n; i++) {
        const p = sigmoid(logits[i] as number)
        adjusted[i] = p
        maxChange = Math.max(maxChange, Math.abs(p - (previous[i] as number)))
      }
    }
    let maxTotalError = 0
    for (const grouping of prepared) {
      const sums = new Float64Array(grouping.totals.length)
      const { offsets, members } = grouping.groups
      for (let c = 0; c < grouping.totals.length; c++) {
        for (let k = offsets[c] as number; k < (offsets[c + 1] as number); k++)
          sums[c] = (sums[c] as number) + (adjusted[members[k] as number] as number)
        maxTotalError = Math.max(maxTotalError, Math.abs((sums[c] as number) - (grouping.totals[c] as number)))
      }
    }
    if (!(maxChange < tolerance) || maxTotalError > 1e-6 * reference) {
      return yield* Result.fail(
        new RakingNotConverged({
          sweeps,
          maxWeightChange: maxChange,
          maxMarginError: maxTotalError / reference,
          worstMargin: prepared.map((g) => g.name).join(",")
        })
      )
    }
    return { adjusted, sweeps, maxTotalError }
  })
